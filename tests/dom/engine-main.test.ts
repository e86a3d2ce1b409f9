// @vitest-environment happy-dom
/**
 * The engine's entry (engine.js) with a fake browser: as it is evaluated it asks for the entries and reads the
 * settings at once, so the first pass does not wait for them one after the other once the loader starts it; a change
 * of the switches in between makes it read the settings again.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { compileIndex } from '../../src/core/compiled';
import { Matcher, scanTexts } from '../../src/core/matcher';
import { ENGINE_GLOBAL, type EngineEntry } from '../../content-scripts/engine-contract';

const g = globalThis as unknown as Record<string, unknown>;
const INDEX = compileIndex([
  { id: 'kremlin', kind: 'organisation', name: 'Kremlin', aliases: ['the Kremlin'], summary: 'x', sources: [], asOf: '2025-01-01' },
]);
const MATCHER = new Matcher(INDEX);

let sent: string[] = [];
let reads = 0;
let stored: Record<string, unknown> = {};
let storageListeners: ((changes: Record<string, unknown>, area: string) => void)[] = [];
let running: { destroy(): void } | null = null;

function fakeChrome() {
  const area = {
    get: async () => (reads++, { ...stored }),
    set: async (patch: Record<string, unknown>) => void Object.assign(stored, patch),
  };
  return {
    runtime: {
      id: 'backstory-test',
      sendMessage: async (message: { name: string; payload: { texts: string[]; base: number } }) => {
        sent.push(message.name);
        if (message.name === 'getEntries') return { entries: INDEX.entries };
        if (message.name === 'scanBlocks') return { candidates: scanTexts(MATCHER, message.payload.texts, message.payload.base), ms: 0 };
        if (message.name === 'detectClaims') return { hits: [], ms: 0 };
        return undefined;
      },
      onMessage: { addListener: () => undefined, removeListener: () => undefined },
    },
    storage: {
      sync: area,
      local: area,
      onChanged: {
        addListener: (l: (typeof storageListeners)[number]) => storageListeners.push(l),
        removeListener: (l: (typeof storageListeners)[number]) => (storageListeners = storageListeners.filter((x) => x !== l)),
      },
    },
    i18n: { getMessage: () => '' },
  };
}

const wait = (ms: number) => new Promise((r) => setTimeout(r, ms));
const evaluate = async () => {
  await import('../../content-scripts/engine-main');
  return g[ENGINE_GLOBAL] as EngineEntry;
};

beforeEach(() => {
  sent = [];
  reads = 0;
  stored = {};
  storageListeners = [];
  vi.resetModules();
  g.chrome = fakeChrome();
  document.body.innerHTML = '<article><h1>Talks</h1><p>Talks at the Kremlin went on into the night, and again the next day.</p></article>';
});

afterEach(() => {
  running?.destroy();
  running = null;
  delete g[ENGINE_GLOBAL];
  delete g.chrome;
});

describe('engine.js', () => {
  it('asks for the entries and reads the settings as it is evaluated, and starts with them', async () => {
    const entry = await evaluate();
    expect(sent).toEqual(['getEntries']);
    expect(reads).toBe(1);
    await wait(10);
    running = entry.start({ top: false, doc: document });
    await vi.waitFor(() => expect(document.querySelector('backstory-mark')).not.toBeNull());
    // Neither asked again: the first pass used what was asked for early.
    expect(sent.filter((n) => n === 'getEntries')).toHaveLength(1);
    expect(reads).toBe(1);
  });

  it('reads the settings again when the switches changed before it started', async () => {
    const entry = await evaluate();
    stored = { enabled: false };
    for (const l of storageListeners) l({ enabled: { newValue: false } }, 'sync');
    running = entry.start({ top: false, doc: document });
    await wait(100);
    expect(reads).toBe(2);
    expect(document.querySelector('backstory-mark')).toBeNull();
  });
});
