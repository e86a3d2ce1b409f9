/**
 * Content script entry: one classic script injected into every page. The loader (loader.ts) decides whether
 * this page needs Backstory at all; only then does the engine (engine.ts) start: the dataset message, the
 * matcher, the highlighter, the cards. Both are in this one file: a separately imported engine measured ~3 ms
 * less to evaluate, but a dynamic import fails where the reader has turned JavaScript off for the site
 * (docs/decisions/008-loader.md).
 * No webextension-polyfill here or in the engine: `browser` (Firefox) and `chrome` (Chromium) both return
 * promises in MV3 for the calls made, and message replies use `sendResponse`, which both support.
 */
import type { ContentCalls } from '../src/core/messages';
import { decodeKeys, KeySet } from '../src/core/prefilter';
import { handleMessages } from '../src/platform/messaging';
import { settingsStore } from '../src/platform/settings-store';
import { frameHasProse, frameRole, siteHostname, watchSrcdocFrames } from './frames';
import { startLoader, type LoaderEnv } from './loader';
import { start, type ContentApi } from './engine';

/** The dataset's keys (src/core/prefilter.ts), put here by the build (scripts/build.ts). */
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
  const g = globalThis as unknown as Record<string, { destroy(): void } | undefined>;
  g[FLAG]?.destroy();
  const api = ((globalThis as { browser?: unknown }).browser ?? (globalThis as { chrome?: unknown }).chrome) as ContentApi;
  const store = settingsStore(api);
  const keys = new KeySet(decodeKeys(__BACKSTORY_KEYS__));
  const hostname = siteHostname(window);
  /** Backstory in one document: this copy's own, or a srcdoc frame inside it. Returns the teardown. */
  const startIn = (doc: Document, answers: boolean): (() => void) => {
    let engine: { destroy(): void } | null = null;
    let destroyed = false;
    const env: LoaderEnv = {
      doc,
      hostname,
      keys,
      store,
      handleCalls: answers ? (handlers) => handleMessages<ContentCalls>(api, handlers, { viaSendResponse: true }) : undefined,
      boot: (root) => {
        if (!destroyed) engine = start({ top: answers, api, store, doc, root });
      },
    };
    const loader = startLoader(env);
    const frames = watchSrcdocFrames(doc, (frameDoc) => startIn(frameDoc, false));
    return () => {
      destroyed = true;
      frames();
      loader.destroy();
      engine?.destroy();
    };
  };
  g[FLAG] = { destroy: startIn(document, top) };
}

main();
