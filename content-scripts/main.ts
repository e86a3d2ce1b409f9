/**
 * Content script entry (`content.js`): one small classic script injected into every page. The loader (loader.ts)
 * decides whether this page needs Backstory at all, touching no extension API meanwhile; only then does it ask the
 * background to inject the engine (`engine.js`: the settings, the reader, the highlighter, the cards; matching and
 * claims are the background's) and start it. The background declines where highlights are off on the site; the loader then asks again
 * when the switches change. On a page that mentions nothing, Backstory costs the check and nothing else
 * (docs/decisions/008-loader.md).
 * No webextension-polyfill here or in the engine: `browser` (Firefox) and `chrome` (Chromium) both return
 * promises in MV3 for the calls made, and message replies use `sendResponse`, which both support.
 */
import type { BackgroundCalls } from '../src/core/messages';
import { KeySet } from '../src/core/prefilter';
import { makeSender, type MessagingApi } from '../src/platform/messaging';
import type { StorageApi } from '../src/platform/settings-store';
import { ENGINE_GLOBAL, type EngineEntry } from './engine-contract';
import { frameHasProse, frameRole, watchSrcdocFrames } from './frames';
import { startLoader } from './loader';
import { recordSetup } from './measures';

/** The dataset's keys in Latin script (src/core/prefilter.ts, `EncodedKeys.local`), put here by the build (scripts/build.ts). */
declare const __BACKSTORY_KEYS__: string;

/** A page can be injected twice (extension reload); only one instance runs. */
const FLAG = '__backstoryContent';

function main(): void {
  const role = frameRole(window);
  if (role === 'foreign-frame') return;
  const top = role === 'top';
  // Same-origin frames are mostly ads, widgets and trackers with no prose: unless one holds a paragraph or a
  // fair amount of text at idle, do nothing (the benchmark measured ~20 ms per such frame before this).
  if (!top && !frameHasProse(document)) return;
  const g = globalThis as unknown as Record<string, unknown>;
  (g[FLAG] as { destroy(): void } | undefined)?.destroy();
  const started = performance.now();
  const keys = new KeySet(__BACKSTORY_KEYS__);
  // Building the key sets is the loader's share of the matching: recorded as the engine records its setup.
  recordSetup('keys', started);
  const api = () => ((globalThis as { browser?: unknown }).browser ?? (globalThis as { chrome?: unknown }).chrome) as MessagingApi & StorageApi;
  /** The keys in other scripts, asked of the background once, when a text first needs them. */
  let remote: Promise<string> | null = null;
  const remoteKeys = () => (remote ??= makeSender<BackgroundCalls>(api())('getKeys', {}));
  /** The engine of this frame, injected once, on the first key found here or in a srcdoc frame inside. */
  let engine: Promise<EngineEntry | null> | null = null;
  /** Whether the background inserted the highlights' style sheet into this frame's document with the engine. */
  let sheet = false;
  let stopWatching: (() => void) | undefined;
  const loadEngine = () =>
    (engine ??= new Promise<EngineEntry | null>((resolve, reject) => {
      const send = makeSender<BackgroundCalls>(api());
      // One request at a time: a change of the switches while one is on its way asks again once it is answered.
      let asking = false;
      let again = false;
      const ask = (): void => {
        if (asking) {
          again = true;
          return;
        }
        asking = true;
        send('loadEngine', {})
          .then((loaded) => {
            asking = false;
            if (loaded) {
              sheet = loaded.sheet === true;
              stopWatching?.();
              resolve((g[ENGINE_GLOBAL] as EngineEntry | undefined) ?? null);
              return;
            }
            // Highlights are off on this site (or everywhere), so the background loaded no engine: ask again whenever
            // the extension's storage changes (the switches live there; the background reads them).
            if (!stopWatching) {
              const changed = () => ask();
              api().storage.onChanged.addListener(changed);
              stopWatching = () => api().storage.onChanged.removeListener(changed);
            }
            if (again) {
              again = false;
              ask();
            }
          })
          .catch(reject);
      };
      ask();
    }));
  /** Backstory in one document: this copy's own, or a srcdoc frame inside it. Returns the teardown. */
  const startIn = (doc: Document, answers: boolean): (() => void) => {
    let running: { destroy(): void } | null = null;
    let destroyed = false;
    const loader = startLoader({
      doc,
      keys,
      remoteKeys,
      boot: (root) => {
        loadEngine()
          .then((entry) => {
            if (!destroyed && entry) running = entry.start({ top: answers, doc, root, sheet: sheet && doc === document });
          })
          .catch((err: unknown) => console.error('Backstory:', err));
      },
    });
    const frames = watchSrcdocFrames(doc, (frameDoc) => startIn(frameDoc, false));
    return () => {
      destroyed = true;
      frames();
      loader.destroy();
      running?.destroy();
    };
  };
  const stop = startIn(document, top);
  g[FLAG] = {
    destroy: () => {
      stopWatching?.();
      stop();
    },
  };
}

main();
