/**
 * Entry of `engine.js`: the background injects it into a frame (the `scripting` permission) when the loader there
 * has found a key word (docs/decisions/008-loader.md). It only leaves the engine's entry point in the isolated world
 * for the loader to call.
 */
import { ENGINE_GLOBAL, type EngineEntry } from './engine-contract';
import { start, type ContentApi } from './engine';
import type { BackgroundCalls } from '../src/core/messages';
import type { Settings } from '../src/core/settings';
import { makeSender } from '../src/platform/messaging';
import { settingsStore } from '../src/platform/settings-store';

const api = ((globalThis as { browser?: unknown }).browser ?? (globalThis as { chrome?: unknown }).chrome) as ContentApi;
const store = settingsStore(api);
// The first pass needs the settings and the entries: ask for both now, while the loader still waits for the
// background's answer to its request, instead of one after the other once it has started the engine.
const entries = makeSender<BackgroundCalls>(api)('getEntries', {});
let settings: Promise<Settings> | null = store.get();
for (const early of [entries, settings]) early.catch(() => undefined); // a failure is met again where they are used
// A change of the switches before the engine starts makes the early read stale: read again then.
const changed = () => (settings = null);
api.storage.onChanged.addListener(changed);
const firstSettings = () => {
  api.storage.onChanged.removeListener(changed);
  const s = settings ?? store.get();
  settings = null;
  return s;
};
const entry: EngineEntry = {
  start: ({ top, doc, root, sheet }) => start({ top, api, store, doc, root, sheet, entries: () => entries, firstSettings }),
};
(globalThis as unknown as Record<string, EngineEntry>)[ENGINE_GLOBAL] = entry;
