/**
 * Scale check of the pure matcher: the real dataset's entries plus synthetic ones with pronounceable made-up names,
 * 10× and 100× the aliases, scanned over one page's readable text in Node. The matcher's cost should follow the
 * text, not the dictionary (docs/decisions/001-matcher.md); this measures whether it does.
 */
import { readFileSync } from 'node:fs';
import { Window } from 'happy-dom';
import { compileIndex } from '../../src/core/compiled';
import { Matcher, resolveMentions, type Candidate } from '../../src/core/matcher';
import { foldWord, wordRe } from '../../src/core/text';
import { ENTRY_KINDS, type Alias, type Entry } from '../../src/core/types';
import { readBlocks } from '../../content-scripts/reader';
import { median, type ScaleResult, type ScaleVariant } from './bench-report';

/** Deterministic PRNG (mulberry32): the same synthetic names on every run and machine. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const ONSETS = ['b', 'd', 'f', 'g', 'k', 'l', 'm', 'n', 'p', 'r', 's', 't', 'v', 'z', 'br', 'dr', 'kr', 'st', 'tr', 'sh', 'ch', 'th'];
const VOWELS = ['a', 'e', 'i', 'o', 'u', 'ai', 'ou', 'ei'];
const CODAS = ['', '', '', 'n', 'r', 'l', 's', 'k'];

/** A capitalised made-up word of 2–4 syllables ("Tralovin"). */
export function pronounceable(rand: () => number): string {
  const pick = <T>(list: readonly T[]) => list[Math.floor(rand() * list.length)];
  const syllables = 2 + Math.floor(rand() * 3);
  let word = '';
  for (let i = 0; i < syllables; i++) word += pick(ONSETS) + pick(VOWELS) + (i === syllables - 1 ? pick(CODAS) : '');
  return word[0].toUpperCase() + word.slice(1);
}

export interface SyntheticOptions {
  /** How many aliases to make. */
  aliases: number;
  /** Aliases per entry (the real dataset has about 7). */
  perEntry?: number;
  /**
   * Share of aliases whose first word is a common word of the text ("the Tralovin Accord"): each such alias makes
   * the matcher start a walk at every occurrence of that word, the expensive path. 0 for names only.
   */
  collisionShare?: number;
  /** Common words of the text to collide with. */
  commonWords?: readonly string[];
  /** Folded words never to make (the text's own words): synthetic names then add aliases, not mentions. */
  avoid?: ReadonlySet<string>;
  seed?: number;
}

/** Synthetic dataset entries: names of one to three made-up words, some exact-case, a few conditional. */
export function syntheticEntries({ aliases, perEntry = 7, collisionShare = 0, commonWords = [], avoid, seed = 7 }: SyntheticOptions): Entry[] {
  const rand = prng(seed);
  const name = () => {
    for (;;) {
      const w = pronounceable(rand);
      if (!avoid?.has(foldWord(w))) return w;
    }
  };
  const entries: Entry[] = [];
  let made = 0;
  for (let e = 0; made < aliases; e++) {
    const list: Alias[] = [];
    const surname = name();
    for (let k = 0; k < perEntry && made < aliases; k++, made++) {
      const words = Array.from({ length: Math.floor(rand() * 3) }, name);
      words.push(surname);
      let text = words.join(' ');
      if (commonWords.length && rand() < collisionShare) text = `${commonWords[Math.floor(rand() * commonWords.length)]} ${text}`;
      const r = rand();
      // About the real mix: ~6% exact-case, ~7% conditional aliases.
      if (r < 0.06) list.push({ text, case: 'exact' });
      else if (r < 0.13) list.push({ text, when: { near: [pronounceable(rand).toLowerCase()] } });
      else list.push(text);
    }
    entries.push({
      id: `synthetic-${e}`,
      kind: ENTRY_KINDS[e % ENTRY_KINDS.length],
      name: surname,
      aliases: list,
      summary: 'Synthetic entry for the scale benchmark.',
      sources: [],
      asOf: '2025-01-01',
    });
  }
  return entries;
}

/** The readable text of a saved page, as the content script's reader would see it if the whole body were the article. */
export async function pageBlocks(file: string): Promise<string[]> {
  const window = new Window({
    url: 'http://127.0.0.1/',
    settings: {
      disableJavaScriptEvaluation: true,
      disableJavaScriptFileLoading: true,
      disableCSSFileLoading: true,
      disableIframePageLoading: true,
      disableComputedStyleRendering: true,
    },
  } as ConstructorParameters<typeof Window>[0]);
  try {
    window.document.write(readFileSync(file, 'utf8'));
    return [...readBlocks(window.document.body as unknown as Element)].map((b) => b.text);
  } finally {
    await window.happyDOM.close();
  }
}

/** Folded words of the blocks with their counts. */
export function wordCounts(blocks: readonly string[]): Map<string, number> {
  const freq = new Map<string, number>();
  for (const text of blocks) for (const w of text.match(wordRe()) ?? []) {
    const f = foldWord(w);
    freq.set(f, (freq.get(f) ?? 0) + 1);
  }
  return freq;
}

/** The most frequent words (the words a careless alias would start with). */
export function commonWords(freq: ReadonlyMap<string, number>, count = 100): string[] {
  return [...freq].sort((a, b) => b[1] - a[1]).slice(0, count).map(([w]) => w);
}

/** One annotation's worth of matching: scan every block (as the content script does), then settle. */
function annotateText(matcher: Matcher, blocks: readonly string[]): number {
  const candidates: Candidate[] = [];
  let base = 0;
  for (const text of blocks) {
    matcher.scan(text, base, candidates);
    base += text.length + 1;
  }
  return resolveMentions(candidates).length;
}

export interface ScaleOptions {
  pageName: string;
  /** The page's readable text, block by block ({@link pageBlocks}). */
  blocks: readonly string[];
  realEntries: readonly Entry[];
  factors?: readonly number[];
  collisionShare?: number;
  rounds?: number;
}

/**
 * Times the matcher over the page's text with the real aliases and with `factors` times as many (names only, and
 * with a share of aliases that start with common words). Variants are timed round-robin, so a burst of load on the
 * machine hits them all alike; each figure is the fastest of `rounds` (the median is kept too).
 */
export function runScale({ pageName, blocks, realEntries, factors = [10, 100], collisionShare = 0.1, rounds = 41 }: ScaleOptions): ScaleResult {
  const chars = blocks.reduce((n, b) => n + b.length + 1, 0);
  const real = compileIndex(realEntries).aliases.length;
  const freq = wordCounts(blocks);
  const avoid = new Set(freq.keys());
  const common = commonWords(freq);
  const plans: { label: string; factor: number; stress: boolean; entries: Entry[] }[] = [{ label: '1× (real)', factor: 1, stress: false, entries: [...realEntries] }];
  for (const factor of factors) {
    plans.push({ label: `${factor}×`, factor, stress: false, entries: [...realEntries, ...syntheticEntries({ aliases: real * (factor - 1), avoid, seed: factor })] });
  }
  if (collisionShare > 0) {
    for (const factor of factors) {
      plans.push({
        label: `${factor}× with ${Math.round(collisionShare * 100)}% starting with a common word`,
        factor,
        stress: true,
        entries: [...realEntries, ...syntheticEntries({ aliases: real * (factor - 1), avoid, seed: factor + 1, collisionShare, commonWords: common })],
      });
    }
  }
  const built = plans.map((p) => {
    const t0 = performance.now();
    const index = compileIndex(p.entries);
    const matcher = new Matcher(index);
    return { ...p, matcher, aliases: index.aliases.length, buildMs: performance.now() - t0, times: [] as number[], mentions: 0 };
  });
  for (const b of built) for (let i = 0; i < 3; i++) b.mentions = annotateText(b.matcher, blocks);
  for (let r = 0; r < rounds; r++) {
    for (const b of built) {
      const t0 = performance.now();
      annotateText(b.matcher, blocks);
      b.times.push(performance.now() - t0);
    }
  }
  // The fastest round of each: on a shared machine every slower round is the same work plus someone else's.
  const baseMs = Math.min(...built[0].times);
  const variants: ScaleVariant[] = built.map((b) => {
    const scanMs = Math.min(...b.times);
    return {
      label: b.label, factor: b.factor, stress: b.stress, aliases: b.aliases, buildMs: b.buildMs, scanMs, medianMs: median(b.times)!,
      mentions: b.mentions, growth: scanMs / baseMs,
    };
  });
  return { page: pageName, chars, blocks: blocks.length, variants };
}
