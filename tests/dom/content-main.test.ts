// @vitest-environment happy-dom
/**
 * The content script's entry (content.js) with a fake browser: on a page that mentions nothing it touches no
 * extension API at all (nor on text in a script no key is written in); on text in Cyrillic, Hebrew or Arabic it
 * first asks the background for the keys in those scripts; on a page with a key it asks the background for the
 * engine once and starts it with the article root its check read (docs/decisions/008-loader.md).
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { compileIndex } from '../../src/core/compiled';
import { buildKeys, encodeKeys } from '../../src/core/prefilter';
import { ENGINE_GLOBAL } from '../../content-scripts/engine-contract';
import { findArticleRoot } from '../../content-scripts/reader';

const g = globalThis as unknown as Record<string, unknown>;
const KEYS = encodeKeys(buildKeys(compileIndex([
  { id: 'kremlin', kind: 'organisation', name: 'Kremlin', aliases: ['the Kremlin', 'Кремль'], summary: 'x', sources: [], asOf: '2025-01-01' },
])));
/** What the fake background answers to `getKeys`. */
const REMOTE = KEYS.remote;
let touched: string[] = [];
let sent: unknown[] = [];
let starts: { top: boolean; doc: Document; root?: Element; sheet?: boolean }[] = [];

/** Whether the fake background injects the engine (highlights on for the site) when asked. */
let on = true;
let storageListeners: ((changes: Record<string, unknown>, area: string) => void)[] = [];

/** A `chrome` object that records every property read on it, and answers `loadEngine` by "injecting" a fake engine. */
function fakeChrome() {
  const runtime = {
    id: 'backstory-test',
    sendMessage: async (message: unknown) => {
      sent.push(message);
      if ((message as { name: string }).name === 'getKeys') return REMOTE;
      if (!on) return false;
      g[ENGINE_GLOBAL] = { start: (o: { top: boolean; doc: Document; root?: Element; sheet?: boolean }) => (starts.push(o), { destroy() {} }) };
      return { sheet: true };
    },
  };
  const area = { get: async () => ({ enabled: on }), set: async () => undefined };
  const storage = {
    sync: area,
    local: area,
    onChanged: {
      addListener: (l: (typeof storageListeners)[number]) => storageListeners.push(l),
      removeListener: (l: (typeof storageListeners)[number]) => (storageListeners = storageListeners.filter((x) => x !== l)),
    },
  };
  return new Proxy({ runtime, storage }, {
    get(target, key) {
      touched.push(String(key));
      return (target as Record<string | symbol, unknown>)[key];
    },
  });
}

const wait = (ms: number) => new Promise((r) => setTimeout(r, ms));

beforeEach(() => {
  on = true;
  performance.clearMeasures('backstory:setup');
  storageListeners = [];
  touched = [];
  sent = [];
  starts = [];
  vi.resetModules();
  g.__BACKSTORY_KEYS__ = KEYS.local;
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
    // Building the key sets is recorded as the loader's setup, which the benchmark counts with the checks.
    expect(performance.getEntriesByName('backstory:setup').map((e) => ((e as PerformanceMeasure).detail as { what: string }).what)).toContain('keys');
    expect(touched).toEqual([]);
    expect(sent).toEqual([]);
    expect(starts).toEqual([]);
  });

  it('asks the background for the engine on a page with a key, once, and starts it with the root it read', async () => {
    document.body.innerHTML = '<article><h1>Talks</h1><p>Talks at the Kremlin went on into the night.</p></article>';
    await import('../../content-scripts/main');
    await wait(50);
    expect(sent).toEqual([{ backstory: 1, name: 'loadEngine', payload: {} }]);
    // With the background's word that the highlights' style sheet is in this document.
    expect(starts).toEqual([{ top: true, doc: document, root: findArticleRoot(document), sheet: true }]);
  });

  it('where highlights are off the background loads no engine; the loader asks again when the switches change', async () => {
    on = false;
    document.body.innerHTML = '<article><h1>Talks</h1><p>Talks at the Kremlin went on into the night.</p></article>';
    await import('../../content-scripts/main');
    await wait(50);
    expect(sent).toHaveLength(1);
    expect(starts).toEqual([]);
    expect(storageListeners).toHaveLength(1);
    on = true;
    for (const l of storageListeners) l({ enabled: { newValue: true } }, 'sync');
    await wait(50);
    expect(sent).toHaveLength(2);
    expect(starts).toHaveLength(1);
    expect(storageListeners).toEqual([]); // stops listening once the engine runs
  });

  it('asks the background for the keys of another script only on text in that script, once', async () => {
    document.body.innerHTML = '<article><h1>Ранок</h1><p>Ранок був сірий, і чайник довго закипав; хліб був теплий.</p><p>Ми говорили про суп.</p></article>';
    await import('../../content-scripts/main');
    await wait(50);
    expect(sent).toEqual([{ backstory: 1, name: 'getKeys', payload: {} }]);
    expect(starts).toEqual([]);
  });

  it('finds a key in another script once it has the keys, and asks for the engine', async () => {
    document.body.innerHTML = '<article><h1>Переговори</h1><p>Переговори в Кремлі тривали всю ніч; Кремль мовчав.</p></article>';
    await import('../../content-scripts/main');
    await wait(50);
    expect(sent).toEqual([{ backstory: 1, name: 'getKeys', payload: {} }, { backstory: 1, name: 'loadEngine', payload: {} }]);
    expect(starts).toHaveLength(1);
  });

  it('touches no extension API on text in a script no key is written in', async () => {
    document.body.innerHTML = '<article><h1>Πρωί</h1><p>Το πρωί ήταν γκρίζο και ο βραστήρας άργησε· το ψωμί ήταν ζεστό.</p></article>';
    await import('../../content-scripts/main');
    await wait(50);
    expect(touched).toEqual([]);
    expect(starts).toEqual([]);
  });
});
