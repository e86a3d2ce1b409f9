/**
 * Hostile pages, in Chromium with the built extension: page CSS that hides or restyles `mark`, `div`, our own tags
 * or every element cannot hide or restyle highlights or cards; main-world scripts that override built-ins do not
 * reach the content script (it runs in an isolated world); a page with more than 5 MB of text stays responsive.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { launchChromium, type ChromiumSession } from '../../scripts/lib/browsers';
import { serve, type Served } from '../../scripts/lib/serve';
import {
  collectExtensionErrors, compareWithSnapshot, disablePageScripts, ExtensionStorage, snapshotPage, waitForNoMarks, waitForPasses,
} from './helpers';

const FILLER = 'Negotiators met again this week as diplomats from several countries weighed the terms of an agreement and what would follow it. ';
const ARTICLE = `<article><h1>Talks</h1><p>${FILLER.repeat(3)}</p><p>Sergey Lavrov met Steve Witkoff in Moscow on Tuesday.</p><p>${FILLER.repeat(2)} Officials in Kyiv waited.</p></article>`;
const pageWith = (css: string, extraBody = '') => `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Hostile</title>
<style>${css}</style></head><body><div class="ad">Advertisement</div>${ARTICLE}${extraBody}</body></html>`;

/** Style sheets written to beat a highlighter: each must leave highlights and cards visible, with their colours. */
const HOSTILE_CSS: Record<string, string> = {
  'every element reset (* { all: unset })': '* { all: unset !important; }',
  'mark, div and span hidden or recoloured': 'mark, div, span, section { display: none !important; } mark, [data-entry-id] { background: red !important; color: red !important; }',
  'our own tags hidden every way': `backstory-mark, backstory-card, backstory-card * { display: none !important; visibility: hidden !important;
    opacity: 0 !important; background: red !important; color: transparent !important; -webkit-text-fill-color: transparent !important;
    filter: opacity(0) !important; font-size: 0 !important; position: absolute !important; left: -9999px !important;
    clip-path: inset(50%) !important; transform: scale(0) !important; zoom: 0.01 !important; pointer-events: none !important;
    content-visibility: hidden !important; mask: linear-gradient(transparent, transparent) !important; }`,
  'everything hidden but the article': '* { display: none !important; } html, body, article, article p, article h1 { display: block !important; }',
  'children of body and html hidden': 'body > div { display: none !important; } html > :not(head):not(body) { display: none !important; }',
  'important rules in a cascade layer': '@layer site { backstory-mark, backstory-card { display: none !important; } * { color: transparent !important; background-color: #000 !important; } }',
  'page styles for [role], [tabindex] and dialogs': '[role="button"], [tabindex], [role="dialog"], [aria-haspopup] { display: none !important; opacity: 0 !important; }',
};

/** An overlay with the largest z-index, added to <html> after Backstory's card host is already there. */
const OVERLAY_SCRIPT = `<script>
window.addOverlay = () => {
  const o = document.createElement('div');
  o.className = 'overlay';
  o.style.cssText = 'position:fixed;inset:0;z-index:2147483647;background:rgba(0,0,0,.5)';
  document.documentElement.append(o);
};
</script>`;

let browser: ChromiumSession;
let site: Served;
let storage: ExtensionStorage;
let tab: Page | undefined;
let errors: string[] = [];

const pages: Record<string, string> = { '/overlay.html': pageWith('', OVERLAY_SCRIPT) };
Object.keys(HOSTILE_CSS).forEach((name, i) => {
  pages[`/css-${i}.html`] = pageWith(HOSTILE_CSS[name]);
});

beforeAll(async () => {
  site = await serve({}, { ...pages, '/poisoned.html': POISONED, '/big.html': bigPage(), '/many.html': bigPage(1.2e6), '/strict-csp.html': pageWith('') });
  site.server.prependListener('request', (req, res) => {
    if (req.url === '/strict-csp.html') res.setHeader('content-security-policy', "default-src 'none'; style-src 'self'; script-src 'self'");
  });
  browser = await launchChromium();
  storage = await ExtensionStorage.open(browser);
});

afterAll(async () => {
  await browser?.close();
  await site?.close();
});

afterEach(async () => {
  expect(errors).toEqual([]);
  await tab?.close();
  tab = undefined;
  await storage.reset();
});

async function open(path: string): Promise<Page> {
  tab = await browser.context.newPage();
  errors = collectExtensionErrors(tab);
  await tab.goto(`${site.url}${path}`);
  await waitForPasses(tab, 1);
  return tab;
}

const LAVROV = 'backstory-mark[data-entry-id="sergey-lavrov"]';

/** How the highlight looks, and whether it is what the reader sees at its centre. */
function markLook(page: Page) {
  return page.evaluate((sel) => {
    const m = document.querySelector(sel) as HTMLElement;
    m.scrollIntoView({ block: 'center' });
    const r = m.getBoundingClientRect();
    const s = getComputedStyle(m);
    const hit = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
    return {
      background: s.backgroundColor, color: s.color, fill: s.webkitTextFillColor, display: s.display, visibility: s.visibility,
      opacity: s.opacity, filter: s.filter, transform: s.transform, position: s.position,
      visible: r.width > 20 && r.height > 8, onTop: !!hit && (hit === m || m.contains(hit)),
    };
  }, LAVROV);
}

/** How the open card looks, and whether it is on top at its centre. */
function cardLook(page: Page) {
  return page.evaluate(() => {
    const host = document.querySelector('backstory-card')!;
    const dialog = host.shadowRoot!.querySelector('[role="dialog"]') as HTMLElement;
    const r = dialog.getBoundingClientRect();
    const s = getComputedStyle(dialog);
    const x = r.left + r.width / 2;
    const y = r.top + Math.min(r.height / 2, 30);
    const inner = host.shadowRoot!.elementFromPoint(x, y);
    return {
      background: s.backgroundColor, color: s.color, display: s.display, visibility: s.visibility, opacity: s.opacity,
      visible: r.width > 200 && r.height > 60, onTop: document.elementFromPoint(x, y) === host && !!inner && dialog.contains(inner),
      name: dialog.querySelector('h2')?.textContent,
    };
  });
}

const MARK_LOOK = {
  background: 'rgb(255, 230, 156)', color: 'rgb(26, 26, 26)', fill: 'rgb(26, 26, 26)', display: 'inline', visibility: 'visible',
  opacity: '1', filter: 'none', transform: 'none', position: 'static', visible: true, onTop: true,
};
const CARD_LOOK = {
  background: 'rgb(255, 255, 255)', color: 'rgb(27, 27, 31)', display: 'block', visibility: 'visible', opacity: '1',
  visible: true, onTop: true, name: 'Sergey Lavrov',
};

async function openCardByHover(page: Page): Promise<void> {
  await page.locator(LAVROV).hover();
  await page.getByRole('dialog', { name: 'Sergey Lavrov' }).waitFor({ timeout: 3000 });
  await page.waitForTimeout(250); // the card's 120 ms fade-in
}

describe('page CSS cannot hide or restyle highlights and cards', () => {
  Object.keys(HOSTILE_CSS).forEach((name, i) => {
    it(name, async () => {
      const page = await open(`/css-${i}.html`);
      expect(await markLook(page)).toEqual(MARK_LOOK);
      await openCardByHover(page);
      expect(await cardLook(page)).toEqual(CARD_LOOK);
    });
  });

  it('a Content-Security-Policy without inline styles or scripts does not unstyle highlights or cards', async () => {
    const page = await open('/strict-csp.html');
    expect(await markLook(page)).toEqual(MARK_LOOK);
    await openCardByHover(page);
    expect(await cardLook(page)).toEqual(CARD_LOOK);
  });

  it('an overlay with the largest z-index added after the card host does not cover the card', async () => {
    const page = await open('/overlay.html');
    await page.locator(LAVROV).focus();
    await page.getByRole('dialog').waitFor();
    await page.keyboard.press('Escape');
    await page.locator(LAVROV).blur();
    await page.evaluate(() => (window as unknown as { addOverlay(): void }).addOverlay());
    await page.locator(LAVROV).focus();
    await page.getByRole('dialog', { name: 'Sergey Lavrov' }).waitFor();
    await page.waitForTimeout(250);
    expect(await cardLook(page)).toEqual(CARD_LOOK);
  });
});

/**
 * Overrides, in the page's main world, the built-ins a content script uses. Each throws and records that it was
 * called. A content script in the page's world would break on the first of them.
 */
const POISON_SCRIPT = `<script>
(() => {
  const setAttribute = Element.prototype.setAttribute;
  const root = document.documentElement;
  const calls = [];
  const trap = (name) => function () {
    calls.push(name);
    setAttribute.call(root, 'data-poisoned', calls.join(' '));
    throw new Error('page override called: ' + name);
  };
  const poison = (target, names, label) => {
    for (const n of names) {
      try { Object.defineProperty(target, n, { value: trap(label + '.' + n), configurable: true, writable: true }); } catch (e) {}
    }
  };
  poison(Array.prototype, ['push', 'map', 'filter', 'forEach', 'sort', 'includes', 'indexOf', 'slice', 'splice', 'join', 'some', 'find', 'flatMap'], 'Array.prototype');
  poison(Element.prototype, ['appendChild', 'insertBefore', 'setAttribute', 'removeAttribute', 'closest', 'querySelector', 'querySelectorAll', 'attachShadow', 'getAttribute', 'hasAttribute', 'getBoundingClientRect', 'getClientRects', 'matches', 'remove', 'append'], 'Element.prototype');
  poison(Node.prototype, ['contains', 'insertBefore', 'appendChild', 'removeChild', 'replaceChild', 'cloneNode', 'normalize'], 'Node.prototype');
  poison(Document.prototype, ['createElement', 'createTreeWalker', 'createTextNode', 'querySelectorAll', 'querySelector', 'getElementById'], 'Document.prototype');
  poison(EventTarget.prototype, ['addEventListener', 'removeEventListener', 'dispatchEvent'], 'EventTarget.prototype');
  poison(CSSStyleDeclaration.prototype, ['setProperty', 'removeProperty'], 'CSSStyleDeclaration.prototype');
  poison(JSON, ['parse', 'stringify'], 'JSON');
  poison(String.prototype, ['slice', 'toLowerCase', 'normalize', 'replace', 'split', 'indexOf', 'trim', 'startsWith'], 'String.prototype');
  poison(RegExp.prototype, ['exec', 'test'], 'RegExp.prototype');
  poison(Map.prototype, ['get', 'set', 'has'], 'Map.prototype');
  poison(Set.prototype, ['add', 'has'], 'Set.prototype');
  poison(WeakMap.prototype, ['get', 'set', 'has'], 'WeakMap.prototype');
  poison(WeakSet.prototype, ['add', 'has'], 'WeakSet.prototype');
  poison(Math, ['max', 'min', 'round'], 'Math');
  poison(Object, ['keys', 'entries', 'assign', 'hasOwn', 'defineProperty', 'values'], 'Object');
  poison(performance, ['now', 'mark', 'measure', 'clearMarks'], 'performance');
  poison(window, ['setTimeout', 'clearTimeout', 'requestAnimationFrame', 'cancelAnimationFrame', 'MutationObserver', 'MessageChannel', 'queueMicrotask', 'getComputedStyle', 'matchMedia', 'fetch'], 'window');
  poison(Promise.prototype, ['then', 'catch', 'finally'], 'Promise.prototype');
  poison(Promise, ['resolve', 'all', 'race'], 'Promise');
  poison(Function.prototype, ['call', 'apply', 'bind'], 'Function.prototype');
  for (const [proto, prop] of [[Node.prototype, 'textContent'], [Node.prototype, 'parentNode'], [Node.prototype, 'parentElement'], [CharacterData.prototype, 'data'], [Element.prototype, 'tagName'], [Node.prototype, 'nodeType'], [Element.prototype, 'shadowRoot'], [Node.prototype, 'nextSibling'], [Document.prototype, 'body']]) {
    Object.defineProperty(proto, prop, { get: trap(prop), set: trap(prop), configurable: true });
  }
  window.scheduler = { yield: trap('scheduler.yield') };
  window.navigation = { addEventListener: trap('navigation.addEventListener') };
  window.chrome = { runtime: { sendMessage: trap('chrome.runtime.sendMessage') } };
  window.browser = window.chrome;
})();
</script>`;

const POISONED = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Poisoned</title>${POISON_SCRIPT}</head><body>${ARTICLE}</body></html>`;

describe('main-world scripts', () => {
  it('overriding built-ins (Array.prototype.push, appendChild, setTimeout, JSON.parse, Node.contains...) does not affect the content script', async () => {
    // Only locators and getByRole are used here: they run in Playwright's own isolated world, as the content
    // script runs in the extension's. page.evaluate would run in the poisoned main world.
    await storage.set({ enabled: false });
    tab = await browser.context.newPage();
    errors = collectExtensionErrors(tab);
    await tab.goto(`${site.url}/poisoned.html`);
    const article = tab.locator('article');
    const before = await article.innerHTML();
    await storage.set({ enabled: true });
    await tab.locator(LAVROV).waitFor({ timeout: 10_000 });
    expect(await tab.locator('backstory-mark').count()).toBeGreaterThanOrEqual(3);
    await tab.locator(LAVROV).hover();
    await tab.getByRole('dialog', { name: 'Sergey Lavrov' }).waitFor({ timeout: 3000 });
    await storage.set({ enabled: false });
    await expect.poll(() => tab!.locator('backstory-mark, backstory-card').count(), { timeout: 5000 }).toBe(0);
    expect(await article.innerHTML()).toBe(before);
    await storage.set({ enabled: true });
    await tab.locator(LAVROV).waitFor({ timeout: 10_000 });
    // Nothing called a single override: not the content script, and not the page's own code.
    expect(await tab.locator('html').getAttribute('data-poisoned')).toBeNull();
  });
});

describe('bad input', () => {
  it('corrupt values in storage fall back to the defaults: highlights still show', async () => {
    await storage.set({ enabled: 'yes', kinds: 42, everyMention: 'often', disabledSites: '127.0.0.1' });
    const page = await open('/css-0.html');
    expect(await page.locator(LAVROV).count()).toBe(1);
    // Every mention off (the default), all kinds on (the default).
    expect(await page.locator('backstory-mark[data-entry-id="kyiv"]').count()).toBe(1);
    await storage.set({ kinds: { people: 'no', places: null }, disabledSites: [42, { host: '127.0.0.1' }] });
    await page.reload();
    await waitForPasses(page, 1);
    expect(await page.locator(LAVROV).count()).toBe(1);
    expect(await page.locator('backstory-mark[data-entry-id="kyiv"]').count()).toBe(1);
  });

  it('a page whose own JavaScript is off still gets highlights, and cards that open after the hover delay', async () => {
    // Content scripts run there, but the browser never fires their setTimeout callbacks (see content-scripts/timers.ts).
    tab = await browser.context.newPage();
    errors = collectExtensionErrors(tab);
    await disablePageScripts(browser.context, tab);
    await tab.goto(`${site.url}/css-0.html`);
    await tab.locator(LAVROV).waitFor({ timeout: 10_000 });
    await tab.locator(LAVROV).hover();
    await tab.getByRole('dialog', { name: 'Sergey Lavrov' }).waitFor({ timeout: 3000 });
    await tab.mouse.move(2, 2);
    await expect.poll(() => tab!.getByRole('dialog').count(), { timeout: 3000 }).toBe(0);
  });
});

/** A single article of more than 5 MB of text (by default), a mention in every paragraph. */
function bigPage(bytes = 5.3e6): string {
  const names = ['Sergey Lavrov', 'Kyiv', 'NATO', 'Volodymyr Zelensky', 'Moscow', 'Keir Starmer', 'Donald Trump', 'Finland', 'Poland'];
  const paras: string[] = [];
  let size = 0;
  for (let i = 0; size < bytes; i++) {
    const p = `<p>Paragraph ${i}: negotiators met again this week as diplomats weighed the terms. ${names[i % names.length]} said the talks went on for hours, and officials described the mood as tense but workable, with many details still unsettled. ${'More ordinary words fill the line so the page is long. '.repeat(12)}</p>\n`;
    paras.push(p);
    size += p.length;
  }
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Big</title></head><body><article><h1>A very long page</h1>${paras.join('')}</article></body></html>`;
}

interface Responsiveness {
  longTasks: number[];
  maxFrameGap: number;
}

/** Starts counting long tasks (PerformanceObserver) and the longest gap between animation frames. */
const startWatching = (page: Page) => page.evaluate(() => {
  const w = window as unknown as { __long: number[]; __gaps: number[] };
  w.__long = [];
  w.__gaps = [];
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) w.__long.push(Math.round(e.duration));
  }).observe({ type: 'longtask' });
  let last = performance.now();
  const loop = (t: number) => {
    w.__gaps.push(t - last);
    last = t;
    requestAnimationFrame(loop);
  };
  requestAnimationFrame(loop);
});

const takeWatch = (page: Page): Promise<Responsiveness> => page.evaluate(() => {
  const w = window as unknown as { __long: number[]; __gaps: number[] };
  const out = { longTasks: w.__long, maxFrameGap: Math.round(Math.max(0, ...w.__gaps.slice(1))) };
  w.__long = [];
  w.__gaps = [];
  return out;
});

describe('a page with more than 5 MB of text', () => {
  it('with every mention on, thousands of highlights are restored exactly (frame by frame) and come back', async () => {
    await storage.set({ enabled: false, everyMention: true });
    tab = await browser.context.newPage();
    errors = collectExtensionErrors(tab);
    await tab.goto(`${site.url}/many.html`);
    await snapshotPage(tab);
    await storage.set({ enabled: true });
    await waitForPasses(tab, 1, 30_000);
    const marks = await tab.locator('backstory-mark').count();
    expect(marks).toBeGreaterThan(1000); // RESTORE_PER_FRAME is 300
    await storage.set({ enabled: false });
    await waitForNoMarks(tab, 20_000);
    const c = await compareWithSnapshot(tab);
    expect(c.diff).toBe('');
    expect(c).toMatchObject({ htmlSame: true, nodesChanged: 0 });
    await storage.set({ enabled: true });
    await waitForPasses(tab, 2, 30_000);
    expect(await tab.locator('backstory-mark').count()).toBe(marks);
  });

  it('stays responsive while Backstory annotates and restores it: no long task', async () => {
    // The page's own loading is over before highlights are switched on, so every long task in the window is
    // Backstory's (its script or the layout its changes cause). The machine may be shared with other work:
    // a run is repeated up to three times and the best counts.
    const runs: { on: Responsiveness; off: Responsiveness; chars: number }[] = [];
    for (let attempt = 0; attempt < 3; attempt++) {
      await storage.set({ enabled: false });
      tab = await browser.context.newPage();
      errors = collectExtensionErrors(tab);
      await tab.goto(`${site.url}/big.html`);
      await tab.waitForTimeout(800);
      await startWatching(tab);
      await tab.waitForTimeout(200);
      await takeWatch(tab);
      await storage.set({ enabled: true });
      await waitForPasses(tab, 1, 30_000);
      await tab.waitForTimeout(300);
      const on = await takeWatch(tab);
      const chars = await tab.evaluate(() => (performance.getEntriesByName('backstory:annotate')[0] as PerformanceMeasure).detail.chars as number);
      expect(await tab.locator('backstory-mark').count()).toBeGreaterThan(5);
      await storage.set({ enabled: false });
      await waitForNoMarks(tab);
      await tab.waitForTimeout(300);
      const off = await takeWatch(tab);
      runs.push({ on, off, chars });
      await tab.close();
      tab = undefined;
      if (!on.longTasks.length && !off.longTasks.length) break;
    }
    const best = runs.reduce((a, b) => (a.on.longTasks.length + a.off.longTasks.length <= b.on.longTasks.length + b.off.longTasks.length ? a : b));
    console.log(`5 MB page: ${JSON.stringify(runs)}`);
    expect(best.chars).toBeGreaterThan(5_000_000);
    expect(best.on.longTasks).toEqual([]);
    expect(best.off.longTasks).toEqual([]);
    expect(best.on.maxFrameGap).toBeLessThan(120);
  });
});
