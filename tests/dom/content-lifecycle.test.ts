// @vitest-environment happy-dom
/**
 * The content script's life in a DOM, with fake browser APIs: shadow roots, own mutations, content added later,
 * in-app navigation, turning off, restore when the page changed a node itself, frames and timers.
 * (The same behaviours run against real Chromium in tests/e2e/dynamic.test.ts and frames-shadow.test.ts.)
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { startContent, MAX_PENDING_NODES, MUTATION_BATCH_MS, type ContentApp } from '../../content-scripts/app';
import { frameRole, siteHostname } from '../../content-scripts/frames';
import { Highlighter } from '../../content-scripts/highlighter';
import { readBlocks, type TextBlock } from '../../content-scripts/reader';
import { later } from '../../content-scripts/timers';
import { compileIndex } from '../../src/core/compiled';
import { Matcher, scanTexts } from '../../src/core/matcher';
import { DEFAULT_SETTINGS, type Settings } from '../../src/core/settings';
import type { Entry } from '../../src/core/types';

const entry = (id: string, kind: Entry['kind'], aliases: Entry['aliases']): Entry => ({
  id, kind, name: id, aliases, summary: 'Test entry.', sources: [], asOf: '2025-01-01',
});
const INDEX = compileIndex([
  entry('vladimir-putin', 'person', ['Vladimir Putin', { text: 'Putin', case: 'exact' }]),
  entry('nato', 'organisation', [{ text: 'NATO', case: 'exact' }]),
  entry('kyiv', 'place', ['Kyiv']),
]);
const MATCHER = new Matcher(INDEX);
const FILLER = 'Diplomats met again this week to weigh the terms of an agreement and what would follow it. '.repeat(4);

const wait = (ms: number) => new Promise((r) => setTimeout(r, ms));
const marked = (root: ParentNode = document) => [...root.querySelectorAll('backstory-mark')].map((m) => `${m.getAttribute('data-entry-id')}:${m.textContent}`);
const passes = () => performance.getEntriesByName('backstory:annotate').length;

let app: ContentApp | null = null;
let settingsListener: ((s: Settings) => void) | null = null;

function start(settings: Partial<Settings> = {}, root?: Element): ContentApp {
  app = startContent({
    doc: document,
    root,
    loadData: async () => ({ entries: INDEX.entries }),
    scanBlocks: async ({ texts, base }) => ({ candidates: scanTexts(MATCHER, texts, base), ms: 0 }),
    lookup: async () => null,
    getSettings: async () => ({ ...DEFAULT_SETTINGS, ...settings }),
    watchSettings: (cb) => {
      settingsListener = cb;
      return () => {
        settingsListener = null;
      };
    },
    report: () => undefined,
    t: (key) => key,
  });
  return app;
}

/** Waits for the batch of added content to be read. */
const afterBatch = () => wait(MUTATION_BATCH_MS + 150);

beforeEach(() => {
  document.body.innerHTML = '';
  performance.clearMeasures('backstory:annotate');
  performance.clearMeasures('backstory:setup');
});

afterEach(() => {
  app?.destroy();
  app = null;
});

describe('reading', () => {
  it('reads the article root the loader found, while it is in the page, and looks for it itself otherwise', async () => {
    // findArticleRoot would take the <article>; the loader's root (here the aside, to tell them apart) wins.
    document.body.innerHTML = `<article><p>${FILLER} Putin spoke.</p></article><div id="given"><p>${FILLER} NATO met.</p></div>`;
    await start({}, document.getElementById('given')!).ready();
    expect(marked()).toEqual(['nato:NATO']);
    app!.destroy();
    const gone = document.createElement('div');
    await start({}, gone).ready();
    expect(marked()).toEqual(['vladimir-putin:Putin']);
  });

  it('reads open shadow roots, after their host’s light children, and never closed ones', () => {
    document.body.innerHTML = '<div><p>Before</p><x-quote id="open"><p>Light</p></x-quote><x-quote id="closed"></x-quote><p>After</p></div>';
    const open = document.getElementById('open')!.attachShadow({ mode: 'open' });
    open.innerHTML = '<p>Inside Putin</p>';
    document.getElementById('closed')!.attachShadow({ mode: 'closed' }).innerHTML = '<p>Secret NATO</p>';
    const found: ShadowRoot[] = [];
    const blocks = [...readBlocks(document.body, { onShadowRoot: (s) => found.push(s) })].map((b) => b.text);
    expect(blocks).toEqual(['Before', 'Light', 'Inside Putin', 'After']);
    expect(found).toEqual([open]);
  });

  it('skips the text nodes it is told to, and never joins text across them', () => {
    document.body.innerHTML = '<p>Vladimir <b>read</b> Putin</p>';
    const read = document.querySelector('b')!.firstChild as Text;
    const blocks = [...readBlocks(document.body, { skip: (t) => t === read })].map((b) => b.text);
    expect(blocks).toEqual(['Vladimir ', ' Putin']);
  });
});

describe('highlighter', () => {
  const block = (p: HTMLElement): TextBlock => [...readBlocks(p)][0];

  it('knows the nodes it made, and none of the page’s', () => {
    document.body.innerHTML = '<p>Talks with NATO in Kyiv.</p>';
    const p = document.querySelector('p')!;
    const original = p.firstChild!;
    const h = new Highlighter(document);
    h.wrapBlock(block(p), [{ start: 11, end: 15, id: 'nato', claim: false, group: 0 }]);
    expect(h.owns(original)).toBe(false);
    expect(h.owns(p)).toBe(false);
    for (const n of p.childNodes) expect(h.owns(n), n.textContent ?? '').toBe(n !== original);
  });

  it('keeps the page’s own text where the page rewrote a split node meanwhile, and removes only its pieces', () => {
    document.body.innerHTML = '<p>Talks with NATO in Kyiv.</p>';
    const p = document.querySelector('p')!;
    const original = p.firstChild as Text;
    const h = new Highlighter(document);
    h.wrapBlock(block(p), [{ start: 11, end: 15, id: 'nato', claim: false, group: 0 }]);
    original.data = 'Rewritten by the page.'; // e.g. a framework setting nodeValue
    h.restore();
    expect(p.childNodes.length).toBe(1);
    expect(p.firstChild).toBe(original);
    expect(original.data).toBe('Rewritten by the page.');
  });

  it('restores in steps, newest first, exact at the end', () => {
    document.body.innerHTML = Array.from({ length: 5 }, (_, i) => `<p>Item ${i} about NATO.</p>`).join('');
    const before = document.body.innerHTML;
    const h = new Highlighter(document);
    for (const p of document.querySelectorAll('p')) h.wrapBlock(block(p), [{ start: 14, end: 18, id: 'nato', claim: false, group: 0 }]);
    expect(h.size).toBe(5);
    expect(h.restoreSome(2)).toBe(true);
    expect(document.querySelectorAll('backstory-mark').length).toBe(3);
    expect(h.restoreSome(2)).toBe(true);
    expect(h.restoreSome(2)).toBe(false);
    expect(document.body.innerHTML).toBe(before);
    expect(h.all.length).toBe(0);
  });
});

describe('content added later', () => {
  it('records its work outside the passes (session, cards) for the benchmark; no matcher is built in the page', async () => {
    document.body.innerHTML = `<article><p>${FILLER} Putin spoke.</p></article>`;
    await start().ready();
    const setup = performance.getEntriesByName('backstory:setup').map((e) => (e as PerformanceMeasure).detail as { what: string; busyMs: number });
    expect(setup.map((d) => d.what).sort()).toEqual(['cards', 'session']);
    for (const d of setup) expect(d.busyMs).toBeGreaterThanOrEqual(0);
  });

  it('makes no cards where a pass highlights nothing (no card host, no listeners), and makes them with the first highlights', async () => {
    document.body.innerHTML = `<article><p>${FILLER} Soup again.</p><div id="feed"></div></article>`;
    await start().ready();
    const setups = () => performance.getEntriesByName('backstory:setup').map((e) => ((e as PerformanceMeasure).detail as { what: string }).what);
    expect(setups()).toEqual(['session']);
    const p = document.createElement('p');
    p.textContent = 'Putin spoke.';
    document.getElementById('feed')!.append(p);
    await vi.waitFor(() => expect(setups()).toEqual(['session', 'cards']), { timeout: 3000 });
  });

  it('reads new content in one batch, and its own highlights start no pass', async () => {
    document.body.innerHTML = `<article><p>${FILLER} Putin spoke.</p><div id="feed"></div></article>`;
    await start({ everyMention: true }).ready();
    expect(passes()).toBe(1);
    for (const text of ['NATO answered.', 'Kyiv waited.']) {
      const p = document.createElement('p');
      p.textContent = text;
      document.getElementById('feed')!.append(p);
    }
    await afterBatch();
    expect(marked(document.getElementById('feed')!)).toEqual(['nato:NATO', 'kyiv:Kyiv']);
    expect(passes()).toBe(2);
    await afterBatch();
    expect(passes()).toBe(2);
  });

  it('after a flood of added nodes reads the article again but counts what the first pass read only once', async () => {
    // The second "Putin" is not highlighted (first mentions only): its text node is the page's, untouched.
    document.body.innerHTML = `<article><p>${FILLER} Putin spoke.</p><p>Putin left.</p><div id="feed"></div></article>`;
    const app = start();
    await app.ready();
    expect(app.page().found.map((f) => `${f.id}:${f.count}`)).toEqual(['vladimir-putin:2']);
    const feed = document.getElementById('feed')!;
    for (let i = 0; i <= MAX_PENDING_NODES; i++) feed.append(document.createElement('span'));
    const p = document.createElement('p');
    p.textContent = 'Kyiv waited.';
    feed.append(p);
    await afterBatch();
    expect(passes()).toBe(2);
    expect(app.page().found.map((f) => `${f.id}:${f.count}`)).toEqual(['vladimir-putin:2', 'kyiv:1']);
    expect(marked()).toEqual(['vladimir-putin:Putin', 'kyiv:Kyiv']);
  });

  it('does not read content added to the site around the article', async () => {
    document.body.innerHTML = `<header><nav id="nav"></nav></header><article><p>${FILLER} Putin spoke.</p></article><form id="f"></form>`;
    await start().ready();
    document.getElementById('nav')!.append('NATO');
    document.getElementById('f')!.append('Kyiv');
    await afterBatch();
    expect(marked()).toEqual(['vladimir-putin:Putin']);
  });

  it('starts over after an in-app navigation: the new article’s first mentions are highlighted', async () => {
    document.body.innerHTML = `<main id="app"><article><p>${FILLER} Putin spoke.</p></article></main>`;
    await start().ready();
    document.getElementById('app')!.innerHTML = `<article><p>${FILLER} Putin again, in Kyiv.</p></article>`;
    history.pushState({}, '', '/second-article');
    await wait(1200);
    expect(marked()).toEqual(['vladimir-putin:Putin', 'kyiv:Kyiv']);
  });
});

describe('turning off', () => {
  it('restores the page exactly and stops following it', async () => {
    document.body.innerHTML = `<article><p>${FILLER} Vladimir <em>Putin</em> and NATO.</p><div id="feed"></div></article>`;
    const before = document.body.innerHTML;
    await start().ready();
    expect(marked().length).toBe(3);
    settingsListener!({ ...DEFAULT_SETTINGS, enabled: false });
    await app!.ready();
    expect(document.body.innerHTML).toBe(before);
    expect(document.querySelector('backstory-card')).toBeNull();
    const count = passes();
    document.getElementById('feed')!.append('Kyiv');
    await afterBatch();
    expect(passes()).toBe(count);
    expect(marked()).toEqual([]);
  });
});

describe('frames', () => {
  const fakeWindow = (props: Record<string, unknown>) => {
    const w = { location: { hostname: props.hostname ?? '' }, ...props } as unknown as Window & { top: Window };
    if (!('top' in props)) (w as { top: Window }).top = w;
    return w;
  };

  it('tells the top frame, same-origin frames and foreign frames apart', () => {
    const top = fakeWindow({ hostname: 'news.example' });
    expect(frameRole(top)).toBe('top');
    expect(frameRole(fakeWindow({ top, frameElement: {} }))).toBe('same-origin-frame');
    expect(frameRole(fakeWindow({ top, frameElement: null }))).toBe('foreign-frame');
    const throwing = fakeWindow({ top });
    Object.defineProperty(throwing, 'frameElement', { get: () => { throw new Error('SecurityError'); } });
    expect(frameRole(throwing)).toBe('foreign-frame');
  });

  it('speaks for the top page’s site from inside a srcdoc or about:blank frame', () => {
    const top = fakeWindow({ hostname: 'news.example' });
    const child = fakeWindow({ top, hostname: '', frameElement: { ownerDocument: { defaultView: top } } });
    expect(siteHostname(child)).toBe('news.example');
    expect(siteHostname(top)).toBe('news.example');
  });
});

describe('timers', () => {
  it('uses scheduler.postTask with a delay where there is one (it fires where page JavaScript is off), and cancels', async () => {
    const calls: number[] = [];
    const postTask = vi.fn((cb: () => void, { delay }: { delay: number }) => new Promise<void>((resolve) => {
      setTimeout(() => {
        cb();
        resolve();
      }, delay);
    }));
    vi.stubGlobal('scheduler', { postTask });
    try {
      later(() => calls.push(1), 10);
      later(() => calls.push(2), 10).cancel();
      await wait(40);
      expect(calls).toEqual([1]);
      expect(postTask).toHaveBeenCalledTimes(2);
      // No abortable signal: work started from a timer's callback must not inherit one (see timers.ts).
      for (const [, options] of postTask.mock.calls) expect(options).toEqual({ delay: 10 });
    } finally {
      vi.unstubAllGlobals();
    }
  });

  it('falls back to setTimeout elsewhere', async () => {
    vi.stubGlobal('scheduler', undefined);
    try {
      const calls: number[] = [];
      later(() => calls.push(1), 5);
      later(() => calls.push(2), 5).cancel();
      await wait(30);
      expect(calls).toEqual([1]);
    } finally {
      vi.unstubAllGlobals();
    }
  });
});
