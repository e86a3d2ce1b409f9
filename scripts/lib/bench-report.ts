/**
 * The benchmark's numbers turned into a table, medians and goal verdicts. Pure: no browser, no file system, so the
 * rules that decide pass or fail are unit-tested (tests/bench/bench-report.test.ts).
 * The goals and why they are set where they are: docs/performance.md.
 */

/** A span on the page's clock (performance.now() milliseconds). */
export interface Span {
  start: number;
  duration: number;
}

export type MarkjsStatus = 'done' | 'timeout' | 'error' | 'skipped';

export interface MarkjsResult {
  status: MarkjsStatus;
  /** Main-thread time of `mark()` when it finished; the time limit when it did not. */
  ms: number | null;
  /** Keywords (deduplicated aliases) mark.js started, and how many it had. */
  keywordsDone: number;
  keywordsTotal: number;
  /** On timeout: the limit scaled by keywords left (mark.js walks the whole body once per keyword). */
  estimateMs: number | null;
  marks: number;
  error?: string;
}

export interface LongTaskReport {
  /** Long tasks with the extension that overlap one of its passes. */
  duringPass: Span[];
  /** Long tasks with the extension from DOMContentLoaded (content scripts run at document_idle) to the last pass's end. */
  inWindow: Span[];
  /** The same page without the extension: long tasks in a window of the same length after DOMContentLoaded. */
  baseInWindow: Span[];
}

/** Long tasks over all runs of a page, and whether a suspicious run came back when the page was loaded again. */
export interface PageLongTasks extends LongTaskReport {
  /** Runs (with and without the extension) loaded again because a run looked suspicious, and how many did again. */
  recheckRuns: number;
  recheckSuspect: number;
}

export interface PageResult {
  name: string;
  kind: 'corpus' | 'reference';
  bytes: number;
  runs: number;
  /** Characters the content script read (`chars` of its `backstory:annotate` measures). */
  chars: number | null;
  mentions: number | null;
  passes: number | null;
  /** Frames whose copy of the content script ran a pass (the top page and same-origin frames). */
  frames: number | null;
  /** Median over runs of the summed `busyMs` of every pass. */
  annotateMs: number | null;
  /** Wall time of the passes (busy + yields). */
  wallMs: number | null;
  /**
   * All the content script's main-thread JavaScript, from a Chrome trace of one more load (page scripts off):
   * evaluation, dataset message, matcher and claim-detector build, the passes. A cross-check of `annotateMs`, which
   * covers the passes only. (CDP `ScriptDuration` cannot do this: it leaves out async continuations, i.e. nearly all
   * of an async content script; see docs/performance.md.)
   */
  jsMs: number | null;
  /** Of `jsMs`, evaluating the bundle (every copy: one per frame). */
  evalMs: number | null;
  /**
   * Reference article only: median summed busyMs of a second load in the same tab, where the renderer process and
   * V8's compile cache for our scripts are already there (every other figure is a first load in a new tab).
   */
  warmAnnotateMs: number | null;
  /**
   * Claims (issue 5): of `annotateMs`, the page-thread time spent on claims (building the request to the
   * background), and the background's detection time for this page (off the page's thread). Medians over runs.
   */
  claimsPageMs: number | null;
  claimsBackgroundMs: number | null;
  /** annotateMs of the traced load: against annotateMs, what tracing itself costs. */
  tracedAnnotateMs: number | null;
  /** First TreeWalker pass over every text node of document.body, without the extension (median over runs). */
  floorMs: number | null;
  floorChars: number | null;
  textNodes: number | null;
  ratio: number | null;
  markjs: MarkjsResult;
  /** mark.js ms / annotate ms, where mark.js finished. */
  speedup: number | null;
  longTasks: PageLongTasks;
  error?: string;
}

export interface CardResult {
  page: string;
  hovers: {
    entryId: string;
    /** From the end of the intent delay (pointerover + SHOW_DELAY_MS) to the dialog in the DOM. */
    shellMs: number | null;
    /** ... to the dialog holding the entry's name (after the card lookup). */
    contentMs: number | null;
    /** ... to the first animation frame that begins after the content is in: the frame that paints it. */
    frameMs: number | null;
    /** Which frame after the end of the intent delay paints the filled card (1: the very next one). */
    frameIndex: number | null;
  }[];
  error?: string;
}

export interface QuietResult {
  runs: number;
  mentions: number;
  /** Median busyMs of the pass. */
  busyMs: number | null;
  /** Median of all the content script's main-thread JavaScript (traced loads): setup, message, builds, the pass. */
  jsMs: number | null;
  /** Median of the part of `jsMs` spent evaluating the bundle. */
  evalMs: number | null;
  /** `jsMs` of a second load in the same tab (renderer and V8's compile cache warm): reported, not the goal's. */
  warmJsMs: number | null;
  error?: string;
}

export interface ScaleVariant {
  label: string;
  factor: number;
  aliases: number;
  buildMs: number;
  /** Fastest of the rounds: scanning every block and settling the mentions. */
  scanMs: number;
  medianMs: number;
  mentions: number;
  /** scanMs / scanMs of the real dataset. */
  growth: number;
  /** Synthetic names only (the goal), or a stress variant whose aliases start with the text's common words. */
  stress: boolean;
}

export interface ScaleResult {
  page: string;
  chars: number;
  blocks: number;
  variants: ScaleVariant[];
  error?: string;
}

export interface BenchResults {
  /** The popup's first render times (ms), from the `backstory:popup-render` measure. */
  popup?: { ms: number[]; error?: string } | null;
  startedAt: string;
  durationS: number;
  machine: { cpus: number; loadAverageAtStart: number[]; loadAverage: number[]; chromium: string; node: string };
  options: { pageJs: boolean; markjsTimeoutMs: number; runs: number; quick: boolean };
  bundle: { bytes: number; gzipBytes: number };
  aliases: number;
  pages: PageResult[];
  quiet: QuietResult | null;
  card: CardResult | null;
  scale: ScaleResult | null;
  medians: { annotateOverFloor: number | null; markjsOverAnnotate: number | null };
  goals: Goal[];
}

export interface Goal {
  id: string;
  title: string;
  /** null: could not be measured in this run (not a pass). */
  pass: boolean | null;
  detail: string;
}

/** The goals (docs/performance.md says why each is set where it is). */
export const GOALS = {
  floorRatio: 5,
  largestPages: 5,
  markjsSpeedup: 200,
  longTaskMs: 50,
  quietMs: 3,
  bundleGzipKb: 30,
  scaleGrowth: 1.3,
  /** Issue 5: claim detection adds at most this share to annotation time. */
  claimsShare: 0.2,
  /** One frame at 60 Hz. */
  frameMs: 1000 / 60,
} as const;

export function median(values: readonly number[]): number | null {
  const v = values.filter((x) => Number.isFinite(x)).sort((a, b) => a - b);
  if (!v.length) return null;
  const mid = v.length >> 1;
  return v.length % 2 ? v[mid] : (v[mid - 1] + v[mid]) / 2;
}

export function overlaps(a: Span, b: Span): boolean {
  return a.start < b.start + b.duration && b.start < a.start + a.duration;
}

const fmt = (x: number | null | undefined, digits = 1): string => (x === null || x === undefined || !Number.isFinite(x) ? '–' : x.toFixed(digits));

function markjsCell(m: MarkjsResult): string {
  if (m.status === 'done') return fmt(m.ms, 0);
  if (m.status === 'timeout') return m.estimateMs ? `timeout (~${Math.round(m.estimateMs / 1000)} s)` : 'timeout';
  return m.status === 'error' ? 'error' : '–';
}

function speedupCell(p: PageResult): string {
  if (p.speedup !== null) return `${Math.round(p.speedup)}×`;
  // A timeout still bounds the speedup from below.
  if (p.markjs.status === 'timeout' && p.markjs.ms && p.annotateMs) return `>${Math.floor(p.markjs.ms / p.annotateMs)}×`;
  return '–';
}

function longTaskCell(lt: PageLongTasks): string {
  const own = lt.duringPass.length ? `, in pass ${lt.duringPass.map((s) => Math.round(s.duration)).join('+')} ms` : '';
  const again = lt.recheckRuns ? `, again ${lt.recheckSuspect}/${lt.recheckRuns}` : '';
  return `${lt.inWindow.length}/${lt.baseInWindow.length}${own}${again}`;
}

/** The per-page table as aligned plain text (also valid Markdown). */
export function formatTable(pages: readonly PageResult[]): string {
  const head = ['page', 'kB', 'chars', 'mentions', 'annotate ms', 'js ms', 'floor ms', 'ratio', 'mark.js ms', 'speedup', 'long tasks'];
  const rows = pages.map((p) => [
    p.kind === 'reference' ? `${p.name} (ref)` : p.name,
    String(Math.round(p.bytes / 1024)),
    p.chars === null ? '–' : String(p.chars),
    p.mentions === null ? '–' : String(p.mentions),
    fmt(p.annotateMs),
    fmt(p.jsMs),
    fmt(p.floorMs),
    p.ratio === null ? '–' : p.ratio.toFixed(2),
    markjsCell(p.markjs),
    speedupCell(p),
    p.error ? `error: ${p.error.slice(0, 40)}` : longTaskCell(p.longTasks),
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const numeric = new Set([1, 2, 3, 4, 5, 6, 7, 8, 9]);
  const line = (cells: string[]) => `| ${cells.map((c, i) => (numeric.has(i) ? c.padStart(widths[i]) : c.padEnd(widths[i]))).join(' | ')} |`;
  const rule = `|${widths.map((w, i) => (numeric.has(i) ? `${'-'.repeat(w + 1)}:` : '-'.repeat(w + 2))).join('|')}|`;
  return [line(head), rule, ...rows.map(line)].join('\n');
}

export function medians(pages: readonly PageResult[]): BenchResults['medians'] {
  return {
    annotateOverFloor: median(pages.map((p) => p.ratio ?? NaN)),
    markjsOverAnnotate: median(pages.map((p) => p.speedup ?? NaN)),
  };
}

export function formatMedians(m: BenchResults['medians']): string {
  const y = m.markjsOverAnnotate === null ? 'n/a' : String(Math.round(m.markjsOverAnnotate));
  return `median annotate/floor ${m.annotateOverFloor === null ? 'n/a' : m.annotateOverFloor.toFixed(2)}, median mark.js/annotate ${y}`;
}

export interface GoalInput {
  pages: readonly PageResult[];
  /** Names of the five largest corpus pages (by bytes), whether measured or not. */
  largest: readonly string[];
  quiet: QuietResult | null;
  bundleGzipBytes: number;
  scale: ScaleResult | null;
  card: CardResult | null;
}

/** The reference article as the next page of a tab (not the goal's figure: every page is measured as a first load). */
function warmNote(pages: readonly PageResult[]): string {
  const ref = pages.find((p) => p.kind === 'reference' && p.warmAnnotateMs);
  if (!ref) return '';
  const ratio = ref.markjs.status === 'done' && ref.markjs.ms !== null ? `, ${Math.round(ref.markjs.ms / ref.warmAnnotateMs!)}× mark.js` : '';
  return ` (not the goal's figure: ${ref.name} loaded a second time in the same tab, renderer and compile cache warm: ${fmt(ref.warmAnnotateMs, 1)} ms${ratio})`;
}

export function checkGoals({ pages, largest, quiet, bundleGzipBytes, scale, card }: GoalInput): Goal[] {
  const goals: Goal[] = [];

  const big = largest.map((name) => pages.find((p) => p.name === name && p.kind === 'corpus')).filter((p): p is PageResult => !!p);
  const ratios = big.map((p) => `${p.name} ${p.ratio === null ? 'n/a' : `${p.ratio.toFixed(2)}×`}`);
  const bigMeasured = big.filter((p) => p.ratio !== null);
  goals.push({
    id: 'floor-ratio',
    title: `annotation at most ${GOALS.floorRatio}× the floor on the ${GOALS.largestPages} largest corpus pages`,
    pass: bigMeasured.length ? bigMeasured.every((p) => p.ratio! <= GOALS.floorRatio) && bigMeasured.length === big.length : null,
    detail: big.length ? ratios.join(', ') : 'none of them measured in this run',
  });

  const done = pages.filter((p) => p.speedup !== null);
  const worst = done.reduce<PageResult | null>((w, p) => (!w || p.speedup! < w.speedup! ? p : w), null);
  const timeouts = pages.filter((p) => p.markjs.status === 'timeout');
  goals.push({
    id: 'markjs',
    title: `at least ${GOALS.markjsSpeedup}× faster than naive mark.js with the same aliases (where it finished)`,
    pass: done.length ? done.every((p) => p.speedup! >= GOALS.markjsSpeedup) : null,
    detail: (done.length
      ? `${done.length} pages finished, slowest ratio ${Math.round(worst!.speedup!)}× on ${worst!.name}; ${timeouts.length} timed out`
      : `mark.js finished on no page (${timeouts.length} timed out)`) + warmNote(pages),
  });

  // A run is suspect when a long task overlaps a pass, or when there are more long tasks after DOMContentLoaded than
  // without the extension; the page is loaded again, and only a suspicion that comes back counts (the machine's load
  // can stretch any task past 50 ms).
  const measured = pages.filter((p) => p.annotateMs !== null);
  const suspect = pages.filter((p) => p.longTasks.recheckRuns > 0);
  const confirmed = suspect.filter((p) => p.longTasks.recheckSuspect > 0);
  const describe = (p: PageResult) =>
    `${p.name} (${[...p.longTasks.duringPass.map((s) => `${Math.round(s.duration)} ms in a pass`), `${p.longTasks.inWindow.length} vs ${p.longTasks.baseInWindow.length} after DOMContentLoaded`].join(', ')}; again in ${p.longTasks.recheckSuspect}/${p.longTasks.recheckRuns} reloads)`;
  goals.push({
    id: 'long-tasks',
    title: `no task over ${GOALS.longTaskMs} ms caused by the extension`,
    pass: measured.length ? confirmed.length === 0 : null,
    detail: suspect.length ? `${confirmed.length ? 'reproduced' : 'none reproduced'}: ${suspect.map(describe).join('; ')}` : `none on ${measured.length} pages`,
  });

  goals.push({
    id: 'quiet-page',
    title: `under ${GOALS.quietMs} ms of content-script time on a page with no mention`,
    pass: quiet && quiet.jsMs !== null ? quiet.jsMs < GOALS.quietMs && quiet.mentions === 0 : null,
    detail: quiet
      ? quiet.error ?? (quiet.jsMs === null ? `not traced (page scripts on, or --no-trace); the pass alone (busyMs) ${fmt(quiet.busyMs, 1)} ms` : null) ?? `all the content script's main-thread JS (trace) ${fmt(quiet.jsMs, 1)} ms, of which evaluating the bundle ${fmt(quiet.evalMs, 1)} ms; the pass alone (busyMs) ${fmt(quiet.busyMs, 1)} ms; mentions ${quiet.mentions}; medians of ${quiet.runs} loads` +
        (quiet.warmJsMs !== null ? ` (not the goal's figure: a second load in the same tab, renderer and compile cache warm, ${fmt(quiet.warmJsMs, 1)} ms)` : '')
      : 'not measured',
  });

  const withClaims = pages.filter((p) => p.claimsPageMs !== null && p.annotateMs);
  const share = (p: PageResult) => p.claimsPageMs! / (p.annotateMs! - p.claimsPageMs! || 1);
  const worstShare = withClaims.reduce<PageResult | null>((w, p) => (!w || share(p) > share(w) ? p : w), null);
  const bg = withClaims.map((p) => p.claimsBackgroundMs ?? 0);
  goals.push({
    id: 'claims-share',
    title: `claim detection adds at most ${GOALS.claimsShare * 100}% to annotation time (on the page's thread)`,
    pass: withClaims.length ? withClaims.every((p) => share(p) <= GOALS.claimsShare) : null,
    detail: worstShare
      ? `most ${(share(worstShare) * 100).toFixed(1)}% on ${worstShare.name} (${fmt(worstShare.claimsPageMs, 2)} ms of ${fmt(worstShare.annotateMs, 1)} ms); ` +
        `detection itself runs in the background: median ${fmt(median(bg), 1)} ms, most ${fmt(Math.max(...bg), 1)} ms per page`
      : 'no page measured',
  });

  goals.push({
    id: 'bundle',
    title: `content.js at most ${GOALS.bundleGzipKb} kB gzipped`,
    pass: bundleGzipBytes > 0 ? bundleGzipBytes <= GOALS.bundleGzipKb * 1024 : null,
    detail: `${(bundleGzipBytes / 1024).toFixed(1)} kB`,
  });

  const grown = scale?.variants.filter((v) => v.factor > 1 && !v.stress) ?? [];
  const stress = scale?.variants.filter((v) => v.stress) ?? [];
  goals.push({
    id: 'scale',
    title: `matching time grows at most ${GOALS.scaleGrowth}× with 10× and 100× the aliases (synthetic names)`,
    pass: grown.length ? grown.every((v) => v.growth <= GOALS.scaleGrowth) : null,
    detail: scale
      ? scale.error ??
        `${scale.page} (${scale.chars} chars, ${fmt(scale.variants[0]?.scanMs, 2)} ms with the real aliases): ${grown.map((v) => `${v.label} ${v.growth.toFixed(2)}×`).join(', ')}` +
          (stress.length ? `; stress, not the goal: ${stress.map((v) => `${v.label} ${v.growth.toFixed(2)}×`).join(', ')}` : '')
      : 'not measured',
  });

  const hovers = card?.hovers ?? [];
  const painted = hovers.map((h) => h.frameMs).filter((x): x is number => x !== null);
  const late = hovers.filter((h) => h.frameIndex !== 1);
  const ms = (values: (number | null)[]) => {
    const v = values.filter((x): x is number => x !== null);
    return v.length ? `median ${fmt(median(v), 1)}, max ${fmt(Math.max(...v), 1)} ms` : '–';
  };
  goals.push({
    id: 'card',
    title: 'card painted in the first frame after its intent delay',
    pass: card && !card.error && hovers.length ? late.length === 0 : card ? false : null,
    detail: card
      ? card.error ??
        `${hovers.length} hovers on the reference article, from the end of the ${'intent'} delay: loading shell in the DOM ${ms(hovers.map((h) => h.shellMs))}; ` +
          `filled card in the DOM ${ms(hovers.map((h) => h.contentMs))}; painted ${ms(painted)}` +
          (late.length ? `; not in the first frame: ${late.map((h) => `${h.entryId} (frame ${h.frameIndex ?? '?'}, ${fmt(h.frameMs, 1)} ms)`).join(', ')}` : '')
      : 'not measured',
  });

  return goals;
}

export function formatGoals(goals: readonly Goal[]): string {
  return goals.map((g) => `${g.pass === null ? '[ -- ]' : g.pass ? '[PASS]' : '[FAIL]'} ${g.title}: ${g.detail}`).join('\n');
}
