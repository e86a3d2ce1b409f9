// @vitest-environment happy-dom
/**
 * The loader with fake browser APIs: it starts the engine only when the page may mention something (now, after
 * switching on, or in content added later), answers the popup meanwhile, and stops everything when destroyed.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LOADER_BATCH_MS, startLoader, type Loader, type LoaderEnv } from '../../content-scripts/loader';
import { findArticleRoot } from '../../content-scripts/reader';
import { compileIndex } from '../../src/core/compiled';
import { buildKeys, KeySet } from '../../src/core/prefilter';
import { DEFAULT_SETTINGS, type Settings } from '../../src/core/settings';
import type { Entry } from '../../src/core/types';

const entry = (id: string, kind: Entry['kind'], aliases: Entry['aliases']): Entry => ({
  id, kind, name: id, aliases, summary: 'Test entry.', sources: [], asOf: '2025-01-01',
});
const KEYS_LISTS = buildKeys(compileIndex([
  entry('vladimir-putin', 'person', ['Vladimir Putin', { text: 'Putin', case: 'exact' }]),
  entry('kremlin', 'organisation', ['the Kremlin']),
  entry('georgia', 'place', [{ text: 'Georgia', case: 'exact', when: { page: ['vladimir-putin'] } }]),
]));
const KEYS = new KeySet(KEYS_LISTS);
const QUIET = '<article><h1>A quiet morning</h1><p>The morning was grey and the kettle took its time; the bread was warm.</p></article>';

const wait = (ms: number) => new Promise((r) => setTimeout(r, ms));
const checks = () => performance.getEntriesByName('backstory:check').map((e) => (e as PerformanceMeasure).detail as { hit: boolean });

let loader: Loader | null = null;
let boots = 0;
let bootRoots: (Element | undefined)[] = [];
let stored: Settings = DEFAULT_SETTINGS;
let listener: ((s: Settings) => void) | null = null;
let handlers: Parameters<NonNullable<LoaderEnv['handleCalls']>>[0] | null = null;
let currentEnv: LoaderEnv;
const env = () => currentEnv;

function start(settings: Partial<Settings> = {}): Loader {
  stored = { ...DEFAULT_SETTINGS, ...settings };
  currentEnv = {
    doc: document,
    hostname: 'news.example',
    keys: KEYS,
    store: {
      get: async () => stored,
      set: async (patch) => {
        stored = { ...stored, ...patch };
        listener?.(stored);
      },
      watch: (cb) => {
        listener = cb;
        return () => {
          listener = null;
        };
      },
    },
    handleCalls: (h) => {
      handlers = h;
      return () => {
        handlers = null;
      };
    },
    boot: (root) => {
      boots++;
      bootRoots.push(root);
    },
  };
  loader = startLoader(currentEnv);
  return loader;
}

beforeEach(() => {
  boots = 0;
  bootRoots = [];
  performance.clearMeasures('backstory:check');
});

afterEach(() => {
  loader?.destroy();
  loader = null;
});

describe('loader', () => {
  it('keys come from aliases that can fire on their own: "Georgia" needs Putin, so it is no key', () => {
    expect(KEYS_LISTS).toEqual({ words: [], exact: ['Putin'], pairs: ['the kremlin', 'vladimir putin'] });
  });

  it('leaves a page that mentions nothing at one check, and answers the popup itself', async () => {
    document.body.innerHTML = QUIET;
    await start().ready;
    expect(boots).toBe(0);
    expect(checks()).toEqual([expect.objectContaining({ hit: false })]);
    expect(await handlers!.getPage({})).toEqual({ active: true, found: [], hostname: 'news.example' });
    expect(await handlers!.reveal({ id: 'kremlin' })).toBe(false);
  });

  it('starts the engine on a page with a key word, once, and stops listening', async () => {
    document.body.innerHTML = '<article><p>Talks at the Kremlin went on.</p></article>';
    await start().ready;
    expect(boots).toBe(1);
    expect(checks()).toEqual([expect.objectContaining({ hit: true })]);
    expect(handlers).toBeNull(); // the engine answers the popup from now on
    expect(listener).toBeNull();
    // The root the check read goes to the engine, which then does not look for it again.
    expect(bootRoots).toEqual([findArticleRoot(document)]);
    expect(bootRoots[0]).toBeInstanceOf(Element);
  });

  it('does not read a page where highlights are off, and starts once they are switched on', async () => {
    document.body.innerHTML = '<article><p>Vladimir Putin spoke.</p></article>';
    await start({ disabledSites: ['news.example'] }).ready;
    expect(checks()).toEqual([]);
    expect(await handlers!.getPage({})).toMatchObject({ active: false });
    expect(await handlers!.toggleSite({})).toBe(true); // the keyboard command switches this site on
    await wait(0);
    expect(stored.disabledSites).toEqual([]);
    expect(boots).toBe(1);
  });

  it('starts the engine when the page later adds text with a key word, not for text without one', async () => {
    document.body.innerHTML = QUIET;
    await start().ready;
    const p = document.createElement('p');
    p.textContent = 'Another quiet paragraph about soup.';
    document.querySelector('article')!.append(p);
    await wait(LOADER_BATCH_MS + 100);
    expect(boots).toBe(0);
    const q = document.createElement('p');
    q.textContent = 'Update: Putin has arrived.';
    document.querySelector('article')!.append(q);
    await wait(LOADER_BATCH_MS + 100);
    expect(boots).toBe(1);
    // Found in added content: the article root was not read in that check, so the engine finds it itself.
    expect(bootRoots).toEqual([undefined]);
  });

  it('does nothing with content added while highlights are off, and reads the whole article once they are back on', async () => {
    document.body.innerHTML = QUIET;
    await start().ready;
    await env().store.set({ enabled: false });
    const q = document.createElement('p');
    q.textContent = 'Update: Putin has arrived.';
    document.querySelector('article')!.append(q);
    await wait(LOADER_BATCH_MS + 100);
    expect(boots).toBe(0);
    expect(checks()).toHaveLength(1); // the first read only
    await env().store.set({ enabled: true });
    await wait(0);
    expect(checks().map((c) => c.hit)).toEqual([false, true]);
    expect(boots).toBe(1);
  });

  it('stops observing when destroyed', async () => {
    document.body.innerHTML = QUIET;
    await start().ready;
    loader!.destroy();
    const q = document.createElement('p');
    q.textContent = 'Update: Putin has arrived.';
    document.body.append(q);
    await wait(LOADER_BATCH_MS + 100);
    expect(boots).toBe(0);
    expect(handlers).toBeNull();
    expect(listener).toBeNull();
  });
});
