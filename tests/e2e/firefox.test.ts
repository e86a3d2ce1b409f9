/** The built extension in Firefox ESR (WebDriver BiDi through puppeteer-core): the content script highlights the page. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import puppeteer, { type Browser } from 'puppeteer-core';
import { DIST_FIREFOX, firefoxPath } from '../../scripts/lib/browsers';
import { serve, type Served } from '../../scripts/lib/serve';
import { ARTICLES_DIR } from './env';

let browser: Browser;
let site: Served;

beforeAll(async () => {
  const executablePath = firefoxPath();
  if (!executablePath) throw new Error('Firefox not found: install firefox-esr or set FIREFOX_PATH');
  site = await serve({ '/articles/': ARTICLES_DIR });
  browser = await puppeteer.launch({
    browser: 'firefox',
    executablePath,
    headless: true,
    extraPrefsFirefox: {
      // Offline: no update checks, telemetry or remote settings.
      'network.proxy.type': 0,
      'app.update.enabled': false,
      'datareporting.policy.dataSubmissionEnabled': false,
      'extensions.update.enabled': false,
      'browser.safebrowsing.malware.enabled': false,
      'browser.safebrowsing.phishing.enabled': false,
    },
  });
  await browser.installExtension(DIST_FIREFOX);
});

afterAll(async () => {
  await browser?.close();
  await site?.close();
});

describe('reference article in Firefox ESR', () => {
  it('highlights the article’s entities, and only in the article', async () => {
    const page = await browser.newPage();
    await page.goto(`${site.url}/articles/security-guarantees.html`);
    await page.waitForSelector('backstory-mark', { timeout: 20_000 });
    const ids = await page.$$eval('backstory-mark', (els) => els.map((e) => e.getAttribute('data-entry-id')));
    for (const id of ['sergey-lavrov', 'vladimir-putin', 'nato', 'article-5', 'coalition-of-the-willing', 'kyiv']) expect(ids).toContain(id);
    const outside = await page.$$eval('backstory-mark', (els) => els.filter((e) => e.closest('header.site, footer.site, form, textarea, [contenteditable], .comments')).length);
    expect(outside).toBe(0);
    await page.close();
  });

  it('opens a card on hover', async () => {
    const page = await browser.newPage();
    await page.goto(`${site.url}/articles/security-guarantees.html`);
    await page.waitForSelector('backstory-mark[data-entry-id="sergey-lavrov"]', { timeout: 20_000 });
    await page.hover('backstory-mark[data-entry-id="sergey-lavrov"]');
    const name = await page.waitForFunction(
      () => document.querySelector('backstory-card')?.shadowRoot?.querySelector('[role="dialog"] h2')?.textContent,
      { timeout: 5000 },
    );
    expect(await name.jsonValue()).toBe('Sergey Lavrov');
    await page.close();
  });
});
