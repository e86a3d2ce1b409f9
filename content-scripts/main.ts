/**
 * Content script entry: wires the browser APIs (through webextension-polyfill) into the app.
 * Bundled as a classic script (content scripts cannot be modules).
 */
import browser from 'webextension-polyfill';
import type { BackgroundCalls, ContentCalls } from '../src/core/messages';
import { handleMessages, makeSender } from '../src/platform/messaging';
import { settingsStore } from '../src/platform/settings-store';
import { translator } from '../src/platform/i18n';
import { toggleSite } from '../src/core/settings';
import { startContent } from './app';

/** A page can be injected twice (extension reload); only one instance runs. */
const FLAG = '__backstoryContent';

function main(): void {
  const g = globalThis as unknown as Record<string, { destroy(): void } | undefined>;
  g[FLAG]?.destroy();
  const send = makeSender<BackgroundCalls>(browser);
  const store = settingsStore(browser);
  const app = startContent({
    doc: document,
    loadData: () => send('getIndex', {}),
    lookup: (id) => send('getCard', { id }),
    getSettings: () => store.get(),
    watchSettings: (cb) => store.watch(cb),
    report: (report) => void send('reportPage', report).catch(() => undefined),
    t: translator(browser.i18n),
  });
  const stopHandling = handleMessages<ContentCalls>(browser, {
    getPage: async () => {
      await app.ready();
      return { ...app.page(), hostname: location.hostname };
    },
    reveal: ({ id }) => app.reveal(id),
    toggleSite: async () => {
      const settings = await store.get();
      const on = settings.disabledSites.includes(location.hostname);
      await store.set({ disabledSites: toggleSite(settings, location.hostname, on) });
      return on;
    },
  });
  g[FLAG] = {
    destroy() {
      stopHandling();
      app.destroy();
    },
  };
}

main();
