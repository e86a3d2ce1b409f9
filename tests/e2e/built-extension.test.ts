/**
 * What the build ships (run after `npm run build`): the manifests ask only for `storage` and `scripting`, with host
 * access only to the pages the content script runs on (the background injects the engine there), every link in the card
 * data is https, and the content script runs in same-origin frames (see docs/decisions/006-frames-shadow-dynamic.md).
 * Checked on dist/ itself, independently of the build's own checks.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DIST_CHROME, DIST_FIREFOX } from '../../scripts/lib/browsers';

const read = (dir: string, file: string) => JSON.parse(readFileSync(join(dir, file), 'utf8'));

/** Every string in `data` that looks like a link, or sits under a `url` key, with its path. */
function links(data: unknown, path = '', key = ''): [string, string][] {
  if (typeof data === 'string') return /^\s*(?:[a-z][a-z0-9+.-]*:\/\/|javascript:|data:|vbscript:|blob:)/i.test(data) || /url$/i.test(key) ? [[path, data]] : [];
  if (Array.isArray(data)) return data.flatMap((v, i) => links(v, `${path}[${i}]`, key));
  if (data && typeof data === 'object') return Object.entries(data).flatMap(([k, v]) => links(v, path ? `${path}.${k}` : k, k));
  return [];
}

describe.each([['chrome', DIST_CHROME], ['firefox', DIST_FIREFOX]])('dist/%s', (_name, dir) => {
  const manifest = read(dir, 'manifest.json');

  it('asks for storage and scripting, host access only where the content script runs, nothing optional', () => {
    expect(manifest.permissions).toEqual(['storage', 'scripting']);
    expect(manifest.host_permissions).toEqual(['http://*/*', 'https://*/*']);
    for (const key of ['optional_permissions', 'optional_host_permissions']) expect(manifest[key], key).toBeUndefined();
    expect(manifest.web_accessible_resources).toBeUndefined();
    expect(manifest.externally_connectable).toBeUndefined();
  });

  it('has a strict extension-page CSP: scripts from the extension only, nothing remote', () => {
    const csp: string = manifest.content_security_policy.extension_pages;
    expect(csp).toMatch(/script-src 'self'(;|$)/);
    expect(csp).not.toMatch(/https?:|unsafe-eval|unsafe-inline|\*/);
  });

  it('runs the content script in same-origin frames too, on http and https pages only', () => {
    expect(manifest.content_scripts).toEqual([
      { matches: ['http://*/*', 'https://*/*'], js: ['content.js'], run_at: 'document_idle', all_frames: true },
    ]);
  });

  it('ships card data whose every link is https', () => {
    const found = links(read(dir, 'data/cards.json'));
    expect(found.length).toBeGreaterThan(100);
    const bad = found.filter(([, url]) => !/^https:\/\/[^\s]+$/.test(url));
    expect(bad).toEqual([]);
  });

  it('ships the search documents of the popup for every card, and preloads them in the popup', () => {
    const docs = read(dir, 'data/glossary.json') as { id: string; names: string[] }[];
    const cards = read(dir, 'data/cards.json') as Record<string, unknown>;
    expect(docs.map((d) => d.id).sort()).toEqual(Object.keys(cards).sort());
    expect(docs.every((d) => d.names.length > 0)).toBe(true);
    expect(readFileSync(join(dir, 'popup/index.html'), 'utf8')).toMatch(/<link rel="preload" href="\.\.\/data\/glossary\.json" as="fetch"/);
  });

  it('ships no remote URL in its scripts beyond documentation links in the data', () => {
    // A fetch, import or script tag to a remote host would show as a literal http(s) URL in a bundle.
    for (const file of ['content.js', 'background.js']) {
      const code = readFileSync(join(dir, file), 'utf8');
      const urls = [...code.matchAll(/https?:\/\/[^\s"'`)]+/g)].map((m) => m[0]);
      expect(urls.filter((u) => !/^http:\/\/www\.w3\.org\//.test(u)), file).toEqual([]);
    }
  });

  it('keeps content.js to the loader: no engine, card or highlight-style code in the file every page parses', () => {
    const code = readFileSync(join(dir, 'content.js'), 'utf8');
    expect(code).not.toMatch(/!important/); // the marks' styles (src/core/mark-style.ts) belong to engine.js and the background
    expect(code).not.toMatch(/attachShadow|cloneNode|insertBefore/); // cards and the highlighter
    // The keys in other scripts stay in the background (getKeys).
    expect(code).not.toMatch(/[\u0400-\u04ff]{3}/);
    expect(code).not.toMatch(/remote:/); // encodeKeys: build time and background only
  });
});
