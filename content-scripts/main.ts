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
import { frameRole, siteHostname } from './frames';
import { startLoader, type LoaderEnv } from './loader';
import { start, type ContentApi } from './engine';

/** The dataset's keys (src/core/prefilter.ts), put here by the build (scripts/build.ts). */
declare const __BACKSTORY_KEYS__: string;

/** Characters of text a same-origin frame needs before Backstory reads it. */
const MIN_FRAME_TEXT = 200;

function frameHasProse(doc: Document): boolean {
  if ((doc.body?.textContent ?? '').trim().length >= MIN_FRAME_TEXT) return true;
  for (const p of doc.querySelectorAll('p, article, blockquote, li')) if ((p.textContent ?? '').trim().length >= 20) return true;
  return false;
}

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
  let engine: { destroy(): void } | null = null;
  let destroyed = false;
  const env: LoaderEnv = {
    doc: document,
    hostname: siteHostname(window),
    keys: new KeySet(decodeKeys(__BACKSTORY_KEYS__)),
    store,
    handleCalls: top ? (handlers) => handleMessages<ContentCalls>(api, handlers, { viaSendResponse: true }) : undefined,
    boot: () => {
      if (!destroyed) engine = start({ top, api });
    },
  };
  const loader = startLoader(env);
  g[FLAG] = {
    destroy() {
      destroyed = true;
      loader.destroy();
      engine?.destroy();
    },
  };
}

main();
