// @vitest-environment happy-dom
/**
 * The content script's entry (content.js) with a fake browser: on a page that mentions nothing it touches no
 * extension API at all; on a page with a key it asks the background for the engine once and starts it with the
 * article root its check read (docs/decisions/008-loader.md).
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { compileIndex } from '../../src/core/compiled';
import { buildKeys, encodeKeys } from '../../src/core/prefilter';
import { ENGINE_GLOBAL } from '../../content-scripts/engine-contract';
import { findArticleRoot } from '../../content-scripts/reader';

const g = globalThis as unknown as Record<string, unknown>;
let touched: string[] = [];
let sent: unknown[] = [];
let starts: { top: boolean; doc: Document; root?: Element }[] = [];

/** A `chrome` object that records every property read on it, and answers `loadEngine` by "injecting" a fake engine. */
function fakeChrome() {
  const runtime = {
    id: 'backstory-test',
    sendMessage: async (message: unknown) => {
      sent.push(message);
      g[ENGINE_GLOBAL] = { start: (o: { top: boolean; doc: Document; root?: Element }) => (starts.push(o), { destroy() {} }) };
      return true;
    },
  };
  return new Proxy({ runtime }, {
    get(target, key) {
      touched.push(String(key));
      return (target as Record<string | symbol, unknown>)[key];
    },
  });
}

const wait = (ms: number) => new Promise((r) => setTimeout(r, ms));

beforeEach(() => {
  touched = [];
  sent = [];
  starts = [];
  vi.resetModules();
  g.__BACKSTORY_KEYS__ = encodeKeys(buildKeys(compileIndex([
    { id: 'kremlin', kind: 'organisation', name: 'Kremlin', aliases: ['the Kremlin'], summary: 'x', sources: [], asOf: '2025-01-01' },
  ])));
  g.chrome = fakeChrome();
});

afterEach(() => {
  (g.__backstoryContent as { destroy(): void } | undefined)?.destroy();
  delete g.__backstoryContent;
  delete g[ENGINE_GLOBAL];
  delete g.chrome;
  delete g.__BACKSTORY_KEYS__;
});

describe('content.js', () => {
  it('touches no extension API on a page that mentions nothing, and loads no engine', async () => {
    document.body.innerHTML = '<article><h1>Soup</h1><p>The morning was grey and the kettle took its time; the bread was warm.</p></article>';
    await import('../../content-scripts/main');
    await wait(50);
    expect(performance.getEntriesByName('backstory:check').length).toBeGreaterThan(0);
    expect(touched).toEqual([]);
    expect(sent).toEqual([]);
    expect(starts).toEqual([]);
  });

  it('asks the background for the engine on a page with a key, once, and starts it with the root it read', async () => {
    document.body.innerHTML = '<article><h1>Talks</h1><p>Talks at the Kremlin went on into the night.</p></article>';
    await import('../../content-scripts/main');
    await wait(50);
    expect(sent).toEqual([{ backstory: 1, name: 'loadEngine', payload: {} }]);
    expect(starts).toEqual([{ top: true, doc: document, root: findArticleRoot(document) }]);
  });
});
