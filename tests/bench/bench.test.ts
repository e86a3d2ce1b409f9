/**
 * The benchmark's pure parts: the rules that turn figures into verdicts, the trace arithmetic and the synthetic
 * dataset. (The browser parts are exercised by running `npm run bench`.)
 */
import { describe, expect, it } from 'vitest';
import { checkGoals, formatMedians, formatTable, median, overlaps, type PageResult } from '../../scripts/lib/bench-report';
import { contentScriptTime, markjsKeywords, suspectLongTasks, type TraceEvent } from '../../scripts/lib/bench-browser';
import { commonWords, pronounceable, prng, syntheticEntries, wordCounts } from '../../scripts/lib/bench-scale';
import { compileIndex } from '../../src/core/compiled';
import { Matcher, resolveMentions } from '../../src/core/matcher';
import { foldWord } from '../../src/core/text';

function page(name: string, over: Partial<PageResult> = {}): PageResult {
  return {
    name, kind: 'corpus', bytes: 1_000_000, runs: 1, chars: 1000, mentions: 1, passes: 1, frames: 1, annotateMs: 4, wallMs: 4,
    jsMs: 20, evalMs: 5, warmAnnotateMs: null, tracedAnnotateMs: 4, claimsPageMs: 0.1, claimsBackgroundMs: 2, floorMs: 1, floorChars: 5000, textNodes: 100, ratio: 4,
    markjs: { status: 'done', ms: 4000, keywordsDone: 10, keywordsTotal: 10, estimateMs: null, marks: 3 }, speedup: 1000,
    longTasks: { duringPass: [], inWindow: [], baseInWindow: [], recheckRuns: 0, recheckSuspect: 0 },
    ...over,
  };
}

const goal = (goals: ReturnType<typeof checkGoals>, id: string) => goals.find((g) => g.id === id)!;
const base = { quiet: null, bundleGzipBytes: 20_000, scale: null, card: null };

describe('median', () => {
  it('takes the middle value, or the mean of the two middle values', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 2, 3])).toBe(2.5);
  });
  it('ignores values that are not numbers and is null when none is left', () => {
    expect(median([NaN, 5])).toBe(5);
    expect(median([])).toBeNull();
  });
});

describe('goals', () => {
  it('fails the floor ratio when one of the largest pages is over 5×', () => {
    const goals = checkGoals({ ...base, pages: [page('a'), page('b', { ratio: 5.2 })], largest: ['a', 'b'] });
    expect(goal(goals, 'floor-ratio').pass).toBe(false);
    expect(goal(goals, 'floor-ratio').detail).toContain('b 5.20×');
  });

  it('does not judge the floor ratio when none of the largest pages was measured', () => {
    expect(goal(checkGoals({ ...base, pages: [page('x')], largest: ['a'] }), 'floor-ratio').pass).toBeNull();
  });

  it('judges mark.js only on pages where it finished', () => {
    const timedOut = page('slow', { speedup: null, markjs: { status: 'timeout', ms: 10_000, keywordsDone: 5, keywordsTotal: 10, estimateMs: 20_000, marks: 0 } });
    const goals = checkGoals({ ...base, pages: [page('a', { speedup: 250 }), timedOut], largest: [] });
    expect(goal(goals, 'markjs').pass).toBe(true);
    expect(goal(goals, 'markjs').detail).toContain('1 timed out');
  });

  it('counts a long task only when it comes back on reloading', () => {
    const once = page('a', { longTasks: { duringPass: [{ start: 10, duration: 80 }], inWindow: [], baseInWindow: [], recheckRuns: 2, recheckSuspect: 0 } });
    expect(goal(checkGoals({ ...base, pages: [once], largest: [] }), 'long-tasks').pass).toBe(true);
    const again = page('a', { longTasks: { ...once.longTasks, recheckSuspect: 1 } });
    expect(goal(checkGoals({ ...base, pages: [again], largest: [] }), 'long-tasks').pass).toBe(false);
  });

  it('holds the quiet page to all of the content script, not only its pass', () => {
    const quiet = { runs: 5, mentions: 0, busyMs: 1.5, jsMs: 12, evalMs: 6, warmJsMs: null };
    expect(goal(checkGoals({ ...base, pages: [], largest: [], quiet }), 'quiet-page').pass).toBe(false);
    expect(goal(checkGoals({ ...base, pages: [], largest: [], quiet: { ...quiet, jsMs: 2.5 } }), 'quiet-page').pass).toBe(true);
  });

  it('judges by first loads in a new tab; a second load in the same tab is only reported beside them', () => {
    const quiet = { runs: 5, mentions: 0, busyMs: 1, jsMs: 4.5, evalMs: 4, warmJsMs: 2.3 };
    const q = goal(checkGoals({ ...base, pages: [], largest: [], quiet }), 'quiet-page');
    expect(q.pass).toBe(false);
    expect(q.detail).toContain('second load in the same tab, renderer and compile cache warm, 2.3 ms');
    const ref = page('security-guarantees', { kind: 'reference', annotateMs: 6, speedup: 100, warmAnnotateMs: 2.5, markjs: { status: 'done', ms: 600, keywordsDone: 1, keywordsTotal: 1, estimateMs: null, marks: 1 } });
    const m = goal(checkGoals({ ...base, pages: [ref], largest: [] }), 'markjs');
    expect(m.pass).toBe(false);
    expect(m.detail).toContain('security-guarantees loaded a second time in the same tab, renderer and compile cache warm: 2.5 ms, 240× mark.js');
  });

  it('holds claims to 20% of annotation time on the page’s thread, and reports the background’s time beside it', () => {
    const ok = checkGoals({ ...base, pages: [page('a', { annotateMs: 6, claimsPageMs: 0.5, claimsBackgroundMs: 9 })], largest: [] });
    expect(goal(ok, 'claims-share').pass).toBe(true);
    expect(goal(ok, 'claims-share').detail).toContain('background: median 9.0 ms');
    const bad = checkGoals({ ...base, pages: [page('a', { annotateMs: 6, claimsPageMs: 0.5 }), page('b', { annotateMs: 6, claimsPageMs: 2 })], largest: [] });
    expect(goal(bad, 'claims-share').pass).toBe(false);
    expect(goal(bad, 'claims-share').detail).toContain('on b');
  });

  it('checks the bundle against 30 kB', () => {
    expect(goal(checkGoals({ ...base, pages: [], largest: [], bundleGzipBytes: 31_000 }), 'bundle').pass).toBe(false);
  });

  it('judges scale on synthetic names, not on the stress variant', () => {
    const v = (label: string, factor: number, growth: number, stress = false) => ({ label, factor, aliases: 1, buildMs: 1, scanMs: growth, medianMs: growth, mentions: 1, growth, stress });
    const scale = { page: 'p', chars: 10, blocks: 1, variants: [v('1×', 1, 1), v('10×', 10, 1.1), v('100×', 100, 1.2), v('100× stress', 100, 1.9, true)] };
    expect(goal(checkGoals({ ...base, pages: [], largest: [], scale }), 'scale').pass).toBe(true);
  });

  it('wants every hover painted in the first frame after the delay', () => {
    const hover = (frameIndex: number) => ({ entryId: 'x', shellMs: 1, contentMs: 5, frameMs: 16 * frameIndex, frameIndex });
    expect(goal(checkGoals({ ...base, pages: [], largest: [], card: { page: 'p', hovers: [hover(1), hover(1)] } }), 'card').pass).toBe(true);
    expect(goal(checkGoals({ ...base, pages: [], largest: [], card: { page: 'p', hovers: [hover(1), hover(2)] } }), 'card').pass).toBe(false);
  });
});

describe('table', () => {
  it('writes timeouts as such and bounds their speedup from below', () => {
    const p = page('big', { annotateMs: 5, speedup: null, markjs: { status: 'timeout', ms: 10_000, keywordsDone: 500, keywordsTotal: 1000, estimateMs: 20_000, marks: 0 } });
    const table = formatTable([p]);
    expect(table).toContain('timeout (~20 s)');
    expect(table).toContain('>2000×');
  });

  it('prints the medians line', () => {
    expect(formatMedians({ annotateOverFloor: 3.456, markjsOverAnnotate: 812.4 })).toBe('median annotate/floor 3.46, median mark.js/annotate 812');
  });
});

describe('long tasks', () => {
  it('finds overlapping spans', () => {
    expect(overlaps({ start: 0, duration: 10 }, { start: 9, duration: 5 })).toBe(true);
    expect(overlaps({ start: 0, duration: 10 }, { start: 10, duration: 5 })).toBe(false);
  });

  it('suspects a run with a long task in a pass, or more than without the extension', () => {
    const t = { start: 0, duration: 60 };
    expect(suspectLongTasks({ duringPass: [t], inWindow: [t], baseInWindow: [t] })).toBe(true);
    expect(suspectLongTasks({ duringPass: [], inWindow: [t], baseInWindow: [t] })).toBe(false);
    expect(suspectLongTasks({ duringPass: [], inWindow: [t, t], baseInWindow: [t] })).toBe(true);
  });
});

describe('contentScriptTime', () => {
  const origin = 'chrome-extension://abc/';
  const meta = (pid: number, tid: number, name: string): TraceEvent => ({ name: 'thread_name', ph: 'M', pid, tid, ts: 0, args: { name } });
  const x = (name: string, ts: number, dur: number, url?: string, pid = 1, tid = 1): TraceEvent => ({ name, ph: 'X', pid, tid, ts, dur, args: url ? { data: { url } } : {} });

  it('sums outermost script events on the main thread of the renderer that ran the content script', () => {
    const events = [
      meta(1, 1, 'CrRendererMain'), meta(1, 2, 'Compositor'), meta(2, 1, 'CrRendererMain'),
      x('EvaluateScript', 1000, 3000, `${origin}content.js`),
      x('v8.run', 1100, 2500), // nested: not counted twice
      x('RunMicrotasks', 10_000, 20_000),
      x('RunMicrotasks', 40_000, 1000, undefined, 1, 2), // another thread
      x('RunMicrotasks', 40_000, 9000, undefined, 2, 1), // another renderer
    ];
    expect(contentScriptTime(events, origin)).toEqual({ ms: 23, evalMs: 3 });
  });

  it('leaves out other scripts of the same thread, with what they contain', () => {
    const events = [meta(1, 1, 'CrRendererMain'), x('EvaluateScript', 0, 1000, `${origin}content.js`), x('EvaluateScript', 5000, 7000, 'chrome-error://chromewebdata/'), x('RunMicrotasks', 6000, 500)];
    expect(contentScriptTime(events, origin)).toEqual({ ms: 1, evalMs: 1 });
  });

  it('counts nothing that ran before the content script was first evaluated (the parser\'s own microtasks)', () => {
    const events = [meta(1, 1, 'CrRendererMain'), x('RunMicrotasks', 0, 2000), x('EvaluateScript', 5000, 1000, `${origin}content.js`), x('RunMicrotasks', 8000, 500)];
    expect(contentScriptTime(events, origin)).toEqual({ ms: 1.5, evalMs: 1 });
  });

  it('is null when the content script never ran', () => {
    expect(contentScriptTime([meta(1, 1, 'CrRendererMain'), x('RunMicrotasks', 0, 1000)], origin)).toBeNull();
  });
});

describe('mark.js keywords', () => {
  it('orders them as mark.js does: non-blank, deduplicated, longest first', () => {
    expect(markjsKeywords(['NATO', ' ', 'Vladimir Putin', 'NATO', 'Kyiv'])).toEqual(['Vladimir Putin', 'NATO', 'Kyiv']);
  });
});

describe('synthetic dataset', () => {
  it('is the same on every run', () => {
    expect(syntheticEntries({ aliases: 20, seed: 3 })).toEqual(syntheticEntries({ aliases: 20, seed: 3 }));
    const rand = prng(1);
    expect(pronounceable(rand)).toMatch(/^[A-Z][a-z]+$/);
  });

  it('makes exactly the aliases asked for', () => {
    const entries = syntheticEntries({ aliases: 100, perEntry: 7 });
    expect(entries.reduce((n, e) => n + e.aliases.length, 0)).toBe(100);
  });

  it('avoids the words of the text, so synthetic names add aliases and no mention', () => {
    const text = 'Kalo met Brunavi and Tesokai in the market of Drelu.';
    const avoid = new Set(wordCounts([text]).keys());
    const entries = syntheticEntries({ aliases: 2000, avoid, seed: 9 });
    const matcher = new Matcher(compileIndex(entries));
    expect(resolveMentions(matcher.scan(text))).toEqual([]);
    for (const e of entries) for (const a of e.aliases) {
      const words = (typeof a === 'string' ? a : a.text).split(' ');
      expect(words.some((w) => avoid.has(foldWord(w)))).toBe(false);
    }
  });

  it('can start a share of aliases with the text\'s common words (the stress variant)', () => {
    const common = commonWords(wordCounts(['the cat and the dog and the bird']), 2);
    expect(common).toEqual(['the', 'and']);
    const entries = syntheticEntries({ aliases: 200, collisionShare: 1, commonWords: common, seed: 4 });
    const first = entries.flatMap((e) => e.aliases).map((a) => (typeof a === 'string' ? a : a.text).split(' ')[0]);
    expect(first.every((w) => common.includes(w))).toBe(true);
  });
});
