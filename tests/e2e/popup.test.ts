/**
 * The real toolbar popup in Chromium, over an article tab: glossary search, on this page, reveal, switches,
 * and an axe-core check (light and dark). The popup is opened with `chrome.action.openPopup()` from the service
 * worker, and driven through the DevTools protocol (puppeteer-core), since Playwright does not see popup windows.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer } from 'node:net';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import puppeteer, { type Browser, type Page as PPage } from 'puppeteer-core';
import type { Page } from 'playwright-core';
import { launchChromium, type ChromiumSession } from '../../scripts/lib/browsers';
import { ROOT } from '../../scripts/lib/dataset';
import { serve, type Served } from '../../scripts/lib/serve';
import { ARTICLES_DIR } from './env';

let session: ChromiumSession;
let cdp: Browser;
let site: Served;
let article: Page;

/** A page that mentions nothing in the dataset: only the loader runs there. */
const QUIET_PAGE = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Soup</title></head><body><main><article>
<h1>A quiet morning</h1><p>${'The kettle took its time and the bread was still warm; we spoke about soup and the garden. '.repeat(6)}</p>
</article></main></body></html>`;

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const srv = createServer().listen(0, '127.0.0.1', () => {
      const port = (srv.address() as { port: number }).port;
      srv.close(() => resolve(port));
    });
  });
}

async function openPopup(tab: Page = article): Promise<PPage> {
  await tab.bringToFront();
  const [worker] = session.context.serviceWorkers();
  const result = await worker.evaluate(`chrome.action.openPopup().then(() => 'ok', (e) => String(e))`);
  expect(result).toBe('ok');
  const target = await cdp.waitForTarget((t) => t.url().endsWith('/popup/index.html'), { timeout: 10_000 });
  const page = (await target.asPage()) as PPage;
  await page.waitForSelector('input[type="search"]');
  return page;
}

async function closePopup(popup: PPage): Promise<void> {
  if (!popup.isClosed()) await popup.close().catch(() => undefined);
}

beforeAll(async () => {
  const port = await freePort();
  site = await serve({ '/articles/': ARTICLES_DIR }, { '/quiet.html': QUIET_PAGE });
  session = await launchChromium({ extraArgs: [`--remote-debugging-port=${port}`] });
  cdp = await puppeteer.connect({ browserURL: `http://127.0.0.1:${port}`, defaultViewport: null });
  article = await session.context.newPage();
  await article.goto(`${site.url}/articles/security-guarantees.html`);
  await article.waitForSelector('backstory-mark');
});

afterAll(async () => {
  await cdp?.disconnect();
  await session?.close();
  await site?.close();
});

describe('the popup in Chromium', () => {
  it('searches the glossary: kiev finds Kyiv, and a result opens its card', async () => {
    const popup = await openPopup();
    const name = await popup.$eval('input[type="search"]', (el) => [el.getAttribute('role') ?? 'searchbox', el.getAttribute('aria-label')]);
    expect(name).toEqual(['searchbox', 'Search glossary']);
    await popup.type('input[type="search"]', 'kiev');
    await popup.waitForFunction(() => document.body.innerText.includes('Kyiv'));
    await popup.keyboard.press('ArrowDown');
    await popup.keyboard.press('Enter');
    await popup.waitForSelector('.card h2');
    expect(await popup.$eval('.card h2', (h) => h.textContent)).toBe('Kyiv');
    await closePopup(popup);
  });

  it('lists what the page mentions, in order, and reveals a mention on the page', async () => {
    const popup = await openPopup();
    await popup.waitForFunction(() => document.body.innerText.includes('Sergey Lavrov'));
    const text = await popup.evaluate(() => document.body.innerText);
    expect(text.indexOf('Russia')).toBeLessThan(text.indexOf('Sergey Lavrov'));
    const clicked = await popup.evaluate(() => {
      const row = [...document.querySelectorAll('button')].find((b) => b.textContent?.includes('Sergey Lavrov'));
      row?.click();
      return !!row;
    });
    expect(clicked).toBe(true);
    await article.getByRole('dialog', { name: 'Sergey Lavrov' }).waitFor({ timeout: 5000 });
    await article.keyboard.press('Escape');
    await closePopup(popup);
  });

  it('has switches named after what they do, and the site switch turns this site off and on', async () => {
    const popup = await openPopup();
    await popup.waitForSelector('[role="switch"]');
    const names = await popup.$$eval('[role="switch"]', (els) => els.map((e) => e.getAttribute('aria-label') ?? e.closest('label')?.textContent?.trim()));
    expect(names).toContain('Show highlights');
    expect(names.some((n) => /on this site/.test(n ?? ''))).toBe(true);
    const site = await popup.$$('[role="switch"]').then(async (els) => {
      for (const el of els) {
        const name = await el.evaluate((e) => e.getAttribute('aria-label') ?? e.closest('label')?.textContent?.trim());
        if (/on this site/.test(name ?? '')) return el;
      }
      return null;
    });
    await site!.click();
    await article.waitForFunction(() => !document.querySelector('backstory-mark'));
    await site!.click();
    await article.waitForSelector('backstory-mark');
    await closePopup(popup);
  });

  it('on a page that mentions nothing (no engine there to answer): found nothing, not "cannot read this page", and a site switch', async () => {
    const quiet = await session.context.newPage();
    await quiet.goto(`${site.url}/quiet.html`);
    await quiet.waitForFunction(() => performance.getEntriesByName('backstory:check').length > 0);
    const popup = await openPopup(quiet);
    await popup.waitForFunction(() => document.body.innerText.includes('found nothing from its dataset'), { timeout: 10_000 });
    expect(await popup.evaluate(() => document.body.innerText.includes('cannot read this page'))).toBe(false);
    // The site is told from the tab's address: its switch is there.
    const names = await popup.$$eval('[role="switch"]', (els) => els.map((e) => e.getAttribute('aria-label') ?? e.closest('label')?.textContent?.trim() ?? ''));
    expect(names.some((n) => /on this site/.test(n))).toBe(true);
    await closePopup(popup);
    expect(await quiet.evaluate(() => performance.getEntriesByName('backstory:annotate').length)).toBe(0);
    await quiet.close();
  });

  it('passes axe-core with no violations, light and dark', async () => {
    const axe = readFileSync(join(ROOT, 'node_modules/axe-core/axe.min.js'), 'utf8');
    for (const scheme of ['light', 'dark'] as const) {
      const popup = await openPopup();
      await popup.emulateMediaFeatures([{ name: 'prefers-color-scheme', value: scheme }]);
      await popup.waitForFunction(() => document.body.innerText.includes('Sergey Lavrov'));
      await popup.evaluate(axe);
      const violations = await popup.evaluate(async () => {
        const result = await (window as unknown as { axe: { run(ctx: Document): Promise<{ violations: { id: string; nodes: unknown[] }[] }> } }).axe.run(document);
        return result.violations.map((v) => `${v.id} (${v.nodes.length})`);
      });
      expect(violations, scheme).toEqual([]);
      const render = await popup.evaluate(() => performance.getEntriesByName('backstory:popup-render').map((e) => e.duration));
      expect(render.length).toBe(1);
      await closePopup(popup);
    }
  });

  it('shows the number of entries found on the toolbar badge, cleared when highlights are off there', async () => {
    await article.bringToFront();
    const [worker] = session.context.serviceWorkers();
    const badge = () =>
      worker.evaluate(`chrome.tabs.query({ active: true, lastFocusedWindow: true }).then(([t]) => chrome.action.getBadgeText({ tabId: t.id }))`) as Promise<string>;
    expect(Number(await badge())).toBeGreaterThan(10);
    await worker.evaluate(`chrome.storage.sync.set({ enabled: false })`);
    await article.waitForFunction(() => !document.querySelector('backstory-mark'));
    await expect.poll(badge).toBe('');
    await worker.evaluate(`chrome.storage.sync.set({ enabled: true })`);
    await article.waitForSelector('backstory-mark');
  });

  it('passes axe-core on an open hover card', async () => {
    const axe = readFileSync(join(ROOT, 'node_modules/axe-core/axe.min.js'), 'utf8');
    await article.locator('backstory-mark[data-entry-id="article-5"]').first().hover();
    await article.getByRole('dialog').waitFor();
    await article.addScriptTag({ content: axe });
    const violations = await article.evaluate(async () => {
      const result = await (window as unknown as { axe: { run(ctx: unknown): Promise<{ violations: { id: string; nodes: unknown[] }[] }> } }).axe.run({ include: [['backstory-card']] });
      return result.violations.map((v) => `${v.id} (${v.nodes.length})`);
    });
    expect(violations).toEqual([]);
  });
});
