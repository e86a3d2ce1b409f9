/**
 * The benchmark's measurements in headless Chromium: a page with the extension, the same page without it (the floor
 * and naive mark.js), the hover card's latency and a page with no mention. Method and caveats: docs/performance.md.
 *
 * Page scripts are off by default (CDP `Emulation.setScriptExecutionDisabled`): the saved pages' own scripts would
 * otherwise run against aborted requests and add noise to every figure. Chromium still runs content scripts then
 * (their isolated world is not the page's), and synchronous `page.evaluate` still works; timers, observers and
 * NodeFilter callbacks of the page's main world do not, so mark.js and the card measurement switch scripts back on.
 */
import { readFileSync } from 'node:fs';
import { chromium, type Browser, type BrowserContext, type CDPSession, type Frame, type Page } from 'playwright-core';
import { chromePath } from './browsers';
import { overlaps, type CardResult, type LongTaskReport, type MarkjsResult, type Span } from './bench-report';

/** Long-task threshold of the Long Tasks API. */
const LONG_TASK_MS = 50;
/** After the last `backstory:annotate` measure, wait this long for another pass before reading the results. */
export const SETTLE_MS = 400;
/** A pass that has not been recorded by then is reported as an error. */
const PASS_TIMEOUT_MS = 30_000;
const NAV_TIMEOUT_MS = 60_000;
const FRAME_TIMEOUT_MS = 2_000;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Runs `fn` in the page's main world, serialised as source. tsx (esbuild, keepNames) wraps inner functions in a
 * `__name` helper that does not exist in the page, so the page gets a stand-in.
 */
export async function inPage<A, R>(page: Page | Frame, fn: (arg: A) => R, arg?: A): Promise<Awaited<R>> {
  return page.evaluate(`(() => { const __name = (f) => f; return (${fn.toString()})(${JSON.stringify(arg ?? null)}); })()`) as Promise<Awaited<R>>;
}

export const LOCAL_ONLY = /^https?:\/\/127\.0\.0\.1[:/]/;

/** The same Chromium as the extension's session, without the extension, with the same flags and network rule. */
export async function launchPlain(): Promise<{ browser: Browser; context: BrowserContext; close(): Promise<void> }> {
  const executablePath = chromePath();
  if (!executablePath) throw new Error('No Chromium or Chrome found: install chromium or set CHROME_PATH');
  const browser = await chromium.launch({
    executablePath,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync',
      '--no-first-run', '--disable-default-apps', '--disable-quic'],
  });
  // bypassCSP: a saved page's own policy must not stop mark.js from being injected.
  const context = await browser.newContext({ viewport: { width: 1200, height: 900 }, bypassCSP: true });
  await context.route('**/*', (route) => (LOCAL_ONLY.test(route.request().url()) ? route.continue() : route.abort()));
  return { browser, context, close: () => browser.close() };
}

export interface Opened {
  page: Page;
  cdp: CDPSession;
}

async function open(context: BrowserContext, url: string, pageJs: boolean, beforeNavigation?: (cdp: CDPSession) => Promise<void>): Promise<Opened> {
  const page = await context.newPage();
  try {
    const cdp = await context.newCDPSession(page);
    if (!pageJs) await cdp.send('Emulation.setScriptExecutionDisabled', { value: true });
    await beforeNavigation?.(cdp);
    await page.goto(url, { waitUntil: 'load', timeout: NAV_TIMEOUT_MS });
    return { page, cdp };
  } catch (err) {
    await page.close().catch(() => undefined);
    throw err;
  }
}

export interface PageTimeline {
  dclEnd: number;
  loadEnd: number;
  longTasks: Span[];
}

/** Navigation timing and every long task so far (the Long Tasks API buffers them from the start of the page). */
function readTimeline(): PageTimeline {
  const observer = new PerformanceObserver(() => undefined);
  observer.observe({ type: 'longtask', buffered: true });
  const longTasks = observer.takeRecords().map((e) => ({ start: e.startTime, duration: e.duration }));
  observer.disconnect();
  const nav = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming | undefined;
  return { dclEnd: nav?.domContentLoadedEventEnd ?? 0, loadEnd: nav?.loadEventEnd ?? 0, longTasks };
}

export interface Pass {
  /** A loader check (`backstory:check`), not an engine pass. */
  check: boolean;
  /** The engine's work outside its passes (`backstory:setup`: the matcher, a session, cards), not a pass. */
  setup: boolean;
  start: number;
  duration: number;
  busyMs: number;
  chars: number;
  mentions: number;
}

/**
 * The content script's passes: the loader's key-word checks (`backstory:check`, see content-scripts/loader.ts),
 * the engine's passes (`backstory:annotate`) and its work around them (`backstory:setup`, content-scripts/app.ts).
 * All of it is the content script's work for the page's text.
 */
function readPasses(): { origin: number; passes: Pass[]; marks: number } {
  const entries = ['backstory:check', 'backstory:annotate', 'backstory:setup'].flatMap((name) => performance.getEntriesByName(name));
  return {
    origin: performance.timeOrigin,
    passes: entries.map((e) => {
      const d = (e as PerformanceMeasure).detail as { busyMs: number; chars: number; mentions: number };
      return { ...d, check: e.name === 'backstory:check', setup: e.name === 'backstory:setup', start: e.startTime, duration: e.duration, busyMs: d.busyMs, chars: d.chars, mentions: d.mentions };
    }),
    marks: document.querySelectorAll('[data-entry-id]').length,
  };
}

/** A frame that never got a document (empty URL) never answers an evaluate: skip it, and bound the others. */
async function inFrame<A, R>(frame: Frame, fn: (arg: A) => R, arg?: A): Promise<Awaited<R> | null> {
  if (!frame.url()) return null;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const answer = inPage(frame, fn, arg).catch(() => null);
  const late = new Promise<null>((resolve) => (timer = setTimeout(() => resolve(null), FRAME_TIMEOUT_MS)));
  try {
    return await Promise.race([answer, late]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * The passes of every frame of the page (the content script runs in same-origin frames too, each copy with its own
 * timeline), with start times moved onto the top frame's clock.
 */
async function collectPasses(page: Page): Promise<{ passes: Pass[]; marks: number; frames: number }> {
  let top = 0;
  const passes: Pass[] = [];
  let marks = 0;
  let frames = 0;
  for (const frame of page.frames()) {
    const read = await inFrame(frame, readPasses);
    if (!read) continue;
    if (frame === page.mainFrame()) top = read.origin;
    else if (!read.passes.length) continue;
    frames += read.passes.length ? 1 : 0;
    marks += read.marks;
    passes.push(...read.passes.map((p) => ({ ...p, start: p.start + read.origin })));
  }
  for (const p of passes) p.start -= top;
  return { passes: passes.sort((a, b) => a.start - b.start), marks, frames };
}

/** Passes recorded so far in all frames. */
async function countPasses(page: Page): Promise<number> {
  let n = 0;
  for (const frame of page.frames()) {
    n += (await inFrame(frame, () => performance.getEntriesByName('backstory:annotate').length + performance.getEntriesByName('backstory:check').length)) ?? 0;
  }
  return n;
}

export interface ExtensionRun {
  passes: Pass[];
  marks: number;
  /** Frames whose copy of the content script recorded a pass. */
  frames: number;
  timeline: PageTimeline;
}

/**
 * Loads a page with the extension and waits until its passes have settled.
 * `warm`: the page is loaded, its passes settle, and it is loaded again in the same tab; the second load's passes are
 * returned: what a reader pays for the next page of a site in a tab, where the renderer process and V8's compile
 * cache for our scripts are already there (every other figure is a first load in a new tab).
 */
export async function runWithExtension(context: BrowserContext, url: string, pageJs: boolean, { warm = false } = {}): Promise<ExtensionRun> {
  const { page } = await open(context, url, pageJs);
  try {
    await settle(page);
    if (warm) {
      await page.reload({ waitUntil: 'load', timeout: NAV_TIMEOUT_MS });
      await settle(page);
    }
    return { ...(await collectPasses(page)), timeline: await inPage(page, readTimeline) };
  } finally {
    await page.close();
  }
}

/** Waits until the page's passes have settled (no new one for SETTLE_MS). */
async function settle(page: Page): Promise<void> {
  const started = Date.now();
  let count = 0;
  let changed = Date.now();
  for (;;) {
    const n = await countPasses(page);
    if (n !== count) [count, changed] = [n, Date.now()];
    else if (n > 0 && Date.now() - changed >= SETTLE_MS) return;
    if (Date.now() - started > PASS_TIMEOUT_MS) {
      if (n > 0) return;
      throw new Error(`no backstory:annotate measure within ${PASS_TIMEOUT_MS / 1000} s`);
    }
    await sleep(100);
  }
}

/** A Chrome trace event, as much of it as is read here. */
export interface TraceEvent {
  name: string;
  ph: string;
  pid: number;
  tid: number;
  ts: number;
  dur?: number;
  args?: { name?: string; data?: { url?: string } };
}

/** Trace events of JavaScript running on a renderer's main thread (one may contain others). */
const JS_EVENTS = new Set(['EvaluateScript', 'v8.run', 'v8.compile', 'FunctionCall', 'v8.callFunction', 'RunMicrotasks', 'v8.evaluateModule', 'TimerFire', 'FireAnimationFrame', 'EventDispatch']);

/**
 * Milliseconds of JavaScript on the main thread of the renderer that ran the content script (found by its
 * `EvaluateScript` event), from that evaluation on: outermost events only, and none that belong to another script URL
 * (a frame's error page, say). With page scripts off, every other script on that thread is the extension's: its
 * evaluation, the messages' callbacks and every async continuation (`RunMicrotasks`), which CDP's `ScriptDuration`
 * does not count.
 * `evalMs` is the part spent evaluating the bundle (compile and top-level code), every copy of it.
 * Null when the content script did not run.
 */
export function contentScriptTime(events: readonly TraceEvent[], origin: string): { ms: number; evalMs: number } | null {
  const threads = new Map<string, string>();
  for (const e of events) if (e.ph === 'M' && e.name === 'thread_name') threads.set(`${e.pid}:${e.tid}`, e.args?.name ?? '');
  const injected = events.find((e) => e.name === 'EvaluateScript' && e.args?.data?.url?.startsWith(origin));
  if (!injected) return null;
  const main = events
    .filter((e) => e.pid === injected.pid && e.ph === 'X' && JS_EVENTS.has(e.name) && threads.get(`${e.pid}:${e.tid}`) === 'CrRendererMain')
    .sort((a, b) => a.ts - b.ts || (b.dur ?? 0) - (a.dur ?? 0));
  let us = 0;
  let evalUs = 0;
  let end = -Infinity;
  for (const e of main) {
    // Before the content script's first evaluation nothing is ours: the parser's own microtasks (image requests of a
    // large page, measured 1-2 ms on yahoo-3) ran as `RunMicrotasks` too.
    if (e.ts < injected.ts) continue;
    if (e.ts < end) continue; // nested in an outer event already counted (or skipped)
    end = e.ts + (e.dur ?? 0);
    const url = e.args?.data?.url;
    if (url && !url.startsWith(origin)) continue;
    us += e.dur ?? 0;
    if (e.name === 'EvaluateScript') evalUs += e.dur ?? 0;
  }
  return { ms: us / 1000, evalMs: evalUs / 1000 };
}

export interface TracedRun {
  /** {@link contentScriptTime}: everything the content script ran on the page's main thread. */
  jsMs: number | null;
  /** Of which evaluating the bundle. */
  evalMs: number | null;
  passes: Pass[];
}

/**
 * Loads a page with the extension under a Chrome trace and returns the content script's whole main-thread time.
 * The page is not polled while tracing (an evaluate is script on the same thread): it waits `waitAfterLoadMs`,
 * which the caller takes from an untraced load of the same page.
 */
export async function traceWithExtension(context: BrowserContext, url: string, origin: string, waitAfterLoadMs: number, { warm = false } = {}): Promise<TracedRun> {
  const events: TraceEvent[] = [];
  let complete: Promise<unknown> = Promise.resolve();
  const startTracing = async (session: CDPSession) => {
    session.on('Tracing.dataCollected', (e) => events.push(...(e.value as unknown as TraceEvent[])));
    complete = new Promise((resolve) => session.once('Tracing.tracingComplete', resolve));
    await session.send('Tracing.start', {
      // Not V8's compile category: tracing it made the no-mention page 0.3-1.5 ms slower (docs/performance.md).
      traceConfig: { includedCategories: ['devtools.timeline', 'v8.execute'], excludedCategories: ['*'] },
      transferMode: 'ReportEvents',
    });
  };
  // `warm`: the page is loaded once untraced, then again in the same tab under the trace (see runWithExtension).
  const { page, cdp } = await open(context, url, false, warm ? undefined : startTracing);
  try {
    if (warm) {
      await sleep(waitAfterLoadMs);
      await startTracing(cdp);
      await page.reload({ waitUntil: 'load', timeout: NAV_TIMEOUT_MS });
    }
    await sleep(waitAfterLoadMs);
    await cdp.send('Tracing.end');
    await complete;
    const { passes } = await collectPasses(page);
    const time = contentScriptTime(events, origin);
    return { jsMs: time?.ms ?? null, evalMs: time?.evalMs ?? null, passes };
  } finally {
    await page.close();
  }
}

export interface FloorRun {
  ms: number;
  chars: number;
  nodes: number;
  timeline: PageTimeline;
}

/** The floor: right after load, one TreeWalker pass reading `data` of every text node of the body. */
function floorWalk(): { ms: number; chars: number; nodes: number } {
  const t0 = performance.now();
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  let chars = 0;
  let nodes = 0;
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    chars += (n as Text).data.length;
    nodes++;
  }
  return { ms: performance.now() - t0, chars, nodes };
}

/**
 * Runs `fn` once in a new isolated world of the page's top frame, the kind of world a content script runs in: the
 * page's DOM seen through that world's own wrappers, none of which exist yet (CDP `Page.createIsolatedWorld`).
 */
export async function inNewIsolatedWorld<R>(opened: Opened, fn: () => R): Promise<R> {
  const { frameTree } = await opened.cdp.send('Page.getFrameTree');
  const { executionContextId } = await opened.cdp.send('Page.createIsolatedWorld', { frameId: frameTree.frame.id, worldName: 'backstory-bench-floor' });
  const { result, exceptionDetails } = await opened.cdp.send('Runtime.evaluate', {
    expression: `(() => { const __name = (f) => f; return JSON.stringify((${fn.toString()})()); })()`,
    contextId: executionContextId,
    returnByValue: true,
  });
  if (exceptionDetails) throw new Error(`floor: ${exceptionDetails.text}`);
  return JSON.parse(result.value as string) as R;
}

/**
 * Loads a page without the extension and measures the floor as the content script meets it: in a freshly loaded
 * page, from a new isolated world (a main-world walk measured 0.6x of it on wikipedia-2: the page's own wrappers are
 * not the content script's). Returns the open page when `keep` is set, so mark.js can run on it after (saves a
 * second load of a large page).
 */
export async function runFloor(context: BrowserContext, url: string, pageJs: boolean, keep = false): Promise<FloorRun & { opened?: Opened }> {
  const opened = await open(context, url, pageJs);
  try {
    const walk = await inNewIsolatedWorld(opened, floorWalk);
    const timeline = await inPage(opened.page, readTimeline);
    return { ...walk, timeline, ...(keep ? { opened } : {}) };
  } finally {
    if (!keep) await opened.page.close();
  }
}

const MARK_JS = new URL('../../node_modules/mark.js/dist/mark.min.js', import.meta.url);

/**
 * mark.js chains keywords by recursion (each keyword's "done" calls the next), and in Chromium the stack overflows
 * after about 1,200 keywords ("Invalid regular expression: Stack overflow"). So the list goes in chunks of this
 * many, in the order mark.js itself would use (deduplicated, longest first): the same work, one walk per keyword.
 */
export const MARKJS_CHUNK = 200;

/** The keyword list as `mark()` orders it: trimmed-non-empty, first occurrence kept, longest first (stable). */
export function markjsKeywords(aliases: readonly string[]): string[] {
  const seen: string[] = [];
  for (const a of aliases) if (a.trim() && !seen.includes(a)) seen.push(a);
  return seen.sort((a, b) => b.length - a.length);
}

/**
 * Naive mark.js on a loaded page without the extension: `new Mark(document.body).mark(aliases, …)`.
 * mark() is synchronous, so a timer in the page cannot stop it: after `timeoutMs` the benchmark terminates the
 * page's script through CDP (`Runtime.terminateExecution`) and reports a timeout, with an estimate from the share of
 * keywords done (mark.js walks the body once per keyword).
 */
export async function runMarkjs(opened: Opened, aliases: readonly string[], timeoutMs: number): Promise<MarkjsResult> {
  const { page, cdp } = opened;
  const keywords = markjsKeywords(aliases);
  const keywordsTotal = keywords.length;
  const chunks: string[][] = [];
  for (let i = 0; i < keywords.length; i += MARKJS_CHUNK) chunks.push(keywords.slice(i, i + MARKJS_CHUNK));
  let timedOut = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  try {
    // Page scripts were off for a stable floor; mark.js needs them (its NodeIterator filter is a page callback).
    await cdp.send('Emulation.setScriptExecutionDisabled', { value: false });
    await page.addScriptTag({ content: readFileSync(MARK_JS, 'utf8') });
    timer = setTimeout(() => {
      timedOut = true;
      void cdp.send('Runtime.terminateExecution').catch(() => undefined);
    }, timeoutMs);
    const t0 = Date.now();
    const result = await inPage(page, (lists: string[][]) => {
      const w = window as unknown as { Mark: new (el: Element) => { mark(k: string[], o: object): void }; __benchMarkjs: Set<string> };
      const started = new Set<string>();
      w.__benchMarkjs = started;
      let marks = 0;
      const options = {
        separateWordSearch: false,
        accuracy: 'exactly',
        each: () => {
          marks++;
        },
        filter: (_node: Node, keyword: string) => {
          started.add(keyword);
          return true;
        },
        noMatch: (keyword: string) => {
          started.add(keyword);
        },
      };
      const t = performance.now();
      const instance = new w.Mark(document.body);
      for (const list of lists) instance.mark(list, options);
      return { ms: performance.now() - t, marks, done: started.size };
    }, chunks).catch((err: unknown) => {
      if (timedOut) return null;
      throw err;
    });
    clearTimeout(timer);
    if (result && !timedOut) return { status: 'done', ms: result.ms, keywordsDone: result.done, keywordsTotal, estimateMs: null, marks: result.marks };
    const elapsed = Date.now() - t0;
    const done = await inPage(page, () => (window as unknown as { __benchMarkjs?: Set<string> }).__benchMarkjs?.size ?? 0).catch(() => 0);
    return { status: 'timeout', ms: timeoutMs, keywordsDone: done, keywordsTotal, estimateMs: done > 0 ? (elapsed * keywordsTotal) / done : null, marks: 0 };
  } catch (err) {
    clearTimeout(timer);
    return { status: 'error', ms: null, keywordsDone: 0, keywordsTotal, estimateMs: null, marks: 0, error: (err as Error).message.split('\n')[0] };
  }
}

export async function closeOpened(opened: Opened | undefined): Promise<void> {
  await opened?.page.close().catch(() => undefined);
}

/**
 * Long tasks that may be the extension's: with the extension, those overlapping one of its passes, and those starting
 * between DOMContentLoaded (content scripts run at document_idle, after it) and the end of the last pass; without the
 * extension, those starting in a window of the same length after DOMContentLoaded.
 */
export function longTaskReport(ext: ExtensionRun, base: FloorRun): LongTaskReport {
  const passes = ext.passes.map((p) => ({ start: p.start, duration: p.duration }));
  const lastEnd = Math.max(ext.timeline.dclEnd, ...passes.map((p) => p.start + p.duration));
  const long = (s: Span) => s.duration > LONG_TASK_MS;
  const span = lastEnd - ext.timeline.dclEnd;
  return {
    duringPass: ext.timeline.longTasks.filter((t) => long(t) && passes.some((p) => overlaps(t, p))),
    inWindow: ext.timeline.longTasks.filter((t) => long(t) && t.start >= ext.timeline.dclEnd && t.start <= lastEnd),
    baseInWindow: base.timeline.longTasks.filter((t) => long(t) && t.start >= base.timeline.dclEnd && t.start <= base.timeline.dclEnd + span),
  };
}

/** True when a run shows a long task the extension may have caused. */
export function suspectLongTasks(r: LongTaskReport): boolean {
  return r.duringPass.length > 0 || r.inWindow.length > r.baseInWindow.length;
}

/**
 * Hover latency of the card. Page scripts on (the instrumentation is a page listener, a MutationObserver on the
 * card's open shadow root and a requestAnimationFrame loop). For each of up to `hovers` highlights, then the first
 * one again (its card model is cached by then): the pointer rests on it; the clock starts when the intent delay ends
 * (pointerover + `showDelayMs`) and stops when the dialog is in the DOM (loading shell), when it holds the entry's
 * name (after the lookup), and at the first animation frame that begins after that (the frame that paints it).
 */
export async function measureCard(context: BrowserContext, url: string, showDelayMs: number, hovers = 5): Promise<CardResult> {
  const page = await context.newPage();
  try {
    await page.goto(url, { waitUntil: 'load', timeout: NAV_TIMEOUT_MS });
    await page.waitForFunction(() => performance.getEntriesByName('backstory:annotate').length > 0, undefined, { timeout: PASS_TIMEOUT_MS });
    await page.waitForTimeout(SETTLE_MS);
    // Only the documented contracts: the `backstory-card` host (added when a card first shows), `role="dialog"`
    // (aria-busy while the card model loads), `data-entry-id` on highlights.
    await inPage(page, () => {
      type Rec = { over: number; shell: number | null; content: number | null; frames: number[] };
      const w = window as unknown as { __benchCard: Rec[] };
      w.__benchCard = [];
      window.addEventListener('pointerover', (e) => {
        if (!(e.target as Element | null)?.closest?.('[data-entry-id]')) return;
        const last = w.__benchCard[w.__benchCard.length - 1];
        if (last && last.shell === null && performance.now() - last.over < 200) return;
        const rec: Rec = { over: performance.now(), shell: null, content: null, frames: [] };
        w.__benchCard.push(rec);
        const tick = (ts: number) => {
          rec.frames.push(ts);
          if (ts - rec.over < 1200) requestAnimationFrame(tick);
        };
        requestAnimationFrame(tick);
      }, true);
      const watched = new WeakSet<ShadowRoot>();
      const check = () => {
        const root = document.querySelector('backstory-card')?.shadowRoot;
        if (!root) return;
        if (!watched.has(root)) {
          watched.add(root);
          new MutationObserver(check).observe(root, { subtree: true, childList: true, attributes: true, characterData: true });
        }
        const rec = w.__benchCard[w.__benchCard.length - 1];
        const dialog = root.querySelector('[role="dialog"]') as HTMLElement | null;
        if (!rec || !dialog || dialog.closest('[hidden]')) return;
        const now = performance.now();
        rec.shell ??= now;
        if (rec.content === null && dialog.getAttribute('aria-busy') !== 'true') rec.content = now;
      };
      new MutationObserver(check).observe(document.documentElement, { childList: true });
      check();
    });
    // The first highlight of each entry (not claims), distinct entries.
    const targets = await inPage(page, (max: number) => {
      const seen = new Set<string>();
      const out: { id: string }[] = [];
      for (const el of document.querySelectorAll('[data-entry-id]:not([data-claim-id])')) {
        const id = el.getAttribute('data-entry-id') ?? '';
        if (seen.has(id) || el.closest('[data-claim-id]')) continue;
        seen.add(id);
        out.push({ id });
        if (out.length >= max) break;
      }
      return out;
    }, hovers);
    if (targets.length) targets.push({ id: targets[0].id });
    const results: CardResult['hovers'] = [];
    for (const [i, t] of targets.entries()) {
      const mark = page.locator(`[data-entry-id="${t.id}"]:not([data-claim-id])`).first();
      await mark.scrollIntoViewIfNeeded();
      await page.mouse.move(1, 1);
      await page.waitForTimeout(500);
      await mark.hover();
      await page.waitForTimeout(showDelayMs + 900);
      const rec = await inPage(page, () => {
        const list = (window as unknown as { __benchCard: { over: number; shell: number | null; content: number | null; frames: number[] }[] }).__benchCard;
        return list[list.length - 1] ?? null;
      });
      const delayEnd = rec ? rec.over + showDelayMs : 0;
      const since = (x: number | null | undefined) => (rec && x !== null && x !== undefined ? x - delayEnd : null);
      const after = rec ? rec.frames.filter((f) => f >= delayEnd) : [];
      const paint = rec?.content != null ? after.findIndex((f) => f >= rec.content!) : -1;
      results.push({
        entryId: i === targets.length - 1 && i > 0 ? `${t.id} (again)` : t.id,
        shellMs: since(rec?.shell),
        contentMs: since(rec?.content),
        frameMs: paint >= 0 ? after[paint] - delayEnd : null,
        frameIndex: paint >= 0 ? paint + 1 : null,
      });
      await page.mouse.move(1, 1);
      await page.waitForTimeout(600);
    }
    const error = !targets.length ? 'no highlight to hover' : results.every((h) => h.shellMs === null) ? `no card appeared on hovering ${targets.length} highlights` : undefined;
    return { page: url, hovers: results, ...(error ? { error } : {}) };
  } finally {
    await page.close();
  }
}
