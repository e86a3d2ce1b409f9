/**
 * The built extension in Firefox ESR (WebDriver BiDi through puppeteer-core): the reference article and a sample of
 * corpus pages are highlighted, cards open, no error comes from the extension, and turning highlights off puts each
 * page back exactly as found.
 *
 * Switching highlights needs the extension's storage. Firefox refuses to open moz-extension:// pages through BiDi,
 * and synthetic key presses do not reach the Alt+Shift+B command, so the suite installs a copy of dist/firefox with
 * one test-only content script added (test-harness.js, matching only http://127.0.0.1/__backstory_test__/*): a tab
 * opened at that path writes the values of its query string to `storage.sync`, as the popup's switches do. The
 * copy's content.js, background.js and everything else are byte for byte those of dist/firefox (checked below);
 * nothing of the harness is in the build or the shipped zip.
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import puppeteer, { type Browser, type Page } from 'puppeteer-core';
import { DIST_FIREFOX, firefoxPath } from '../../scripts/lib/browsers';
import { serve, type Served } from '../../scripts/lib/serve';
import { ARTICLES_DIR, CORPUS_DIR } from './env';

/** Corpus pages with highlights, of several sites and sizes (yahoo-3 is 1.3 MB). */
const CORPUS_SAMPLE = ['bbc-1', 'nytimes-1', 'wikipedia', 'wapo-1', 'yahoo-3', 'lwn-1'];
const HARNESS_PATH = '/__backstory_test__/storage';
/** A story with a srcdoc frame: the page's copy of the content script reads the frame (content-scripts/frames.ts). */
const FRAMES_PAGE = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Frames</title></head><body><main><article>
<p>${'Negotiators met again this week as diplomats weighed the terms of an agreement. '.repeat(3)} Sergey Lavrov opened the meeting.</p>
<iframe id="srcdoc" width="600" height="120" srcdoc="<p>Olaf Scholz wrote from a srcdoc frame about the talks.</p>"></iframe>
</article></main></body></html>`;

let browser: Browser;
let site: Served;
let extensionCopy: string;
let helper: Page;

/** Writes raw values to the extension's storage.sync through the harness tab. */
async function setSettings(values: Record<string, unknown>): Promise<void> {
  await helper.goto(`${site.url}${HARNESS_PATH}?values=${encodeURIComponent(JSON.stringify(values))}`);
  await helper.waitForFunction(() => document.title !== 'pending', { timeout: 10_000 });
  expect(await helper.title()).toBe('stored');
}

function makeExtensionCopy(): string {
  const dir = mkdtempSync(join(tmpdir(), 'backstory-firefox-test-'));
  cpSync(DIST_FIREFOX, dir, { recursive: true });
  writeFileSync(join(dir, 'test-harness.js'), `// Test harness: added by tests/e2e/firefox.test.ts to a temporary copy only.
const values = JSON.parse(new URLSearchParams(location.search).get('values') || '{}');
browser.storage.sync.set(values).then(() => { document.title = 'stored'; }, (e) => { document.title = 'failed: ' + e; });
`);
  const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8'));
  manifest.content_scripts.push({ matches: [`http://127.0.0.1${HARNESS_PATH}*`], js: ['test-harness.js'], run_at: 'document_end' });
  writeFileSync(join(dir, 'manifest.json'), JSON.stringify(manifest, null, 2));
  return dir;
}

/** Errors from the extension in a page: uncaught errors and console errors from moz-extension:// scripts. */
function extensionErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('console', (msg) => {
    const url = msg.location()?.url ?? '';
    if ((msg.type() === 'error' || msg.type() === 'warn') && (url.startsWith('moz-extension://') || msg.text().startsWith('Backstory'))) errors.push(`${msg.type()}: ${msg.text()} (${url})`);
  });
  page.on('pageerror', (err) => {
    const text = `${(err as Error).message}\n${(err as Error).stack ?? ''}`;
    if (text.includes('moz-extension://') || text.includes('Backstory')) errors.push(`pageerror: ${text}`);
  });
  return errors;
}

const snapshot = (page: Page) => page.evaluate(() => {
  const w = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  const nodes: [Text, string][] = [];
  for (let n = w.nextNode(); n; n = w.nextNode()) nodes.push([n as Text, (n as Text).data]);
  (window as unknown as { __bs: unknown }).__bs = { html: document.body.innerHTML, nodes };
});

const compare = (page: Page) => page.evaluate(() => {
  const snap = (window as unknown as { __bs: { html: string; nodes: [Text, string][] } }).__bs;
  const w = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  const now: Text[] = [];
  for (let n = w.nextNode(); n; n = w.nextNode()) now.push(n as Text);
  const sameNodes = now.length === snap.nodes.length && snap.nodes.every(([n, d], i) => now[i] === n && n.data === d);
  return { sameHtml: document.body.innerHTML === snap.html, sameNodes, nodes: now.length };
});

/**
 * Loads a corpus page. Their remote iframes fail (offline), and Firefox's remote agent sometimes reports a
 * subframe's error page as the failure of the whole navigation ("Address rejected") although the page itself
 * loaded: then the page is taken as loaded once it is the document at that URL, complete.
 */
async function gotoLoaded(page: Page, url: string): Promise<void> {
  try {
    await page.goto(url, { waitUntil: 'load', timeout: 60_000 });
  } catch (err) {
    if (!String(err).includes('Address rejected')) throw err;
    await page.waitForFunction((u) => location.href === u && document.readyState === 'complete', { timeout: 30_000, polling: 100 }, url);
  }
}

const passes = (page: Page) => page.evaluate(() => performance.getEntriesByName('backstory:annotate').length);

async function waitForPasses(page: Page, n: number): Promise<void> {
  await page.waitForFunction((count) => performance.getEntriesByName('backstory:annotate').length >= count, { timeout: 30_000, polling: 100 }, n);
}

/** A port nothing listens on (not one of the ports Firefox refuses outright, such as 9). */
const closedPort = () => new Promise<number>((resolve) => {
  const s = createServer();
  s.listen(0, '127.0.0.1', () => {
    const { port } = s.address() as { port: number };
    s.close(() => resolve(port));
  });
});

beforeAll(async () => {
  const executablePath = firefoxPath();
  const deadProxy = await closedPort();
  if (!executablePath) throw new Error('Firefox not found: install firefox-esr or set FIREFOX_PATH');
  site = await serve({ '/articles/': ARTICLES_DIR, '/corpus/': CORPUS_DIR }, { [HARNESS_PATH]: '<!doctype html><title>pending</title>', '/frames.html': FRAMES_PAGE });
  // The corpus pages' own scripts stay off (they would rewrite their DOM and try the network); content scripts are
  // not bound by the page's CSP.
  site.server.prependListener('request', (req, res) => {
    if (req.url?.startsWith('/corpus/')) res.setHeader('content-security-policy', "script-src 'none'");
  });
  extensionCopy = makeExtensionCopy();
  browser = await puppeteer.launch({
    browser: 'firefox',
    executablePath,
    headless: true,
    extraPrefsFirefox: {
      // Offline: no update checks, telemetry or remote settings; remote hosts fail at once through a closed proxy
      // (127.0.0.1 itself is never proxied).
      'network.proxy.type': 1,
      'network.proxy.http': '127.0.0.1',
      'network.proxy.http_port': deadProxy,
      'network.proxy.ssl': '127.0.0.1',
      'network.proxy.ssl_port': deadProxy,
      'app.update.enabled': false,
      'datareporting.policy.dataSubmissionEnabled': false,
      'extensions.update.enabled': false,
      'browser.safebrowsing.malware.enabled': false,
      'browser.safebrowsing.phishing.enabled': false,
    },
  });
  await browser.installExtension(extensionCopy);
  helper = await browser.newPage();
  await setSettings({ enabled: true, everyMention: false });
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await site?.close();
  if (extensionCopy) rmSync(extensionCopy, { recursive: true, force: true });
});

describe('the extension copy under test', () => {
  it('is dist/firefox plus the harness script and its manifest entry, nothing else', () => {
    for (const file of ['content.js', 'background.js', 'data/index.json', 'data/cards.json']) {
      expect(readFileSync(join(extensionCopy, file)).equals(readFileSync(join(DIST_FIREFOX, file))), file).toBe(true);
    }
    const built = JSON.parse(readFileSync(join(DIST_FIREFOX, 'manifest.json'), 'utf8'));
    const copy = JSON.parse(readFileSync(join(extensionCopy, 'manifest.json'), 'utf8'));
    copy.content_scripts.pop();
    expect(copy).toEqual(built);
  });
});

describe('reference article in Firefox ESR', () => {
  it('highlights the article’s entities, and only in the article', async () => {
    const page = await browser.newPage();
    const errors = extensionErrors(page);
    await page.goto(`${site.url}/articles/security-guarantees.html`);
    await page.waitForSelector('backstory-mark', { timeout: 20_000 });
    const ids = await page.$$eval('backstory-mark', (els) => els.map((e) => e.getAttribute('data-entry-id')));
    for (const id of ['sergey-lavrov', 'vladimir-putin', 'nato', 'article-5', 'coalition-of-the-willing', 'kyiv']) expect(ids).toContain(id);
    // Claim sentences come from the background (an event page in Firefox).
    await page.waitForSelector('backstory-mark[data-claim-id]', { timeout: 10_000 });
    const claims = await page.$$eval('backstory-mark[data-claim-id]', (els) => els.map((e) => e.getAttribute('data-claim-id')));
    expect(claims).toContain('russia-must-be-guarantor');
    const outside = await page.$$eval('backstory-mark', (els) => els.filter((e) => e.closest('header.site, footer.site, form, textarea, [contenteditable], .comments')).length);
    expect(outside).toBe(0);
    // The look comes from the user-origin style sheet the background inserted: no style attribute on the marks.
    const looks = await page.$$eval('backstory-mark:not([data-claim-id]):not([data-in-claim])', (els) => els.map((e) => `${e.hasAttribute('style')} ${getComputedStyle(e).backgroundColor}`));
    expect(new Set(looks)).toEqual(new Set(['false rgb(255, 230, 156)']));
    expect(errors).toEqual([]);
    await page.close();
  });

  it('highlights a srcdoc frame from the page around it', async () => {
    const page = await browser.newPage();
    const errors = extensionErrors(page);
    await page.goto(`${site.url}/frames.html`);
    await page.waitForSelector('backstory-mark[data-entry-id="sergey-lavrov"]', { timeout: 20_000 });
    const frameIds = async () => {
      const frame = page.frames().find((f) => f !== page.mainFrame());
      return frame ? frame.$$eval('backstory-mark', (els) => els.map((e) => e.getAttribute('data-entry-id'))) : [];
    };
    await expect.poll(frameIds, { timeout: 10_000 }).toEqual(['olaf-scholz']);
    // The style sheet is not in the frame's document: its marks keep their inline look.
    const frame = page.frames().find((f) => f !== page.mainFrame())!;
    expect(await frame.$eval('backstory-mark', (e) => `${e.hasAttribute('style')} ${getComputedStyle(e).backgroundColor}`)).toBe('true rgb(255, 230, 156)');
    expect(errors).toEqual([]);
    await page.close();
  });

  it('opens a card on hover', async () => {
    const page = await browser.newPage();
    const errors = extensionErrors(page);
    await page.goto(`${site.url}/articles/security-guarantees.html`);
    await page.waitForSelector('backstory-mark[data-entry-id="sergey-lavrov"]', { timeout: 20_000 });
    await page.hover('backstory-mark[data-entry-id="sergey-lavrov"]');
    const name = await page.waitForFunction(
      () => document.querySelector('backstory-card')?.shadowRoot?.querySelector('[role="dialog"] h2')?.textContent,
      { timeout: 5000 },
    );
    expect(await name.jsonValue()).toBe('Sergey Lavrov');
    expect(errors).toEqual([]);
    await page.close();
  });

  it('turning highlights off restores the article exactly (same HTML, same text nodes); on again highlights it', async () => {
    await setSettings({ enabled: false });
    const page = await browser.newPage();
    const errors = extensionErrors(page);
    await page.goto(`${site.url}/articles/security-guarantees.html`);
    await new Promise((r) => setTimeout(r, 500));
    expect(await page.$$eval('backstory-mark', (e) => e.length)).toBe(0);
    await snapshot(page);
    await setSettings({ enabled: true });
    await page.waitForSelector('backstory-mark', { timeout: 20_000 });
    expect(await page.$$eval('backstory-mark', (e) => e.length)).toBeGreaterThan(20);
    await setSettings({ enabled: false });
    await page.waitForFunction(() => !document.querySelector('backstory-mark, backstory-card'), { timeout: 10_000 });
    expect(await compare(page)).toMatchObject({ sameHtml: true, sameNodes: true });
    await setSettings({ enabled: true });
    await page.waitForSelector('backstory-mark', { timeout: 20_000 });
    expect(errors).toEqual([]);
    await page.close();
  });
});

describe('corpus sample in Firefox ESR', () => {
  it.each(CORPUS_SAMPLE)('%s: highlights, restores exactly when turned off, highlights again', async (name) => {
    await setSettings({ enabled: false });
    const page = await browser.newPage();
    const errors = extensionErrors(page);
    await gotoLoaded(page, `${site.url}/corpus/${name}.html`);
    await snapshot(page);
    await setSettings({ enabled: true });
    await waitForPasses(page, 1);
    const marks = await page.$$eval('backstory-mark', (e) => e.length);
    expect(marks).toBeGreaterThan(0);
    await setSettings({ enabled: false });
    await page.waitForFunction(() => !document.querySelector('backstory-mark, backstory-card'), { timeout: 10_000 });
    const result = await compare(page);
    expect(result).toMatchObject({ sameHtml: true, sameNodes: true });
    expect(result.nodes).toBeGreaterThan(50);
    await setSettings({ enabled: true });
    await waitForPasses(page, 2);
    expect(await page.$$eval('backstory-mark', (e) => e.length)).toBe(marks);
    expect(await passes(page)).toBe(2);
    expect(errors).toEqual([]);
    await page.close();
  });
});
