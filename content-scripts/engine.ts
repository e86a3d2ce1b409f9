/**
 * The engine (`engine.js`, injected by the background once the loader in main.ts / loader.ts has found a reason to
 * start; entry: engine-main.ts): everything Backstory does on a page that may mention something. Wires the browser
 * APIs into the app: the bare `browser` (Firefox) or `chrome` (Chromium) object, whose MV3 calls return promises.
 * No webextension-polyfill in the content script: evaluating it (and copying its exports) cost ~2.5 ms on every
 * page, most of a quiet page's budget (docs/performance.md).
 */
import type { BackgroundCalls, ContentCalls } from '../src/core/messages';
import type { Settings } from '../src/core/settings';
import { handleMessages, makeSender, type MessagingApi } from '../src/platform/messaging';
import { toggleSiteIn, type SettingsStore, type StorageApi } from '../src/platform/settings-store';
import { translator, type I18nApi } from '../src/platform/i18n';
import { startContent, type ContentApp } from './app';
import { siteHostname } from './frames';

/**
 * Starts the engine in a document (this frame's, or a srcdoc frame inside it): settings, the first pass, content
 * added later, cards, and (top frame only) the popup's calls. `store` is the settings store, `root` the article
 * root the loader's check read (so it is not looked for twice). Returns the
 * teardown that leaves the page exactly as found.
 */
export function start({ top, api, store, doc = document, root, sheet, entries, firstSettings }: {
  top: boolean;
  /** The background inserted the highlights' style sheet into `doc`. */
  sheet?: boolean;
  api: ContentApi;
  store: SettingsStore;
  doc?: Document;
  root?: Element;
  /** The entries, when asked for already (engine-main.ts asks as it is evaluated). */
  entries?: () => Promise<BackgroundCalls['getEntries']['reply']>;
  /** The settings for the first read, when asked for already; later reads ask the store. */
  firstSettings?: () => Promise<Settings>;
}): { destroy(): void } {
  const send = makeSender<BackgroundCalls>(api);
  const hostname = siteHostname(window);
  const app = startContent({
    doc,
    root,
    sheet,
    hostname,
    loadData: entries ?? (() => send('getEntries', {})),
    scanBlocks: (payload) => send('scanBlocks', payload),
    detectClaims: (payload) => send('detectClaims', payload),
    lookup: (id) => send('getCard', { id }),
    getSettings: firstSettings ?? (() => store.get()),
    watchSettings: (cb) => store.watch(cb),
    // The toolbar badge and the popup speak for the top page only.
    report: (report) => {
      if (top) void send('reportPage', report).catch(() => undefined);
    },
    t: translator(api.i18n),
  });
  // Only the top frame answers the popup and the keyboard command: one answer, one toggle per tab.
  const stopHandling = top ? handleContentCalls(api, app, store, hostname) : () => undefined;
  return {
    destroy() {
      stopHandling();
      app.destroy();
    },
  };
}

/** The browser APIs the content script uses. */
export type ContentApi = MessagingApi & StorageApi & { i18n: I18nApi };

function handleContentCalls(api: MessagingApi, app: ContentApp, store: SettingsStore, hostname: string): () => void {
  // Replies through sendResponse: the bare `chrome` object of older Chromium ignores a returned promise.
  return handleMessages<ContentCalls>(api, {
    getPage: async () => {
      await app.ready();
      return { ...app.page(), hostname };
    },
    reveal: ({ id }) => app.reveal(id),
    toggleSite: () => toggleSiteIn(store, hostname),
  }, { viaSendResponse: true });
}
