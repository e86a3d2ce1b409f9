/**
 * Background (service worker in Chrome, event page in Firefox): injects the engine where a content script's loader
 * asks for it, serves the dataset to content scripts and the popup, keeps the toolbar badge, and runs the keyboard
 * command. Holds no state that matters across restarts.
 */
import browser from 'webextension-polyfill';
import type { BackgroundCalls, ContentCalls } from '../src/core/messages';
import { handleMessages, makeSender } from '../src/platform/messaging';
import { createGateway } from '../src/platform/gateway';
import { claimSpans, validClaimBlocks } from '../src/core/claims-service';
import { ClaimDetector } from '../src/core/claims';
import { Matcher, scanTexts } from '../src/core/matcher';
import { markSheet } from '../src/core/mark-style';
import { buildKeys, encodeKeys } from '../src/core/prefilter';
import { activeOn, siteOfUrl } from '../src/core/settings';
import { settingsStore, toggleSiteCommand } from '../src/platform/settings-store';

const gateway = createGateway((path) => fetch(browser.runtime.getURL(path)).then((r) => r.json()));

/** One matcher for every page: built on the first request, then warm (its trie grows as pages meet new words). */
let matcher: Promise<Matcher> | null = null;
const getMatcher = () => (matcher ??= gateway.index().then(({ index }) => new Matcher(index)));

/** The prefilter's keys in other scripts than Latin, for loaders that meet such text (made once). */
let remoteKeys: Promise<string> | null = null;

/** One detector for every page: its sentence segmenter is created once per background lifetime, not per page. */
let detector: Promise<ClaimDetector> | null = null;
const claimDetector = () => (detector ??= gateway.index().then(({ claims }) => new ClaimDetector(claims)));

/** Builds the matcher and the claim detector's sentence segmenter (~10 ms, once) before a page asks for them. */
function warmUp(): void {
  void getMatcher();
  void claimDetector().then((d) => d.warm());
}

handleMessages<BackgroundCalls>(browser, {
  getKeys: () => (remoteKeys ??= gateway.index().then(({ index }) => encodeKeys(buildKeys(index)).remote)),
  getEntries: () => {
    // A page that asks for the entries will likely open a card soon: read the cards now, off the page's thread,
    // so the first card does not wait for this file (the benchmark saw the first hover miss its frame).
    void gateway.cards();
    warmUp();
    return gateway.index().then(({ index }) => ({ entries: index.entries }));
  },
  scanBlocks: async ({ texts, base }) => {
    if (!Array.isArray(texts) || !texts.every((t) => typeof t === 'string') || !Number.isFinite(base)) return { candidates: [], ms: 0 };
    const m = await getMatcher();
    const started = performance.now();
    const candidates = scanTexts(m, texts, base);
    return { candidates, ms: performance.now() - started };
  },
  detectClaims: async ({ blocks }) => {
    if (!validClaimBlocks(blocks)) return { hits: [], ms: 0 };
    const d = await claimDetector();
    const started = performance.now();
    const hits = claimSpans(d, blocks);
    return { hits, ms: performance.now() - started };
  },
  loadEngine: async (_payload, sender) => {
    const tabId = sender.tab?.id;
    if (tabId === undefined) return false;
    // Highlights off on this site, or everywhere: no engine (the loader asks again when the switches change).
    if (!activeOn(await settingsStore(browser).get(), siteOfUrl(sender.tab?.url) ?? '')) return false;
    // The engine's first pass will ask for matching soon: read the index and build the matcher while it is injected
    // (a background Chrome had stopped: first highlights 60 ms later than with a warm one, before this).
    warmUp();
    const target = { tabId, frameIds: [sender.frameId ?? 0] };
    // The highlights' look as a user-origin sheet: it beats every rule of the page's (important user declarations
    // come before important author ones), and marks need no inline style. Without it they get inline styles.
    const sheet = await browser.scripting.insertCSS({ target, css: markSheet(), origin: 'USER' }).then(() => true, () => false);
    await browser.scripting.executeScript({ target, files: ['engine.js'] });
    return { sheet };
  },
  getCard: ({ id }) => gateway.card(id),
  reportPage: async (report, sender) => {
    const tabId = sender.tab?.id;
    if (tabId === undefined) return;
    const count = report.active ? report.found.filter((f) => f.kind !== 'claim').length : 0;
    await browser.action.setBadgeText({ tabId, text: count ? String(count) : '' });
    await browser.action.setBadgeBackgroundColor({ tabId, color: '#5c4400' });
  },
});

browser.commands.onCommand.addListener(async (command) => {
  if (command !== 'toggle-site') return;
  const [tab] = await browser.tabs.query({ active: true, currentWindow: true });
  await toggleSiteCommand(tab, (tabId) => makeSender<ContentCalls>(browser, tabId)('toggleSite', {}), settingsStore(browser));
});
