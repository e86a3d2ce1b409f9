/**
 * Pages that change after load, in Chromium with the built extension: content added later is highlighted within a
 * second, Backstory's own changes never start another pass, bursts are batched, in-app navigation starts over,
 * and turning highlights off stops every observer. Small synthetic pages served from memory.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { launchChromium, type ChromiumSession } from '../../scripts/lib/browsers';
import { serve, type Served } from '../../scripts/lib/serve';
import { collectExtensionErrors, ExtensionStorage, passCount, waitForPasses } from './helpers';

const FILLER = 'Negotiators met again this week as diplomats from several countries weighed the terms of an agreement and what would follow it. ';

const LIVE = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Live</title></head><body>
<header class="site"><nav><a href="/">Home</a></nav><p id="ticker">Markets</p></header>
<main><article id="story"><h1>Live: the talks</h1>
<p>${FILLER.repeat(3)} Sergey Lavrov spoke first.</p>
<p id="growing">The day began quietly.</p>
<div id="feed"></div>
<section class="comments"><h2>Comments</h2><ol id="comments"></ol>
<form><textarea id="reply"></textarea></form><div id="draft" contenteditable="true"></div></section>
</article><div id="more"></div></main>
<footer class="site"><p>Footer</p></footer></body></html>`;

/** A single-page app: `show(name)` renders an article in place; back and forward render what the URL says. */
const SPA_SCRIPT = `<script>
const ARTICLES = {
  a: '<h1>First story</h1><p>${FILLER.repeat(3)} Sergey Lavrov met the envoy.</p>',
  b: '<h1>Second story</h1><p>${FILLER.repeat(3)} Sergey Lavrov spoke again, this time in Kyiv.</p>',
  c: '<h1>Third story</h1><p>${FILLER.repeat(3)} Sergey Lavrov said nothing new.</p>',
};
let shown = null;
window.render = (name) => { shown = name; document.getElementById('app').innerHTML = '<article>' + ARTICLES[name] + '</article>'; };
window.addEventListener('popstate', () => {
  const name = location.pathname.endsWith('/b') ? 'b' : 'a';
  if (name !== shown) render(name);
});
</script>`;
const SPA = (name: string) => `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>App</title></head><body>
<nav><a href="/spa/a">A</a> <a href="/spa/b">B</a></nav><div id="app"></div>${SPA_SCRIPT}<script>render('${name}')</script></body></html>`;

let browser: ChromiumSession;
let site: Served;
let storage: ExtensionStorage;
let page: Page;
let errors: string[];

beforeAll(async () => {
  site = await serve({}, { '/live.html': LIVE, '/spa/a': SPA('a'), '/spa/b': SPA('b') });
  browser = await launchChromium();
  storage = await ExtensionStorage.open(browser);
});

afterAll(async () => {
  await browser?.close();
  await site?.close();
});

afterEach(async () => {
  expect(errors).toEqual([]);
  await page?.close();
  await storage.reset();
});

async function open(path: string): Promise<Page> {
  page = await browser.context.newPage();
  errors = collectExtensionErrors(page);
  await page.goto(`${site.url}${path}`);
  await waitForPasses(page, 1);
  return page;
}

/**
 * Runs `change` in the page (its main world, as the page's own script would) and returns the milliseconds until a
 * highlight matching `selector` appears, measured in the page by its own MutationObserver.
 */
async function msUntilHighlighted(selector: string, change: string): Promise<number> {
  await page.evaluate(({ selector, change }) => {
    const w = window as unknown as { __t0: number; __t1?: number };
    w.__t1 = undefined;
    const seen = () => {
      if (w.__t1 === undefined && document.querySelector(selector)) w.__t1 = performance.now();
    };
    new MutationObserver(seen).observe(document, { childList: true, subtree: true });
    w.__t0 = performance.now();
    new Function(change)();
  }, { selector, change });
  await page.waitForFunction(() => (window as unknown as { __t1?: number }).__t1 !== undefined, undefined, { timeout: 5000 });
  return page.evaluate(() => {
    const w = window as unknown as { __t0: number; __t1: number };
    return w.__t1 - w.__t0;
  });
}

const ids = () => page.$$eval('backstory-mark', (els) => els.map((e) => e.getAttribute('data-entry-id')));

describe('content added later', () => {
  it('highlights a paragraph a live blog appends, within a second', async () => {
    await open('/live.html');
    expect(await ids()).toContain('sergey-lavrov');
    const ms = await msUntilHighlighted('backstory-mark[data-entry-id="volodymyr-zelensky"]',
      `const p = document.createElement('p'); p.textContent = 'Update: Volodymyr Zelensky has arrived.'; document.getElementById('feed').prepend(p);`);
    expect(ms).toBeLessThan(1000);
    expect(await page.$eval('backstory-mark[data-entry-id="volodymyr-zelensky"]', (e) => e.closest('#feed') !== null)).toBe(true);
  });

  it('highlights a text node appended to a paragraph already read', async () => {
    await open('/live.html');
    const ms = await msUntilHighlighted('backstory-mark[data-entry-id="alexander-stubb"]',
      `document.getElementById('growing').append(' Later, Alexander Stubb joined.');`);
    expect(ms).toBeLessThan(1000);
    // The paragraph's first text node was read already and is not split or re-read.
    expect(await page.$eval('#growing', (p) => p.firstChild?.nodeValue)).toBe('The day began quietly.');
  });

  it('highlights the next story an infinite scroll appends after the article', async () => {
    await open('/live.html');
    const ms = await msUntilHighlighted('backstory-mark[data-entry-id="keir-starmer"]',
      `const a = document.createElement('article'); a.innerHTML = '<h2>Next story</h2><p>${FILLER} Keir Starmer hosted the meeting.</p>'; document.getElementById('more').append(a);`);
    expect(ms).toBeLessThan(1000);
  });

  it('highlights comments loaded into the article, but not text typed into its forms', async () => {
    await open('/live.html');
    const ms = await msUntilHighlighted('backstory-mark[data-entry-id="emmanuel-macron"]', `
      document.getElementById('reply').value = 'Donald Trump';
      document.getElementById('draft').append('Olaf Scholz draft');
      document.getElementById('ticker').append(' Recep Tayyip Erdogan');
      for (const text of ['Emmanuel Macron will not like this.', 'Agreed.']) {
        const li = document.createElement('li'); li.innerHTML = '<p></p>'; li.firstChild.textContent = text;
        document.getElementById('comments').append(li);
      }`);
    expect(ms).toBeLessThan(1000);
    await page.waitForTimeout(400);
    const found = await ids();
    for (const id of ['donald-trump', 'olaf-scholz', 'recep-tayyip-erdogan']) expect(found).not.toContain(id);
  });
});

describe('no feedback loop, batched, bounded', () => {
  it('runs one pass for one change, and none for its own highlights', async () => {
    await storage.set({ everyMention: true });
    await open('/live.html');
    expect(await passCount(page)).toBe(1);
    await page.evaluate(() => {
      const p = document.createElement('p');
      p.textContent = 'Kyiv answered Moscow, and Kyiv waited for NATO.';
      document.getElementById('feed')!.append(p);
    });
    await waitForPasses(page, 2);
    expect(await page.locator('#feed backstory-mark').count()).toBe(4);
    // Wrapping added marks and split text nodes to the page: none of it may start another pass.
    await page.waitForTimeout(1200);
    expect(await passCount(page)).toBe(2);
  });

  it('batches a burst of insertions into a few passes and reads each node once', async () => {
    await storage.set({ everyMention: true });
    await open('/live.html');
    await page.evaluate(async () => {
      for (let i = 0; i < 40; i++) {
        const p = document.createElement('p');
        p.textContent = `Update ${i}: a statement from Kyiv.`;
        document.getElementById('feed')!.append(p);
        await new Promise((r) => setTimeout(r, 20));
      }
    });
    await page.waitForFunction(() => document.querySelectorAll('#feed backstory-mark').length === 40, undefined, { timeout: 3000 });
    await page.waitForTimeout(600);
    const passes = await passCount(page);
    expect(passes - 1).toBeGreaterThanOrEqual(1);
    expect(passes - 1).toBeLessThanOrEqual(6);
    expect(await page.locator('#feed backstory-mark').count()).toBe(40);
  });

  it('bounds a flood of thousands of added nodes to a few passes over new text only', async () => {
    await storage.set({ everyMention: true });
    await open('/live.html');
    await page.evaluate(() => {
      const feed = document.getElementById('feed')!;
      for (let i = 0; i < 6000; i++) {
        const span = document.createElement('span');
        span.textContent = i % 100 === 0 ? ' Kyiv. ' : ' word ';
        feed.append(span);
      }
    });
    await page.waitForFunction(() => document.querySelectorAll('#feed backstory-mark').length === 60, undefined, { timeout: 5000 });
    await page.waitForTimeout(600);
    expect(await passCount(page)).toBeLessThanOrEqual(3);
    // The article's first paragraph was not read twice: its one mention is still one mark.
    expect(await page.locator('backstory-mark[data-entry-id="sergey-lavrov"]').count()).toBe(1);
  });
});

describe('in-app navigation', () => {
  const lavrovInArticle = () => page.locator('#app article backstory-mark[data-entry-id="sergey-lavrov"]').count();

  it('starts over when the app renders another article and pushes its URL', async () => {
    await open('/spa/a');
    expect(await lavrovInArticle()).toBe(1);
    // Sergey Lavrov is in both articles: only a new start highlights his first mention in the second one.
    const ms = await msUntilHighlighted('#app backstory-mark[data-entry-id="kyiv"]', `render('b'); history.pushState({}, '', '/spa/b');`);
    expect(ms).toBeLessThan(1000);
    await page.waitForFunction(() => document.querySelectorAll('#app article backstory-mark[data-entry-id="sergey-lavrov"]').length === 1, undefined, { timeout: 1000 });
  });

  it('notices a pushState that comes after the render, with no change after it', async () => {
    await open('/spa/a');
    // Article C mentions only Sergey Lavrov, highlighted already: reading it as added content changes nothing, so
    // no DOM change follows the pushState. Only the Navigation API tells the content script about it.
    const ms = await msUntilHighlighted('#app backstory-mark[data-entry-id="sergey-lavrov"]', `
      render('c');
      setTimeout(() => history.pushState({}, '', '/spa/c'), 50);`);
    expect(ms).toBeLessThan(1000);
  });

  it('starts over on back and forward (popstate)', async () => {
    await open('/spa/a');
    await page.evaluate(() => {
      (window as unknown as { render(n: string): void }).render('b');
      history.pushState({}, '', '/spa/b');
    });
    await page.waitForSelector('#app backstory-mark[data-entry-id="kyiv"]', { timeout: 2000 });
    // The app renders the first article again from its own script (popstate); B's highlights go with B.
    const ms = await msUntilHighlighted('#app backstory-mark[data-entry-id="sergey-lavrov"]', `render('b'); history.back();`);
    expect(ms).toBeLessThan(1000);
    expect(page.url()).toMatch(/\/spa\/a$/);
    expect(await page.locator('#app backstory-mark[data-entry-id="kyiv"]').count()).toBe(0);
  });

  it('does not start over for a jump to an anchor of the same page', async () => {
    await open('/spa/a');
    const before = await passCount(page);
    const mark = await page.$('backstory-mark');
    await page.evaluate(() => {
      location.hash = '#comments';
    });
    await page.waitForTimeout(900);
    expect(await passCount(page)).toBe(before);
    expect(await mark!.evaluate((m) => m.isConnected)).toBe(true);
  });
});

describe('turning off', () => {
  it('stops every observer: no highlight and no pass after it, whatever the page does', async () => {
    await open('/spa/a');
    await storage.set({ enabled: false });
    await page.waitForFunction(() => !document.querySelector('backstory-mark'));
    const passes = await passCount(page);
    await page.evaluate(() => {
      const p = document.createElement('p');
      p.textContent = 'Volodymyr Zelensky arrived in Kyiv.';
      document.querySelector('#app article')!.append(p);
      (window as unknown as { render(n: string): void }).render('b');
      history.pushState({}, '', '/spa/b');
      history.back();
    });
    await page.waitForTimeout(1200);
    expect(await page.locator('backstory-mark, backstory-card').count()).toBe(0);
    expect(await passCount(page)).toBe(passes);
  });
});
