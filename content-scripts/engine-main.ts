/**
 * Entry of `engine.js`: the background injects it into a frame (the `scripting` permission) when the loader there
 * has found a key word (docs/decisions/008-loader.md). It only leaves the engine's entry point in the isolated world
 * for the loader to call.
 */
import { ENGINE_GLOBAL, type EngineEntry } from './engine-contract';
import { start, type ContentApi } from './engine';
import { settingsStore } from '../src/platform/settings-store';

const api = ((globalThis as { browser?: unknown }).browser ?? (globalThis as { chrome?: unknown }).chrome) as ContentApi;
const store = settingsStore(api);
const entry: EngineEntry = { start: ({ top, doc, root }) => start({ top, api, store, doc, root }) };
(globalThis as unknown as Record<string, EngineEntry>)[ENGINE_GLOBAL] = entry;
