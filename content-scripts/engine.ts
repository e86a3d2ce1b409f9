/**
 * The engine: everything the content script does once the loader (main.ts, loader.ts) has found a reason to
 * start. Wires the browser APIs (through webextension-polyfill) into the app.
 */
import browser from 'webextension-polyfill';
import type { BackgroundCalls, ContentCalls } from '../src/core/messages';
import { handleMessages, makeSender } from '../src/platform/messaging';
import { settingsStore, toggleSiteIn, type SettingsStore } from '../src/platform/settings-store';
import { translator } from '../src/platform/i18n';
import { startContent, type ContentApp } from './app';
import { siteHostname } from './frames';

/**
 * Starts the engine in this frame: settings, the first pass, content added later, cards, and (top frame only)
 * the popup's calls. Returns the teardown that leaves the page exactly as found.
 */
export function start({ top }: { top: boolean }): { destroy(): void } {
  const send = makeSender<BackgroundCalls>(browser);
  const store = settingsStore(browser);
  const hostname = siteHostname(window);
  const app = startContent({
    doc: document,
    hostname,
    loadData: () => send('getIndex', {}),
    detectClaims: (payload) => send('detectClaims', payload),
    lookup: (id) => send('getCard', { id }),
    getSettings: () => store.get(),
    watchSettings: (cb) => store.watch(cb),
    // The toolbar badge and the popup speak for the top page only.
    report: (report) => {
      if (top) void send('reportPage', report).catch(() => undefined);
    },
    t: translator(browser.i18n),
  });
  // Only the top frame answers the popup and the keyboard command: one answer, one toggle per tab.
  const stopHandling = top ? handleContentCalls(app, store, hostname) : () => undefined;
  return {
    destroy() {
      stopHandling();
      app.destroy();
    },
  };
}

function handleContentCalls(app: ContentApp, store: SettingsStore, hostname: string): () => void {
  return handleMessages<ContentCalls>(browser, {
    getPage: async () => {
      await app.ready();
      return { ...app.page(), hostname };
    },
    reveal: ({ id }) => app.reveal(id),
    toggleSite: () => toggleSiteIn(store, hostname),
  });
}
