import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Window } from 'happy-dom';
import { ROOT } from '../../scripts/lib/dataset';

const SHARED = resolve(ROOT, process.env.SHARED_DIR ?? '../shared');
const TXT = join(SHARED, 'articles/security-guarantees.txt');
const HTML = join(SHARED, 'articles/security-guarantees.html');

function annotate(...args: string[]) {
  const r = spawnSync(process.execPath, [join(ROOT, 'node_modules/tsx/dist/cli.mjs'), join(ROOT, 'scripts/annotate.ts'), ...args], { encoding: 'utf8' });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

type Span = { id: string; text: string; start: number; end: number };

describe('annotate CLI', () => {
  it('prints every mention of a .txt file with UTF-16 offsets into the text', () => {
    const r = annotate(TXT);
    expect(r.status).toBe(0);
    const out = JSON.parse(r.stdout) as { entries: Span[]; claims: Span[] };
    const text = readFileSync(TXT, 'utf8');
    expect(out.entries.length).toBeGreaterThan(50);
    for (const e of out.entries) expect(text.slice(e.start, e.end)).toBe(e.text);
    // Every mention, not only the first.
    expect(out.entries.filter((e) => e.id === 'sergey-lavrov').length).toBeGreaterThanOrEqual(4);
    expect(out.entries.find((e) => e.id === 'vladimir-putin')?.text).toBe('Vladimir Putin');
    expect(Array.isArray(out.claims)).toBe(true);
    for (const c of out.claims) expect(text.slice(c.start, c.end)).toBe(c.text);
  });

  it('gives offsets into the document’s text content for .html, reading the article only', () => {
    const r = annotate(HTML);
    expect(r.status).toBe(0);
    const out = JSON.parse(r.stdout) as { entries: Span[] };
    const window = new Window({ settings: { disableJavaScriptEvaluation: true } });
    window.document.write(readFileSync(HTML, 'utf8'));
    const text = window.document.documentElement.textContent ?? '';
    for (const e of out.entries) expect(text.slice(e.start, e.end)).toBe(e.text);
    // The name split across <em> is one mention; nothing from the search box, textarea or contenteditable.
    expect(out.entries.some((e) => e.id === 'vladimir-putin' && e.text === 'Vladimir Putin')).toBe(true);
    const textarea = text.indexOf('I doubt Putin');
    expect(out.entries.some((e) => e.start >= textarea && e.start < textarea + 60)).toBe(false);
    void window.happyDOM.close();
  });

  it('fails with one line on stderr and exit code 1 on bad input', () => {
    for (const args of [[join(ROOT, 'no-such-file.txt')], [join(ROOT, 'package.json')], [], [join(ROOT, 'src')]]) {
      const r = annotate(...args);
      expect(r.status, args.join(' ')).toBe(1);
      expect(r.stdout).toBe('');
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
    }
  });
});
