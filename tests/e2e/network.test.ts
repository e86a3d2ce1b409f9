/**
 * Nothing leaks: with the extension loaded in Chromium, reading the reference article and a corpus page, opening a
 * card and opening the popup make no request from the extension to anything but its own chrome-extension:// origin.
 *
 * Watched through the Chrome DevTools Protocol: the background service worker (a second CDP client, puppeteer-core,
 * attached to its target: Playwright does not report an extension worker's requests), each page (Network events
 * with their initiator, so a request the content script starts is told from the page's own), and the popup.
 */
import { createServer } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CDPSession as PwCDPSession, Page } from 'playwright-core';
import puppeteer, { type Browser as PuppeteerBrowser, type Target } from 'puppeteer-core';
import { launchChromium, type ChromiumSession } from '../../scripts/lib/browsers';
import { serve, type Served } from '../../scripts/lib/serve';
import { ARTICLES_DIR, CORPUS_DIR } from './env';
import { collectExtensionErrors, disablePageScripts, ExtensionStorage, waitForPasses } from './helpers';

interface Seen {
  where: string;
  url: string;
  /** URLs of the scripts on the initiator's stack, and the initiator URL. */
  initiators: string[];
}

let browser: ChromiumSession;
let cdpClient: PuppeteerBrowser;
let site: Served;
let storage: ExtensionStorage;
const seen: Seen[] = [];
const workerLog: string[] = [];
const errors: string[] = [];
/** What the corpus page requested with highlights off. */
let corpusOwn = new Set<string>();

const freePort = () => new Promise<number>((resolve) => {
  const s = createServer();
  s.listen(0, '127.0.0.1', () => {
    const { port } = s.address() as { port: number };
    s.close(() => resolve(port));
  });
});

type RequestEvent = { request: { url: string }; initiator: { url?: string; stack?: StackTrace } };
type StackTrace = { callFrames: { url: string }[]; parent?: StackTrace };

function initiatorUrls(initiator: RequestEvent['initiator']): string[] {
  const out = initiator.url ? [initiator.url] : [];
  for (let s = initiator.stack; s; s = s.parent) out.push(...s.callFrames.map((f) => f.url));
  return out;
}

const watched = new WeakSet<Target>();

/** Records every request of the extension's service worker, now and after any restart of it. */
async function watchWorker(target: Target): Promise<void> {
  if (target.type() !== 'service_worker' || !target.url().startsWith(`chrome-extension://${browser.extensionId}/`)) return;
  if (watched.has(target)) return;
  watched.add(target);
  const cdp = await target.createCDPSession();
  cdp.on('Network.requestWillBeSent', (e: RequestEvent) => seen.push({ where: 'service worker', url: e.request.url, initiators: initiatorUrls(e.initiator) }));
  cdp.on('Log.entryAdded', (e: { entry: { level: string; text: string } }) => workerLog.push(`${e.entry.level}: ${e.entry.text}`));
  cdp.on('Runtime.exceptionThrown', (e: { exceptionDetails: { text: string } }) => workerLog.push(`exception: ${e.exceptionDetails.text}`));
  await Promise.all([cdp.send('Network.enable'), cdp.send('Log.enable'), cdp.send('Runtime.enable')]);
}

/** Records every request a page makes, with its initiator. */
async function watchPage(page: Page, where: string): Promise<PwCDPSession> {
  const cdp = await browser.context.newCDPSession(page);
  cdp.on('Network.requestWillBeSent', (e) => {
    const ev = e as unknown as RequestEvent;
    seen.push({ where, url: ev.request.url, initiators: initiatorUrls(ev.initiator) });
  });
  await cdp.send('Network.enable');
  errors.push(...collectExtensionErrors(page));
  return cdp;
}

beforeAll(async () => {
  site = await serve({ '/articles/': ARTICLES_DIR, '/corpus/': CORPUS_DIR });
  const port = await freePort();
  browser = await launchChromium({ extraArgs: [`--remote-debugging-port=${port}`] });
  cdpClient = await puppeteer.connect({ browserURL: `http://127.0.0.1:${port}`, defaultViewport: null });
  cdpClient.on('targetcreated', (t: Target) => {
    // A worker can be gone before we attach (it made no request then); anything else is a broken watch.
    watchWorker(t).catch((err: unknown) => {
      if (!/closed/i.test(String(err))) workerLog.push(`could not watch a worker: ${String(err)}`);
    });
  });
  const worker = await cdpClient.waitForTarget((t) => t.type() === 'service_worker' && t.url().includes(browser.extensionId), { timeout: 10_000 });
  await watchWorker(worker);
  storage = await ExtensionStorage.open(browser);
  await storage.reset();

  // 1. The reference article: highlights, then a card on hover (the background reads the card data).
  const article = await browser.context.newPage();
  await watchPage(article, 'reference article');
  await article.goto(`${site.url}/articles/security-guarantees.html`);
  await article.locator('backstory-mark[data-entry-id="sergey-lavrov"]').first().hover();
  await article.getByRole('dialog', { name: 'Sergey Lavrov' }).waitFor({ timeout: 5000 });
  await article.keyboard.press('Escape');
  await article.locator('backstory-mark[data-entry-id="kyiv"]').first().hover();
  await article.getByRole('dialog', { name: 'Kyiv' }).waitFor({ timeout: 5000 });

  // 2. A real page with its remote resources (all blocked by the test's router), scripts off. Loaded with
  // highlights off first, so what the page requests by itself is known; then on, and a card opened.
  await storage.set({ enabled: false });
  const corpus = await browser.context.newPage();
  await watchPage(corpus, 'corpus page');
  await disablePageScripts(browser.context, corpus);
  await corpus.goto(`${site.url}/corpus/cnn.html`, { waitUntil: 'load' });
  await corpus.waitForTimeout(500);
  corpusOwn = new Set(seen.filter((s) => s.where === 'corpus page').map((s) => s.url));
  await storage.set({ enabled: true });
  await waitForPasses(corpus, 1);
  // A pointer event on the highlight, not a real hover: moving there would scroll and load lazy images.
  await corpus.locator('backstory-mark').first().dispatchEvent('pointerover');
  await corpus.getByRole('dialog').waitFor({ timeout: 5000 });
  await corpus.waitForTimeout(500);

  // 3. The popup, with the article's tab in front.
  await article.bringToFront();
  const popup = await browser.context.newPage();
  await watchPage(popup, 'popup');
  await popup.goto(`chrome-extension://${browser.extensionId}/popup/index.html`);
  await popup.getByRole('searchbox').fill('kyiv');
  await popup.waitForTimeout(1000);
}, 120_000);

afterAll(async () => {
  await storage?.reset().catch(() => undefined);
  await cdpClient?.disconnect();
  await browser?.close();
  await site?.close();
});

const OWN = () => `chrome-extension://${browser.extensionId}/`;
const fromExtension = (s: Seen) => s.initiators.some((u) => u.startsWith('chrome-extension://'));

describe('network', () => {
  it('watches the service worker: it reads the bundled data from the extension itself', () => {
    const worker = seen.filter((s) => s.where === 'service worker');
    expect(worker.some((s) => s.url.startsWith(`${OWN()}data/`)), JSON.stringify(worker)).toBe(true);
  });

  it('the service worker requests nothing but its own files, and no request is refused by its CSP', () => {
    const worker = seen.filter((s) => s.where === 'service worker');
    expect(worker.filter((s) => !s.url.startsWith(OWN())).map((s) => s.url)).toEqual([]);
    expect(workerLog.filter((l) => /Refused|Content Security Policy|net::|could not watch/i.test(l))).toEqual([]);
  });

  it('the popup requests nothing but its own files', () => {
    const popup = seen.filter((s) => s.where === 'popup');
    expect(popup.length).toBeGreaterThan(0);
    expect(popup.filter((s) => !s.url.startsWith(OWN()) && !/^(data|blob):/.test(s.url)).map((s) => s.url)).toEqual([]);
  });

  it('the content script starts no request in the pages it reads', () => {
    const pages = seen.filter((s) => s.where !== 'service worker' && s.where !== 'popup');
    expect(pages.filter(fromExtension).map((s) => `${s.where}: ${s.url}`)).toEqual([]);
  });

  it('the reference article, whose own resources are all local, requests nothing else while Backstory runs in it', () => {
    const article = seen.filter((s) => s.where === 'reference article');
    expect(article.length).toBeGreaterThan(0);
    expect(article.filter((s) => !/^(http:\/\/127\.0\.0\.1[:/]|data:)/.test(s.url)).map((s) => s.url)).toEqual([]);
  });

  it('a real page requests nothing more with highlights on and a card open than it did with them off', () => {
    expect(corpusOwn.size).toBeGreaterThan(10);
    const corpus = seen.filter((s) => s.where === 'corpus page');
    expect(corpus.filter((s) => !corpusOwn.has(s.url)).map((s) => s.url)).toEqual([]);
  });

  it('every request the test router blocked was the corpus page’s own', () => {
    expect(browser.blocked.filter((u) => !corpusOwn.has(u))).toEqual([]);
  });

  it('raised no error in the pages', () => {
    expect(errors).toEqual([]);
  });
});
