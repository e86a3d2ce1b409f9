/**
 * The built extension in real Chromium, on the reference article: highlights, card content, keyboard,
 * the popup switch, exact restore, and no request leaving the machine.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { launchChromium, type ChromiumSession } from '../../scripts/lib/browsers';
import { serve, type Served } from '../../scripts/lib/serve';
import { ARTICLES_DIR } from './env';

let browser: ChromiumSession;
let site: Served;
let popup: Page;

async function setSettings(values: Record<string, unknown>): Promise<void> {
  await popup.evaluate((v) => (globalThis as unknown as { chrome: { storage: { sync: { set(x: unknown): Promise<void> } } } }).chrome.storage.sync.set(v), values);
}

async function openArticle(): Promise<Page> {
  const page = await browser.context.newPage();
  await page.goto(`${site.url}/articles/security-guarantees.html`);
  return page;
}

/** Ukrainian text (no Latin key word in it): the check needs the keys written in Cyrillic. */
const UKRAINIAN_PAGE = `<!doctype html><html lang="uk"><head><meta charset="utf-8"><title>Переговори</title></head><body><main><article>
<h1>Переговори про мир</h1><p>Президент Зеленський заявив, що переговори тривають, але безпека країни залишається головним питанням.</p>
<p>Ранок був сірий, і чайник довго закипав; хліб був теплий.</p></article></main></body></html>`;
const UKRAINIAN_QUIET_PAGE = `<!doctype html><html lang="uk"><head><meta charset="utf-8"><title>Ранок</title></head><body><main><article>
<h1>Тихий ранок</h1><p>${'Ранок був сірий, і чайник довго закипав; хліб був теплий, а ми говорили про суп і про сад. '.repeat(4)}</p>
</article></main></body></html>`;
const QUIET_PAGE = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Soup</title></head><body><main><article>
<h1>A quiet morning</h1><p>${'The kettle took its time and the bread was still warm; we spoke about soup and the garden. '.repeat(6)}</p>
</article></main></body></html>`;

/**
 * Whether the engine is loaded in a page's top frame: asked, through the popup page's `scripting` permission, in the
 * extension's isolated world there (where the loader and the engine run and the page cannot look).
 */
async function engineLoaded(page: Page): Promise<boolean> {
  return popup.evaluate(async (url) => {
    type Api = {
      tabs: { query(q: object): Promise<{ id: number; url?: string }[]> };
      scripting: { executeScript(o: object): Promise<{ result: unknown }[]> };
    };
    const api = (globalThis as unknown as { chrome: Api }).chrome;
    const tab = (await api.tabs.query({})).find((t) => t.url === url);
    if (!tab) throw new Error(`no tab at ${url}`);
    const [answer] = await api.scripting.executeScript({ target: { tabId: tab.id }, func: () => '__backstoryEngine' in globalThis });
    return answer.result === true;
  }, page.url());
}

const markIds = (page: Page) => page.$$eval('backstory-mark', (els) => els.map((e) => e.getAttribute('data-entry-id')));

beforeAll(async () => {
  site = await serve({ '/articles/': ARTICLES_DIR }, { '/quiet.html': QUIET_PAGE, '/uk.html': UKRAINIAN_PAGE, '/uk-quiet.html': UKRAINIAN_QUIET_PAGE });
  browser = await launchChromium();
  popup = await browser.context.newPage();
  await popup.goto(`chrome-extension://${browser.extensionId}/popup/index.html`);
});

afterAll(async () => {
  await browser?.close();
  await site?.close();
});

describe('reference article in Chromium', () => {
  it('highlights the article’s people, organisations, places, treaties and concepts', async () => {
    await setSettings({ enabled: true, everyMention: false });
    const page = await openArticle();
    await page.waitForSelector('backstory-mark[data-entry-id]');
    const ids = await markIds(page);
    for (const id of ['sergey-lavrov', 'vladimir-putin', 'donald-trump', 'steve-witkoff', 'samuel-charap', 'alexander-stubb', 'nato', 'kremlin', 'rand-corporation', 'moscow', 'kyiv', 'finland', 'article-5', 'coalition-of-the-willing', 'security-guarantees']) {
      expect(ids, id).toContain(id);
    }
    // First mention only: one group per entry (a name split across <em> makes two pieces of one group).
    const groups = await page.$$eval('backstory-mark[data-entry-id]:not([data-claim-id])', (els) => els.map((e) => `${e.getAttribute('data-entry-id')}#${e.getAttribute('data-backstory-group')}`));
    const perEntry = new Map<string, Set<string>>();
    for (const g of groups) {
      const [id, group] = g.split('#');
      perEntry.set(id, (perEntry.get(id) ?? new Set()).add(group));
    }
    for (const [id, set] of perEntry) expect(set.size, id).toBe(1);
    // The name split across <em> is one mention.
    const putin = await page.$$eval('backstory-mark[data-entry-id="vladimir-putin"]', (els) => els.map((e) => e.textContent));
    expect(putin.join('')).toBe('Vladimir Putin');
    // Their look comes from the style sheet the background inserted (user origin): no style attribute on the marks.
    const looks = await page.$$eval('backstory-mark', (els) => els.map((e) => ({
      styled: e.hasAttribute('style'), claim: e.hasAttribute('data-claim-id') || e.hasAttribute('data-in-claim'), background: getComputedStyle(e).backgroundColor,
    })));
    expect(looks.some((l) => l.styled)).toBe(false);
    expect(looks.filter((l) => !l.claim).every((l) => l.background === 'rgb(255, 230, 156)')).toBe(true);
    await page.close();
  });

  it('underlines the article’s claim sentences, found by the background', async () => {
    await setSettings({ enabled: true, everyMention: false });
    const page = await openArticle();
    await page.waitForSelector('backstory-mark[data-claim-id]', { timeout: 10_000 });
    const claims = new Set(await page.$$eval('backstory-mark[data-claim-id]', (els) => els.map((e) => e.getAttribute('data-claim-id'))));
    for (const id of ['russia-must-be-guarantor', 'putin-accepted-article-5-guarantees', 'no-western-troops-in-ukraine']) expect([...claims]).toContain(id);
    await page.close();
  });

  it('leaves the site chrome, form fields, contenteditable and scripts alone', async () => {
    const page = await openArticle();
    await page.waitForSelector('backstory-mark');
    const outside = await page.$$eval('backstory-mark', (els) => els.filter((e) => e.closest('header.site, footer.site, nav, form, textarea, [contenteditable], aside.related, .comments, script')).length);
    expect(outside).toBe(0);
    expect(await page.inputValue('input[name="q"]')).toBe('Putin Lavrov NATO');
    expect(await page.$eval('textarea', (t) => (t as HTMLTextAreaElement).value)).toBe('I doubt Putin or Lavrov will accept NATO troops in Kyiv.');
    expect(await page.$eval('[contenteditable]', (e) => e.innerHTML)).toBe('Draft reply: Article 5 only covers NATO members.');
    await page.close();
  });

  it('resists the page’s CSS for mark: highlights keep their own colours', async () => {
    const page = await openArticle();
    const mark = page.locator('backstory-mark[data-entry-id="sergey-lavrov"]').first();
    await mark.waitFor();
    const style = await mark.evaluate((e) => {
      const s = getComputedStyle(e);
      return { bg: s.backgroundColor, color: s.color, padding: s.paddingLeft };
    });
    expect(style.bg).toBe('rgb(255, 230, 156)');
    expect(style.color).toBe('rgb(26, 26, 26)');
    expect(style.padding).toBe('0px');
    await page.close();
  });

  it('opens a card on hover with name, kind, summary, dates, https sources and an as-of date', async () => {
    const page = await openArticle();
    const mark = page.locator('backstory-mark[data-entry-id="sergey-lavrov"]').first();
    await mark.hover();
    const dialog = page.getByRole('dialog', { name: 'Sergey Lavrov' });
    await dialog.waitFor({ timeout: 3000 });
    const text = await dialog.innerText();
    expect(text).toMatch(/Person/);
    expect(text).toMatch(/foreign minister/i);
    expect(text).toMatch(/Accurate as of \d{1,2} \w+ \d{4}/);
    const links = await dialog.locator('a').evaluateAll((as) => as.map((a) => [(a as HTMLAnchorElement).href, a.getAttribute('target'), a.getAttribute('rel')]));
    expect(links.length).toBeGreaterThan(0);
    for (const [href, target, rel] of links) {
      expect(href).toMatch(/^https:\/\//);
      expect(target).toBe('_blank');
      expect(rel).toContain('noopener');
    }
    // The card stays while the pointer moves onto it, and closes after the pointer leaves.
    await dialog.hover();
    await page.waitForTimeout(500);
    expect(await dialog.isVisible()).toBe(true);
    await page.mouse.move(5, 880);
    await page.waitForTimeout(600);
    expect(await page.getByRole('dialog').count()).toBe(0);
    await page.close();
  });

  it('places a claim card clear of the claim: below its last line or above its first, not over its text', async () => {
    const page = await openArticle();
    const claim = page.locator('backstory-mark[data-claim-id="putin-accepted-article-5-guarantees"]').first();
    await claim.waitFor({ timeout: 10_000 });
    await claim.hover();
    const dialog = page.getByRole('dialog');
    await dialog.waitFor({ timeout: 3000 });
    const card = (await dialog.boundingBox())!;
    // Both in viewport coordinates, after the hover scrolled the claim into view.
    const lines = await claim.evaluate((e) => [...e.getClientRects()].map((r) => ({ top: r.top, bottom: r.bottom })));
    expect(lines.length).toBeGreaterThan(1); // the claim wraps: the case this is about
    const overlapping = lines.filter((l) => card.y < l.bottom && card.y + card.height > l.top);
    expect(overlapping).toEqual([]);
    await page.close();
  });

  it('shows the card for Article 5 with what it says', async () => {
    const page = await openArticle();
    await page.locator('backstory-mark[data-entry-id="article-5"]').first().hover();
    const dialog = page.getByRole('dialog');
    await dialog.waitFor();
    expect(await dialog.innerText()).toMatch(/attack/i);
    await page.close();
  });

  it('reaches highlights with Tab: focus opens the card, Escape closes it', async () => {
    const page = await openArticle();
    await page.waitForSelector('backstory-mark[tabindex="0"]');
    let onMark = false;
    for (let i = 0; i < 40 && !onMark; i++) {
      await page.keyboard.press('Tab');
      onMark = await page.evaluate(() => document.activeElement?.tagName === 'BACKSTORY-MARK');
    }
    expect(onMark).toBe(true);
    const name = await page.evaluate(() => document.activeElement?.textContent);
    const dialog = page.getByRole('dialog');
    await dialog.waitFor({ timeout: 2000 });
    expect(await dialog.getAttribute('aria-labelledby')).toBeTruthy();
    expect(name).toBeTruthy();
    expect(await page.evaluate(() => document.activeElement?.getAttribute('aria-expanded'))).toBe('true');
    // Enter moves focus into the card so its links can be reached.
    await page.keyboard.press('Enter');
    expect(await page.evaluate(() => document.activeElement?.tagName)).toBe('BACKSTORY-CARD');
    await page.keyboard.press('Escape');
    expect(await page.getByRole('dialog').count()).toBe(0);
    expect(await page.evaluate(() => document.activeElement?.tagName)).toBe('BACKSTORY-MARK');
    await page.close();
  });

  it('loads the engine only where the check finds a key and highlights are on', async () => {
    const checked = (page: Page) =>
      page.waitForFunction(() => performance.getEntriesByName('backstory:check').length > 0);
    // A page that mentions nothing: checked, and nothing more.
    const quiet = await browser.context.newPage();
    await quiet.goto(`${site.url}/quiet.html`);
    await checked(quiet);
    await quiet.waitForTimeout(300);
    expect(await engineLoaded(quiet)).toBe(false);
    await quiet.close();
    // The article while highlights are off: checked, a key found, no engine until they are switched on.
    await setSettings({ enabled: false });
    const page = await openArticle();
    await checked(page);
    await page.waitForTimeout(300);
    expect(await engineLoaded(page)).toBe(false);
    await setSettings({ enabled: true });
    await page.waitForSelector('backstory-mark');
    expect(await engineLoaded(page)).toBe(true);
    await page.close();
  });

  it('highlights an article in Ukrainian: the loader fetches the keys of that script from the background', async () => {
    const page = await browser.context.newPage();
    await page.goto(`${site.url}/uk.html`);
    await page.waitForSelector('backstory-mark');
    const ids = await page.locator('backstory-mark').evaluateAll((els) => els.map((e) => e.getAttribute('data-entry-id')));
    expect(ids).toContain('volodymyr-zelensky');
    await page.close();
    // And a Ukrainian page that names no one: the fetched keys say no, so no engine (without them the loader
    // would have to let the engine look).
    const quiet = await browser.context.newPage();
    await quiet.goto(`${site.url}/uk-quiet.html`);
    await quiet.waitForFunction(() => performance.getEntriesByName('backstory:check').length > 0);
    await quiet.waitForTimeout(300);
    expect(await engineLoaded(quiet)).toBe(false);
    await quiet.close();
  });

  it('the popup switch removes every highlight and restores the article exactly, then turns back on', async () => {
    await setSettings({ enabled: false });
    const page = await openArticle();
    await page.waitForTimeout(500);
    expect(await page.locator('backstory-mark').count()).toBe(0);
    const before = await page.evaluate(() => {
      const w = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
      const nodes: Text[] = [];
      for (let n = w.nextNode(); n; n = w.nextNode()) nodes.push(n as Text);
      (window as unknown as { __nodes: [Text, string][] }).__nodes = nodes.map((n) => [n, n.data]);
      return document.body.innerHTML;
    });
    await popup.getByRole('switch', { name: 'Show highlights', exact: true }).check();
    await page.waitForSelector('backstory-mark');
    expect(await page.locator('backstory-mark').count()).toBeGreaterThan(20);
    await popup.getByRole('switch', { name: 'Show highlights', exact: true }).uncheck();
    await page.waitForFunction(() => !document.querySelector('backstory-mark'));
    expect(await page.evaluate(() => document.body.innerHTML)).toBe(before);
    const same = await page.evaluate(() => {
      const saved = (window as unknown as { __nodes: [Text, string][] }).__nodes;
      const w = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
      const now: Text[] = [];
      for (let n = w.nextNode(); n; n = w.nextNode()) now.push(n as Text);
      return now.length === saved.length && saved.every(([n, d], i) => now[i] === n && n.data === d);
    });
    expect(same).toBe(true);
    expect(await page.locator('backstory-card').count()).toBe(0);
    await popup.getByRole('switch', { name: 'Show highlights', exact: true }).check();
    await page.waitForSelector('backstory-mark');
    await page.close();
  });

  it('makes no request beyond the page itself', async () => {
    expect(browser.blocked.filter((u) => !u.startsWith('chrome-extension://'))).toEqual([]);
  });
});
