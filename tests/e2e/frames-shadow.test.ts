/**
 * Beyond the plain DOM, in Chromium with the built extension: article text in open shadow roots and in same-origin
 * iframes (a src frame, a srcdoc frame) is highlighted, its cards open, and turning highlights off restores it
 * exactly. Closed shadow roots, cross-origin frames and about:blank frames (ad slots, frames a page writes into) are
 * left alone.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Frame, Page } from 'playwright-core';
import { launchChromium, type ChromiumSession } from '../../scripts/lib/browsers';
import { serve, type Served } from '../../scripts/lib/serve';
import { collectExtensionErrors, compareWithSnapshot, ExtensionStorage, snapshotPage, waitForNoMarks, waitForPasses } from './helpers';

const FILLER = 'Negotiators met again this week as diplomats from several countries weighed the terms of an agreement and what would follow it. ';
const FRAME = `<!doctype html><html lang="en"><head><meta charset="utf-8"></head><body><article><p>${FILLER.repeat(2)} Volodymyr Zelensky spoke from inside a frame.</p></article></body></html>`;

const page = (foreign: string) => `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Components</title></head><body>
<main><article><h1>Story</h1>
<p>${FILLER.repeat(3)} Sergey Lavrov opened the meeting.</p>
<news-quote id="declarative"><template shadowrootmode="open"><style>p { color: #333; }</style><blockquote><p>Keir Starmer said it in <em>Kyiv</em>.</p></blockquote><slot></slot></template><p>Light text about nothing.</p></news-quote>
<news-quote id="scripted"></news-quote>
<news-quote id="closed"></news-quote>
<iframe id="same" src="/frame.html" width="600" height="300"></iframe>
<iframe id="srcdoc" width="600" height="200" srcdoc="<p>Olaf Scholz wrote from a srcdoc frame.</p>"></iframe>
<iframe id="foreign" src="${foreign}/frame.html" width="600" height="200"></iframe>
<iframe id="written" width="600" height="120"></iframe>
<iframe id="slot" width="300" height="50"></iframe>
</article></main>
<script>
const written = document.getElementById('written').contentDocument;
written.open();
written.write('<p>' + ${JSON.stringify(FILLER)} + ' Mark Rutte wrote into a blank frame.</p>');
written.close();
document.getElementById('slot').contentDocument.body.append('Ad');
document.getElementById('scripted').attachShadow({ mode: 'open' }).innerHTML = '<div><p>Emmanuel Macron answered.</p></div>';
document.getElementById('closed').attachShadow({ mode: 'closed' }).innerHTML = '<p>Donald Trump stayed silent.</p>';
window.addQuote = (text) => { const p = document.createElement('p'); p.textContent = text; document.getElementById('scripted').shadowRoot.append(p); };
</script></body></html>`;

let browser: ChromiumSession;
let site: Served;
let foreign: Served;
let storage: ExtensionStorage;
let tab: Page;
let errors: string[];

beforeAll(async () => {
  // Another port is another origin: the frame it serves is cross-origin.
  foreign = await serve({}, { '/frame.html': FRAME });
  site = await serve({}, { '/components.html': page(foreign.url), '/frame.html': FRAME });
  browser = await launchChromium();
  storage = await ExtensionStorage.open(browser);
});

afterAll(async () => {
  await browser?.close();
  await site?.close();
  await foreign?.close();
});

afterEach(async () => {
  expect(errors).toEqual([]);
  await tab?.close();
  await storage.reset();
});

async function frame(id: string): Promise<Frame> {
  const f = await (await tab.$(`iframe#${id}`))?.contentFrame();
  if (!f) throw new Error(`no frame ${id}`);
  return f;
}

const framePasses = async (id: string) => (await frame(id)).evaluate(() => performance.getEntriesByName('backstory:annotate').length);
const frameIds = async (id: string) => (await frame(id)).$$eval('backstory-mark', (els) => els.map((e) => e.getAttribute('data-entry-id')));
const shadowIds = (host: string) => tab.$eval(host, (el) => [...(el.shadowRoot?.querySelectorAll('backstory-mark') ?? [])].map((m) => m.getAttribute('data-entry-id')));

async function open(): Promise<void> {
  tab = await browser.context.newPage();
  errors = collectExtensionErrors(tab);
  await tab.goto(`${site.url}/components.html`);
  await waitForPasses(tab, 1);
  // A frame with a URL runs its own copy of the content script (its passes are in its own timeline); a srcdoc frame
  // is read by the copy of the page that holds it (content-scripts/frames.ts), so its marks are what to wait for.
  await expect.poll(() => framePasses('same'), { timeout: 10_000 }).toBeGreaterThanOrEqual(1);
  await expect.poll(() => frameIds('srcdoc'), { timeout: 10_000 }).not.toEqual([]);
}

describe('open shadow roots', () => {
  it('highlights article text in declarative and scripted open shadow roots, not in closed ones', async () => {
    await open();
    expect(await shadowIds('#declarative')).toEqual(['keir-starmer', 'kyiv']);
    expect(await shadowIds('#scripted')).toEqual(['emmanuel-macron']);
    const all = await tab.$$eval('backstory-mark', (els) => els.map((e) => e.getAttribute('data-entry-id')));
    expect(all).not.toContain('donald-trump');
  });

  it('opens the card of a highlight inside a shadow root on hover and on focus', async () => {
    await open();
    await tab.locator('#scripted backstory-mark[data-entry-id="emmanuel-macron"]').hover();
    await tab.getByRole('dialog', { name: 'Emmanuel Macron' }).waitFor({ timeout: 3000 });
    await tab.mouse.move(5, 5);
    await expect.poll(() => tab.getByRole('dialog').count(), { timeout: 3000 }).toBe(0);
    await tab.locator('#declarative backstory-mark[data-entry-id="keir-starmer"]').focus();
    await tab.getByRole('dialog', { name: 'Keir Starmer' }).waitFor({ timeout: 3000 });
    await tab.keyboard.press('Escape');
    expect(await tab.getByRole('dialog').count()).toBe(0);
  });

  it('follows text added to a shadow root later', async () => {
    await open();
    await tab.evaluate(() => (window as unknown as { addQuote(t: string): void }).addQuote('Alexander Stubb agreed.'));
    await expect.poll(() => shadowIds('#scripted'), { timeout: 2000 }).toContain('alexander-stubb');
  });
});

describe('iframes', () => {
  it('highlights article text in same-origin frames (src and srcdoc), not in cross-origin ones', async () => {
    await open();
    expect(await frameIds('same')).toEqual(['volodymyr-zelensky']);
    expect(await frameIds('srcdoc')).toEqual(['olaf-scholz']);
    await tab.waitForTimeout(500);
    expect(await (await frame('foreign')).evaluate(() => document.readyState)).toBe('complete');
    expect(await frameIds('foreign')).toEqual([]);
    expect(await framePasses('foreign')).toBe(0);
  });

  it('leaves about:blank frames alone (ad slots, and frames the page writes into): no copy runs there', async () => {
    // The cost this avoids: ad-heavy pages have dozens of such frames, and each copy, or each frame reached from the
    // page's copy, cost the page's main thread 1-3 ms (docs/decisions/006-frames-shadow-dynamic.md).
    await open();
    await tab.waitForTimeout(500);
    expect(await frameIds('written')).toEqual([]);
    expect(await frameIds('slot')).toEqual([]);
    for (const id of ['written', 'slot', 'srcdoc']) expect(await framePasses(id)).toBe(0);
  });

  it('opens a card inside the frame, in a src frame and in a srcdoc frame', async () => {
    await open();
    const f = await frame('same');
    await f.locator('backstory-mark[data-entry-id="volodymyr-zelensky"]').hover();
    await f.getByRole('dialog', { name: 'Volodymyr Zelensky' }).waitFor({ timeout: 3000 });
    const s = await frame('srcdoc');
    await s.locator('backstory-mark[data-entry-id="olaf-scholz"]').hover();
    await s.getByRole('dialog', { name: 'Olaf Scholz' }).waitFor({ timeout: 3000 });
  });
});

describe('turning off', () => {
  it('restores the page, its shadow roots and its frames exactly, then highlights them again', async () => {
    await storage.set({ enabled: false });
    tab = await browser.context.newPage();
    errors = collectExtensionErrors(tab);
    await tab.goto(`${site.url}/components.html`);
    await tab.waitForTimeout(300);
    await snapshotPage(tab);
    await storage.set({ enabled: true });
    await waitForPasses(tab, 1);
    await expect.poll(() => frameIds('same'), { timeout: 10_000 }).toEqual(['volodymyr-zelensky']);
    await expect.poll(() => frameIds('srcdoc'), { timeout: 10_000 }).toEqual(['olaf-scholz']);
    expect(await shadowIds('#declarative')).toEqual(['keir-starmer', 'kyiv']);
    await storage.set({ enabled: false });
    await waitForNoMarks(tab);
    for (const id of ['same', 'srcdoc']) await expect.poll(() => frameIds(id), { timeout: 5000 }).toEqual([]);
    await expect.poll(() => shadowIds('#declarative'), { timeout: 5000 }).toEqual([]);
    const c = await compareWithSnapshot(tab);
    expect(c.diff).toBe('');
    expect(c).toMatchObject({ htmlSame: true, nodesChanged: 0, framesSame: true, shadowsSame: true });
    expect(c.nodes).toBeGreaterThan(10);
    await storage.set({ enabled: true });
    await expect.poll(() => frameIds('same'), { timeout: 10_000 }).toEqual(['volodymyr-zelensky']);
    await expect.poll(() => shadowIds('#scripted'), { timeout: 10_000 }).toEqual(['emmanuel-macron']);
  });
});
