/**
 * Content script entry: wires the browser APIs (through webextension-polyfill) into the app.
 * Bundled as a classic script (content scripts cannot be modules).
 */
import browser from 'webextension-polyfill';
import type { BackgroundCalls, ContentCalls } from '../src/core/messages';
import { handleMessages, makeSender } from '../src/platform/messaging';
import { settingsStore, type SettingsStore } from '../src/platform/settings-store';
import { translator } from '../src/platform/i18n';
import { toggleSite } from '../src/core/settings';
import { startContent, type ContentApp } from './app';
import { frameRole, siteHostname } from './frames';

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
  // fair amount of text at idle, do not even ask for the dataset (the benchmark measured ~20 ms per such frame).
  if (!top && !frameHasProse(document)) return;
  const g = globalThis as unknown as Record<string, { destroy(): void } | undefined>;
  g[FLAG]?.destroy();
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
  g[FLAG] = {
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
    toggleSite: async () => {
      const settings = await store.get();
      const on = settings.disabledSites.includes(hostname);
      await store.set({ disabledSites: toggleSite(settings, hostname, on) });
      return on;
    },
  });
}

main();
