/**
 * The corpus suite: 42 pages saved from real sites (../shared/corpus), in Chromium with the built extension.
 * For each page: load it with highlights off and snapshot it (body.innerHTML and every text node object in the
 * page's main world), turn highlights on and wait for the pass, turn them off, and check the page is exactly as
 * found; then turn them on again. No error may come from the extension.
 *
 * The pages' own JavaScript is off (their scripts would load ads and rewrite the DOM themselves, and the machine is
 * offline): the content script still runs, in its isolated world. Pages are served as UTF-8 (serve.ts) because
 * some declare their charset late or never. Several pages share one browser and are handled a batch at a time,
 * since the settings switch reaches every tab at once.
 */
import { readdirSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { launchChromium, type ChromiumSession } from '../../scripts/lib/browsers';
import { serve, type Served } from '../../scripts/lib/serve';
import { CORPUS_DIR } from './env';
import {
  collectExtensionErrors, compareWithSnapshot, disablePageScripts, ExtensionStorage, markCount, snapshotPage,
  waitForNoMarks, waitForPasses, type Comparison,
} from './helpers';

const PAGES = readdirSync(CORPUS_DIR).filter((f) => f.endsWith('.html')).sort();
/** Pages open at once. Each settings change reaches them all; 2 cores are shared by the browser and the runner. */
const BATCH = 6;

interface PageResult {
  name: string;
  marks: number;
  marksAgain: number;
  comparison: Comparison | null;
  cardLeft: boolean;
  errors: string[];
  failure: string | null;
  ms: number;
}

let browser: ChromiumSession;
let site: Served;
let storage: ExtensionStorage;
const results = new Map<string, PageResult>();
/** The same on a few long pages with every mention highlighted (thousands of marks: tests/e2e/hostile.test.ts). */
const EVERY_MENTION_PAGES = ['wikipedia-2.html', 'wikipedia.html', 'yahoo-3.html', 'lwn-1.html'];
const everyMention = new Map<string, PageResult>();

async function runBatch(names: string[], into = results): Promise<void> {
  await storage.set({ enabled: false });
  const open: { name: string; page: Page; result: PageResult; started: number }[] = [];
  for (const name of names) {
    const page = await browser.context.newPage();
    const result: PageResult = { name, marks: 0, marksAgain: 0, comparison: null, cardLeft: false, errors: collectExtensionErrors(page), failure: null, ms: 0 };
    into.set(name, result);
    open.push({ name, page, result, started: Date.now() });
  }
  const step = async (what: string, fn: (p: (typeof open)[number]) => Promise<void>) => {
    await Promise.all(open.filter((p) => !p.result.failure).map((p) => fn(p).catch(async (err: unknown) => {
      const state = await p.page.evaluate(() => ({
        marks: document.querySelectorAll('backstory-mark').length,
        hosts: document.querySelectorAll('backstory-card').length,
        passes: performance.getEntriesByName('backstory:annotate').length,
        visibility: document.visibilityState,
      })).catch(() => null);
      p.result.failure = `${what}: ${(err as Error).message.split('\n')[0]} ${JSON.stringify(state)} ${p.result.errors.join('; ')}`;
    })));
  };
  await step('load', async ({ page, name }) => {
    await disablePageScripts(browser.context, page);
    await page.goto(`${site.url}/corpus/${encodeURIComponent(name)}`, { waitUntil: 'load', timeout: 30_000 });
    await snapshotPage(page);
    if (await markCount(page)) throw new Error('highlights while switched off');
  });
  await storage.set({ enabled: true });
  await step('first pass', async ({ page, result }) => {
    await waitForPasses(page, 1);
    result.marks = await markCount(page);
  });
  await storage.set({ enabled: false });
  await step('restore', async ({ page, result }) => {
    await waitForNoMarks(page);
    result.comparison = await compareWithSnapshot(page);
    result.cardLeft = (await page.locator('backstory-card').count()) > 0;
  });
  await storage.set({ enabled: true });
  await step('second pass', async ({ page, result }) => {
    await waitForPasses(page, 2);
    result.marksAgain = await markCount(page);
  });
  await Promise.all(open.map(async (p) => {
    p.result.ms = Date.now() - p.started;
    await p.page.close();
  }));
}

beforeAll(async () => {
  site = await serve({ '/corpus/': CORPUS_DIR });
  browser = await launchChromium();
  storage = await ExtensionStorage.open(browser);
  await storage.reset();
  for (let i = 0; i < PAGES.length; i += BATCH) await runBatch(PAGES.slice(i, i + BATCH));
  await storage.set({ everyMention: true });
  await runBatch(EVERY_MENTION_PAGES, everyMention);
}, 240_000);

afterAll(async () => {
  const all = [...results.values()];
  const highlighted = all.filter((r) => r.marks > 0).length;
  const exact = all.filter((r) => r.comparison?.htmlSame && r.comparison.nodesChanged === 0 && !r.cardLeft).length;
  const errors = all.reduce((n, r) => n + r.errors.length + (r.failure ? 1 : 0), 0);
  console.log(`corpus: ${all.length} pages, ${highlighted} highlighted, ${exact} restored exactly, ${errors} errors`);
  if (process.env.CORPUS_VERBOSE) for (const r of [...all, ...everyMention.values()]) console.log(`${r.name}: ${r.marks} marks, ${r.ms} ms`);
  await storage?.reset().catch(() => undefined);
  await browser?.close();
  await site?.close();
});

describe('corpus of real pages in Chromium', () => {
  it('has the 42 pages', () => {
    expect(PAGES.length).toBe(42);
  });

  it.each(PAGES)('%s: highlights, then leaves the page exactly as found, then highlights again', (name) => {
    const r = results.get(name);
    expect(r, 'page was run').toBeDefined();
    expect(r!.failure).toBeNull();
    expect(r!.errors).toEqual([]);
    expect(r!.comparison?.diff).toBe('');
    expect(r!.comparison?.htmlSame).toBe(true);
    expect(r!.comparison?.nodesChanged).toBe(0);
    expect(r!.cardLeft).toBe(false);
    expect(r!.marksAgain).toBe(r!.marks);
  });

  it.each(EVERY_MENTION_PAGES)('%s with every mention on: restored exactly too', (name) => {
    const r = everyMention.get(name);
    expect(r, 'page was run').toBeDefined();
    expect(r!.failure).toBeNull();
    expect(r!.errors).toEqual([]);
    expect(r!.marks).toBeGreaterThanOrEqual(results.get(name)?.marks ?? 0);
    expect(r!.comparison?.diff).toBe('');
    expect(r!.comparison).toMatchObject({ htmlSame: true, nodesChanged: 0 });
    expect(r!.marksAgain).toBe(r!.marks);
  });

  it('highlights something on most English news pages', () => {
    const english = ['bbc-1', 'cnn', 'guardian-1', 'nytimes-1', 'wapo-1', 'telegraph', 'breitbart', 'yahoo-2'];
    const withMarks = english.filter((n) => (results.get(`${n}.html`)?.marks ?? 0) > 0);
    expect(withMarks.length, `highlighted: ${withMarks.join(', ')}`).toBeGreaterThanOrEqual(english.length / 2);
  });
});
