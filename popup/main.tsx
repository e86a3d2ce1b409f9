/** Popup entry: wires the browser APIs into the App. */
import browser from 'webextension-polyfill';
import { render } from 'preact';
import type { Runtime } from 'webextension-polyfill';
import { isEnvelope, type BackgroundCalls, type ContentCalls } from '../src/core/messages';
import { createGateway } from '../src/platform/gateway';
import { makeSender } from '../src/platform/messaging';
import { settingsStore, type SettingsStore } from '../src/platform/settings-store';
import { activeOn, siteOfUrl } from '../src/core/settings';
import { translator } from '../src/platform/i18n';
import { CARD_CSS } from '../src/ui/card-styles';
import { App } from './App';
import type { PageClient, PageInfo, PopupData } from './env';

/** Name of the measure the benchmark reads: navigation start to the first render with the whole glossary. */
const RENDER_MEASURE = 'backstory:popup-render';

/**
 * The card styles are a string shared with the hover card's shadow root. The extension CSP has no
 * 'unsafe-inline' for styles, so they go in as a constructed style sheet, which CSP does not govern.
 */
function adoptCardStyles(doc: Document): void {
  try {
    const sheet = new CSSStyleSheet();
    sheet.replaceSync(CARD_CSS);
    doc.adoptedStyleSheets = [...doc.adoptedStyleSheets, sheet];
  } catch {
    // Very old engines: the card still renders, with the popup's own styles only.
  }
}

const gateway = createGateway((path) => fetch(browser.runtime.getURL(path)).then((r) => r.json()));

// Started before the first render, not in an effect after it: the fetch and parse overlap Preact's first paint.
// index.html preloads the file, so its bytes are usually here already.
const dataPromise: Promise<PopupData> = gateway.glossary().then((docs) => ({ docs }));
const loadData = () => dataPromise;
const loadCards = () => gateway.cards();

const activeTab = browser.tabs.query({ active: true, currentWindow: true }).then(([tab]) => tab);

async function sendToTab<K extends keyof ContentCalls & string>(name: K, payload: ContentCalls[K]['payload']) {
  const tabId = (await activeTab)?.id;
  if (tabId === undefined) throw new Error('no active tab');
  return makeSender<ContentCalls>(browser, tabId)(name, payload);
}

/**
 * What the active tab's page holds. The engine answers where it runs; where it does not, the loader found nothing
 * from the dataset there and answers no message (docs/decisions/008-loader.md), so the page is told from the tab's
 * address (the host permissions show it): nothing found, highlights on or off as the switches say.
 */
async function getPage(): Promise<PageInfo> {
  try {
    return await sendToTab('getPage', {});
  } catch (err) {
    const hostname = siteOfUrl((await activeTab)?.url);
    if (!hostname) throw err;
    return { hostname, active: activeOn(await settings.get(), hostname), found: [] };
  }
}

const page: PageClient = {
  getPage,
  reveal: (id) => sendToTab('reveal', { id }),
  // Content scripts send `reportPage` to the extension; the popup listens too, for its own tab only, and never
  // answers (the background does).
  watch: (callback) => {
    const listener = (message: unknown, sender: Runtime.MessageSender) => {
      if (sender.id !== browser.runtime.id || !isEnvelope(message) || message.name !== 'reportPage') return undefined;
      void activeTab.then((tab) => {
        const tabId = tab?.id;
        if (tabId !== undefined && sender.tab?.id === tabId) callback(message.payload as BackgroundCalls['reportPage']['payload']);
      });
      return undefined;
    };
    browser.runtime.onMessage.addListener(listener);
    return () => browser.runtime.onMessage.removeListener(listener);
  },
};

const commands = () => browser.commands.getAll();

// The settings are asked for now, not in the App's first effect (Preact runs effects after a paint): they were the
// last thing the first render waited for (docs/performance.md, "Fourth session"). Later reads go to storage.
const settings = settingsStore(browser);
const firstSettings = settings.get();
let primed = true;
const store: SettingsStore = {
  ...settings,
  get: () => (primed ? ((primed = false), firstSettings) : settings.get()),
};

const onReady = () => {
  try {
    performance.measure(RENDER_MEASURE, { start: 0, end: performance.now() });
  } catch {
    // A measurement must never break the popup.
  }
};

adoptCardStyles(document);
render(
  <App
    store={store}
    t={translator(browser.i18n)}
    data={loadData}
    cards={loadCards}
    page={page}
    commands={commands}
    close={() => window.close()}
    onReady={onReady}
  />,
  document.getElementById('app')!,
);
