/**
 * Claim detection: recognises, sentence by sentence, the recurring claims of `src/dataset/claims.json` however an
 * outlet words them. Pure: no DOM, no browser API, no Node API.
 *
 * ## Patterns (the data)
 * A claim's `pattern` is a set of concept groups that must all occur in ONE sentence:
 *
 * ```json
 * { "all": [["entity:vladimir-putin", "putin", "kremlin", "moscow"],
 *           ["accept*", "agree*", "concession"],
 *           ["entity:article-5", "article 5", "nato-style"]],
 *   "none": ["..."], "window": 20, "negatable": true, "head": [1] }
 * ```
 *
 * - A term `entity:<id>` is a mention of that dataset entry (any of its aliases, as the matcher found it).
 * - Any other term is a word or phrase. It is folded like the matcher folds aliases (case, diacritics, Cyrillic
 *   ё/е), and punctuation between words is ignored, so `"article 5-like"` matches "Article 5-like" and
 *   "article 5 like". A word ending in `*` matches any word it begins (`guarant*`: guarantee, guarantors).
 * - `none`: terms that veto the pattern anywhere in the sentence. `window`: all groups within that many words.
 * - `pattern` may also be an array of such objects: alternatives, any one suffices.
 *
 * ## Assertion, negation, attribution (the code, the same for every claim)
 * A sentence that names a claim does not always make it. Three generic rules decide:
 *
 * 1. Denial and doubt frames. "The Kremlin denies that ...", "it is false that ...", "X rejected the claim that
 *    ...", "there is no evidence that ...", "it is unclear whether ..." mean the claim is reported in order to be
 *    disputed: not asserted. A frame covers the sentence from its start to the end of the frame's clause (the
 *    first strong break after it: ";" or a comma followed by "given", "because", "but" ...), so in "Kyiv dismisses
 *    the idea that X, given that Y" only X is disputed and Y still counts. Questions ("Did Putin accept ...?")
 *    assert nothing either. Reported speech ("Witkoff said Putin agreed ...") does count: every claim is stated
 *    as someone's claim, and the card says what the record shows.
 * 2. Plain negation flips most claims: "Putin did not accept Article 5-like guarantees" is the opposite claim.
 *    A negator ("not", "n't", "never", "no", "refused to", "rejected", "ruled out" ...) negates the words of the
 *    claim that follow it within {@link NEGATION_REACH} words in the same clause. The pattern fails when, in one
 *    of its `head` groups (default: every group), every hit is negated. Persistence idioms are not negation:
 *    "has not budged from", "did not rule out", "not only".
 * 3. `negatable: false` for claims whose own wording is negative ("no Western troops in Ukraine", "Ukraine cannot
 *    join NATO", "security without Russia is impossible"): the negator is part of the claim, so rule 2 is off
 *    for them (rule 1 still applies: "Moscow denies it wants no Western troops ..." is rare, but handled).
 *
 * ## Cost
 * Only sentences holding a trigger are segmented and evaluated: a mention of an entity that some pattern's
 * anchor group names, or an anchor word found by one precompiled regular expression. A text with neither costs
 * one regex pass. See {@link ClaimDetector.detect}.
 */
import { formatDate, sourceIndexes, type CardModel } from './card';
import type { CompiledClaims, CompiledPattern, TermRef } from './claims-types';
import type { CompiledIndex } from './compiled';
import type { Mention } from './matcher';
import { foldWord, normalizeGap, WORD_RE } from './text';
import type { Alias, KeyDate, Source } from './types';

export type { CompiledClaims } from './claims-types';

/** The pattern of a claim as written in claims.json. */
export interface ClaimPattern {
  all: string[][];
  none?: string[];
  window?: number;
  negatable?: boolean;
  head?: number[];
}

/** One claim as written in `src/dataset/claims.json` (see `schema/claim.schema.json`). */
export interface ClaimDef {
  id: string;
  kind: 'claim';
  name: string;
  aliases: Alias[];
  /** The claim, stated neutrally and attributed. */
  statement: string;
  /** What the record shows: dated, sourced context, no verdict. */
  record: string;
  dates?: KeyDate[];
  related?: string[];
  sources: Source[];
  asOf: string;
  pattern: ClaimPattern | ClaimPattern[];
}

/** One sentence asserting a claim. Offsets are absolute (`base` + offset in the text), end exclusive. */
export interface ClaimMatch {
  /** Index into {@link CompiledClaims.claims}. */
  claim: number;
  id: string;
  start: number;
  end: number;
}

const ENTITY_PREFIX = 'entity:';
/** How many words after a negator it still negates (NegEx-style window; clause breaks stop it earlier). */
export const NEGATION_REACH = 6;
/** A `*` stem shorter than this would match too much ("a*"). */
const MIN_STEM = 3;
const WORD_CHAR = /[\p{L}\p{N}\p{M}]/u;

// ---------------------------------------------------------------------------------------------------------------
// Compiling

function patternsOf(def: ClaimDef): ClaimPattern[] {
  return Array.isArray(def.pattern) ? def.pattern : [def.pattern];
}

/** Folds a term's phrase: words as the matcher folds them, a trailing `*` kept. Empty when it has no word. */
export function foldTerm(term: string): string {
  const words = term.match(/[\p{L}\p{N}\p{M}]+\*?/gu);
  return words ? words.map((w) => (w.endsWith('*') ? foldWord(w.slice(0, -1)) + '*' : foldWord(w))).join(' ') : '';
}

/**
 * Compiles claim definitions against the alias index. Entity terms whose id is not in the index are dropped
 * (the dataset may be incomplete while it is written; {@link claimPatternProblems} reports them).
 */
export function compileClaims(defs: readonly ClaimDef[], index: CompiledIndex): CompiledClaims {
  const entryOf = new Map(index.entries.map((e, i) => [e.id, i]));
  const phrases: string[] = [];
  const phraseOf = new Map<string, number>();
  const ref = (term: string): TermRef | null => {
    if (term.startsWith(ENTITY_PREFIX)) {
      const entry = entryOf.get(term.slice(ENTITY_PREFIX.length));
      return entry === undefined ? null : -1 - entry;
    }
    const folded = foldTerm(term);
    if (!folded) return null;
    let p = phraseOf.get(folded);
    if (p === undefined) {
      p = phrases.length;
      phrases.push(folded);
      phraseOf.set(folded, p);
    }
    return p;
  };
  const refs = (terms: readonly string[]) => [...new Set(terms.map(ref).filter((t): t is TermRef => t !== null))];
  const claims = defs.map((def) => ({
    id: def.id,
    name: def.name,
    patterns: patternsOf(def).map((p): CompiledPattern => {
      const all = p.all.map(refs);
      const out: CompiledPattern = { all, negatable: p.negatable ?? true, anchor: cheapestGroup(all) };
      const none = refs(p.none ?? []);
      if (none.length) out.none = none;
      if (p.window) out.window = p.window;
      if (p.head?.length) out.head = p.head.filter((h) => h >= 0 && h < all.length);
      return out;
    }),
  }));
  return { version: 1, phrases, claims };
}

/**
 * The group to trigger on: a sentence can only match if it holds one of that group's terms. Entity terms are
 * free to look for (the mentions are already known); each word term lengthens the trigger expression.
 */
function cheapestGroup(all: readonly TermRef[][]): number {
  let best = 0;
  let bestCost = Infinity;
  all.forEach((group, g) => {
    if (!group.length) return;
    const cost = group.reduce((sum, t) => sum + (t < 0 ? 0.25 : 1), 0);
    if (cost < bestCost) {
      best = g;
      bestCost = cost;
    }
  });
  return best;
}

/**
 * Problems in claim patterns that neither JSON Schema nor the cross-file lint see: unknown entity ids, empty
 * groups, head indexes out of range, stems too short. `knownIds` are the dataset's entry ids.
 */
export function claimPatternProblems(defs: readonly ClaimDef[], knownIds: ReadonlySet<string>): { claim: string; field: string; message: string }[] {
  const problems: { claim: string; field: string; message: string }[] = [];
  for (const def of defs) {
    patternsOf(def).forEach((p, k) => {
      const at = Array.isArray(def.pattern) ? `pattern[${k}]` : 'pattern';
      const check = (term: string, field: string) => {
        if (term.startsWith(ENTITY_PREFIX)) {
          const id = term.slice(ENTITY_PREFIX.length);
          if (!knownIds.has(id)) problems.push({ claim: def.id, field, message: `no entry with id "${id}"` });
          return;
        }
        const folded = foldTerm(term);
        if (!folded) problems.push({ claim: def.id, field, message: `term "${term}" has no word` });
        for (const w of folded.split(' ')) {
          if (w.endsWith('*') && w.length - 1 < MIN_STEM) problems.push({ claim: def.id, field, message: `stem "${w}" is shorter than ${MIN_STEM} letters` });
        }
      };
      p.all.forEach((group, g) => {
        if (!group.length) problems.push({ claim: def.id, field: `${at}.all[${g}]`, message: 'empty group' });
        group.forEach((t, i) => check(t, `${at}.all[${g}][${i}]`));
      });
      (p.none ?? []).forEach((t, i) => check(t, `${at}.none[${i}]`));
      (p.head ?? []).forEach((h, i) => {
        if (h < 0 || h >= p.all.length) problems.push({ claim: def.id, field: `${at}.head[${i}]`, message: `no group #${h}` });
      });
    });
  }
  return problems;
}

// ---------------------------------------------------------------------------------------------------------------
// Phrase lookup

/** Folded phrases, looked up by their first word (exact, or by stem for `word*`). */
class PhraseTable {
  readonly words: string[][];
  private readonly exact = new Map<string, number[]>();
  private readonly stems = new Map<string, number[]>();
  private readonly stemLengths: number[];

  constructor(phrases: readonly string[]) {
    this.words = phrases.map((p) => (p ? p.split(' ') : []));
    const lengths = new Set<number>();
    this.words.forEach((words, id) => {
      const first = words[0];
      if (!first) return;
      if (first.endsWith('*')) {
        const stem = first.slice(0, -1);
        if (!stem) return;
        lengths.add(stem.length);
        push(this.stems, stem, id);
      } else push(this.exact, first, id);
    });
    this.stemLengths = [...lengths].sort((a, b) => a - b);
  }

  /** Calls `fn(phrase, last)` for every phrase that starts at token `i`; `last` is its last token. */
  forEachAt(keys: readonly string[], i: number, fn: (phrase: number, last: number) => void): void {
    const key = keys[i];
    const exact = this.exact.get(key);
    if (exact) for (const id of exact) this.extend(keys, i, id, fn);
    for (const len of this.stemLengths) {
      if (len > key.length) break;
      const ids = this.stems.get(key.slice(0, len));
      if (ids) for (const id of ids) this.extend(keys, i, id, fn);
    }
  }

  private extend(keys: readonly string[], i: number, id: number, fn: (phrase: number, last: number) => void): void {
    const words = this.words[id];
    if (i + words.length > keys.length) return;
    for (let k = 1; k < words.length; k++) if (!wordMatches(words[k], keys[i + k])) return;
    fn(id, i + words.length - 1);
  }
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

function wordMatches(pattern: string, key: string): boolean {
  return pattern.endsWith('*') ? key.startsWith(pattern.slice(0, -1)) : pattern === key;
}

// ---------------------------------------------------------------------------------------------------------------
// Built-in cues: the generic half of "is the claim asserted here?" (not per claim; see the module comment)

const NEGATORS = ['not', 'never', 'no', 'nor', 'neither', 'cannot', 'none', 'nobody', 'nothing', 'no longer', 'no one'];
/** Verbs and phrases that negate what follows as a plain "not" does. */
const NEGATING = ['refus*', 'reject*', 'rule out', 'rules out', 'ruled out', 'ruling out', 'declin*', 'fail*', 'yet to', 'far from', 'stopped short', 'stop short', 'oppos*'];
/** After a negator, these mean persistence or emphasis, not negation: "has not budged from", "did not rule out". */
const PERSISTENCE = [
  'only', 'just', 'least', 'doubt', 'budg*', 'back down', 'backed down', 'backing down', 'waver*', 'abandon*', 'drop*', 'soften*',
  'yield*', 'give up', 'given up', 'gave up', 'retreat*', 'relent*', 'chang*', 'shift*', 'rule out', 'ruled out', 'exclud*',
  'reject*', 'oppos*', 'hesitat*', 'stop*', 'cease*', 'let up', 'letting up',
];
const PERSISTENCE_NEGATORS = ['not', 'never', 't', 'no'];
/** Words that, alone, mark the sentence as disputing or doubting what it reports. */
const DENIALS = [
  'deny', 'denies', 'denied', 'denying', 'denial', 'denials', 'false', 'falsely', 'falsehood*', 'untrue', 'not true', 'no truth',
  'baseless', 'unfounded', 'groundless', 'myth', 'myths', 'debunk*', 'refut*', 'rebut*', 'disinformation', 'misinformation',
  'fabricat*', 'fake', 'no evidence', 'no basis', 'no proof', 'nonsense', 'propaganda', 'contrary to', 'disputed that', 'disputes that',
  'dispute that', 'unclear',
  'uncertain', 'unconfirmed', 'unverified', 'whether', 'fact check*', 'fact-check*', 'misleading', 'distort*', 'rumour*', 'rumor*',
];
/** A frame verb followed closely by a frame noun: "rejected the claim", "dismissed Moscow's idea". */
const FRAME_VERBS = [
  'reject*', 'dismiss*', 'contest*', 'challeng*', 'question*', 'doubt*', 'scoff*', 'ridicul*', 'brush*', 'counter*', 'downplay*',
  'mock*', 'pushed back', 'push back', 'pushes back', 'disput*',
];
const FRAME_NOUNS = [
  'claim', 'claims', 'idea', 'ideas', 'notion', 'suggestion', 'suggestions', 'assertion', 'assertions', 'allegation', 'allegations',
  'narrative', 'narratives', 'account', 'accounts', 'report', 'reports', 'contention', 'characterization', 'characterisation',
  'version', 'premise', 'argument', 'arguments', 'story', 'stories', 'theory', 'assumption', 'thesis', 'accusation', 'accusations',
  'interpretation', 'framing', 'portrayal', 'talking point', 'talking points', 'lie', 'lies',
];
const FRAME_DISTANCE = 4;
/** Words that open a new clause; after a comma (or dash, semicolon) they end a denial frame's reach. */
const CLAUSE_OPENERS = ['given', 'because', 'since', 'as', 'although', 'though', 'while', 'whereas', 'but', 'yet', 'after', 'when', 'and', 'however', 'even'];
/** Words that end a negation's reach by themselves. */
const NEGATION_STOPS = ['but', 'however', 'while', 'whereas', 'although', 'though', 'because', 'and', 'whereby', 'which', 'who'];

const enum Cue {
  Negator = 1,
  Persistence = 2,
  Denial = 3,
  FrameVerb = 4,
  FrameNoun = 5,
}

interface CueTable {
  table: PhraseTable;
  kinds: Cue[];
}

let cueTable: CueTable | null = null;

function cues(): CueTable {
  if (cueTable) return cueTable;
  const phrases: string[] = [];
  const kinds: Cue[] = [];
  const add = (list: readonly string[], kind: Cue) => {
    for (const p of list) {
      phrases.push(foldTerm(p));
      kinds.push(kind);
    }
  };
  add([...NEGATORS, ...NEGATING], Cue.Negator);
  add(PERSISTENCE_NEGATORS.flatMap((n) => PERSISTENCE.map((p) => `${n} ${p}`)), Cue.Persistence);
  add(DENIALS, Cue.Denial);
  add(FRAME_VERBS, Cue.FrameVerb);
  add(FRAME_NOUNS, Cue.FrameNoun);
  cueTable = { table: new PhraseTable(phrases), kinds };
  return cueTable;
}

const CLAUSE_OPENER_SET = new Set(CLAUSE_OPENERS);
const NEGATION_STOP_SET = new Set(NEGATION_STOPS);
/** Punctuation that ends a clause inside a sentence. */
const CLAUSE_PUNCT = /[,;:()[\]\u2013\u2014]|\s-\s/;
const STRONG_PUNCT = /[;\u2013\u2014]|\s-\s/;

// ---------------------------------------------------------------------------------------------------------------
// Detecting

interface Occurrence {
  first: number;
  last: number;
  weight: number;
}

/** One sentence, tokenised and analysed once, then tested against every claim. */
interface Analysed {
  /** Term -> its hits, in token order. */
  hits: Map<TermRef, Occurrence[]>;
  /** Tokens negated by a negator before them (index: token). */
  negated: Uint8Array;
  /** Tokens before this index lie inside a denial frame. */
  deniedBefore: number;
}

export class ClaimDetector {
  private readonly phrases: PhraseTable;
  private readonly triggerEntries = new Set<number>();
  private readonly triggerRe: RegExp | null;
  private readonly segmenter = new Intl.Segmenter('en', { granularity: 'sentence' });

  constructor(readonly compiled: CompiledClaims) {
    const phrases = compiled.phrases ?? [];
    this.phrases = new PhraseTable(phrases);
    const words = new Set<string>();
    for (const claim of compiled.claims ?? []) {
      for (const p of claim.patterns) {
        for (const t of p.all[p.anchor] ?? []) {
          if (t < 0) this.triggerEntries.add(-1 - t);
          else if (phrases[t]) words.add(phrases[t].split(' ')[0]);
        }
      }
    }
    this.triggerRe = words.size ? triggerExpression(words) : null;
  }

  /**
   * Finds the sentences of `text` that assert a claim, at most one claim per sentence (the best-scoring).
   * `mentions` are the entity mentions of this text in absolute offsets (`base` + offset in `text`), as
   * {@link resolveMentions} returns them; mentions outside the text are ignored.
   */
  detect(text: string, mentions: readonly Mention[], base = 0): ClaimMatch[] {
    const claims = this.compiled.claims ?? [];
    if (!claims.length || !text) return [];
    const own = mentions.filter((m) => m.start >= base && m.end <= base + text.length);
    const triggers: number[] = [];
    for (const m of own) if (this.triggerEntries.has(m.entry)) triggers.push(m.start - base);
    if (this.triggerRe) {
      const re = this.triggerRe;
      re.lastIndex = 0;
      for (let m = re.exec(text); m; m = re.exec(text)) triggers.push(m.index);
    }
    if (!triggers.length) return [];
    triggers.sort((a, b) => a - b);

    const out: ClaimMatch[] = [];
    const segments = this.segmenter.segment(text);
    let done = -1;
    for (const at of triggers) {
      if (at < done) continue;
      const seg = segments.containing(at);
      if (!seg) continue;
      done = seg.index + seg.segment.length;
      let start = seg.index;
      let end = done;
      while (start < end && /\s/.test(text[start])) start++;
      while (end > start && /\s/.test(text[end - 1])) end--;
      if (end <= start) continue;
      const best = this.evaluate(text, start, end, own, base);
      if (best >= 0) out.push({ claim: best, id: claims[best].id, start: base + start, end: base + end });
    }
    return out;
  }

  /** Index of the best claim the sentence `text[start, end)` asserts, or -1. */
  private evaluate(text: string, start: number, end: number, mentions: readonly Mention[], base: number): number {
    if (isQuestion(text, start, end)) return -1;
    const sentence = this.analyse(text, start, end, mentions, base);
    if (!sentence) return -1;
    let best = -1;
    let bestScore = -Infinity;
    this.compiled.claims.forEach((claim, c) => {
      for (const p of claim.patterns) {
        const score = scorePattern(p, sentence);
        if (score > bestScore) {
          best = c;
          bestScore = score;
        }
      }
    });
    return bestScore > -Infinity ? best : -1;
  }

  private analyse(text: string, start: number, end: number, mentions: readonly Mention[], base: number): Analysed | null {
    const slice = text.slice(start, end);
    const starts: number[] = [];
    const ends: number[] = [];
    const keys: string[] = [];
    WORD_RE.lastIndex = 0;
    for (let m = WORD_RE.exec(slice); m; m = WORD_RE.exec(slice)) {
      starts.push(m.index);
      ends.push(m.index + m[0].length);
      keys.push(foldWord(m[0]));
    }
    const n = keys.length;
    if (!n) return null;
    const hits = new Map<TermRef, Occurrence[]>();
    const add = (term: TermRef, occ: Occurrence) => push(hits, term, occ);

    for (let i = 0; i < n; i++) {
      this.phrases.forEachAt(keys, i, (id, last) => add(id, { first: i, last, weight: phraseWeight(this.phrases.words[id]) }));
    }
    // Entity mentions -> token ranges (both lists are in offset order).
    let t = 0;
    for (const m of mentions) {
      const ms = m.start - base - start;
      const me = m.end - base - start;
      if (ms < 0 || me > slice.length) continue;
      while (t < n && ends[t] <= ms) t++;
      if (t >= n) break;
      let last = t;
      while (last + 1 < n && starts[last + 1] < me) last++;
      add(-1 - m.entry, { first: t, last, weight: 2 });
    }

    // Clause breaks: breaks[k] is 1 when something between token k-1 and k ends a clause; 2 when it is strong.
    const breaks = new Uint8Array(n);
    for (let k = 1; k < n; k++) {
      const gap = slice.slice(ends[k - 1], starts[k]);
      if (STRONG_PUNCT.test(gap) || (CLAUSE_PUNCT.test(gap) && CLAUSE_OPENER_SET.has(keys[k]))) breaks[k] = 2;
      else if (CLAUSE_PUNCT.test(gap) || NEGATION_STOP_SET.has(keys[k])) breaks[k] = 1;
    }

    const { table, kinds } = cues();
    const negated = new Uint8Array(n);
    let deniedBefore = 0;
    const frameVerbs: number[] = [];
    const apostropheBefore = (i: number) => i > 0 && normalizeGap(slice.slice(ends[i - 1], starts[i])) === "'";
    for (let i = 0; i < n; i++) {
      // Every cue starting here, longest per kind (one phrase may be two kinds: "rejected" negates and frames).
      const lastOf = new Map<Cue, number>();
      table.forEachAt(keys, i, (id, last) => {
        const k = kinds[id];
        if ((lastOf.get(k) ?? -1) < last) lastOf.set(k, last);
      });
      // "n't" is two tokens, the second "t"; a bare "t" (a list item, "T-72") is nothing.
      if (keys[i] === 't') {
        if (!apostropheBefore(i)) continue;
        if (!lastOf.size) lastOf.set(Cue.Negator, i);
      }
      const idiom = lastOf.get(Cue.Persistence);
      if (idiom !== undefined) {
        i = idiom; // "has not budged": neither a negation nor a denial
        continue;
      }
      const negator = lastOf.get(Cue.Negator);
      if (negator !== undefined) {
        for (let k = negator + 1; k < n && k <= negator + NEGATION_REACH; k++) {
          if (breaks[k]) break;
          negated[k] = 1;
        }
      }
      const denial = lastOf.get(Cue.Denial);
      if (denial !== undefined) deniedBefore = Math.max(deniedBefore, clauseEnd(breaks, denial));
      const verb = lastOf.get(Cue.FrameVerb);
      if (verb !== undefined) frameVerbs.push(verb);
      const noun = lastOf.get(Cue.FrameNoun);
      if (noun !== undefined && frameVerbs.some((v) => v < i && i - v <= FRAME_DISTANCE)) {
        deniedBefore = Math.max(deniedBefore, clauseEnd(breaks, noun));
      }
    }
    return { hits, negated, deniedBefore };
  }
}

/** First token after `from` that opens a new clause after a strong break, or the sentence's end. */
function clauseEnd(breaks: Uint8Array, from: number): number {
  for (let k = from + 1; k < breaks.length; k++) if (breaks[k] === 2) return k;
  return breaks.length;
}

function phraseWeight(words: readonly string[]): number {
  return words.reduce((sum, w) => sum + (w.endsWith('*') ? 0.75 : 1), 0);
}

/** A sentence ending in a question mark (quotes and brackets aside) asks rather than asserts. */
function isQuestion(text: string, start: number, end: number): boolean {
  for (let k = end - 1; k >= start; k--) {
    const ch = text[k];
    if (ch === '?') return true;
    if (WORD_CHAR.test(ch) || ch === '.' || ch === '!') return false;
  }
  return false;
}

/**
 * Scores one pattern against an analysed sentence; -Infinity when it does not hold. More groups and more
 * specific terms (phrases, entities) score higher; a tighter span breaks ties.
 */
function scorePattern(p: CompiledPattern, s: Analysed): number {
  const groups: Occurrence[][] = [];
  for (const group of p.all) {
    const occ: Occurrence[] = [];
    for (const t of group) {
      const h = s.hits.get(t);
      if (h) occ.push(...h);
    }
    // Hits inside a denial frame do not count.
    const free = s.deniedBefore ? occ.filter((o) => o.first >= s.deniedBefore) : occ;
    if (!free.length) return -Infinity;
    groups.push(free);
  }
  if (p.none) for (const t of p.none) if (s.hits.has(t)) return -Infinity;
  if (p.negatable) {
    const heads = p.head ?? groups.map((_, g) => g);
    for (const g of heads) if (groups[g] && groups[g].every((o) => s.negated[o.first])) return -Infinity;
  }
  const span = minimalSpan(groups);
  if (p.window && span > p.window) return -Infinity;
  let score = groups.length * 2;
  for (const occ of groups) score += Math.max(...occ.map((o) => o.weight));
  return score - span / 100;
}

/** Smallest number of tokens that holds one hit of every group (classic minimum window over labelled points). */
function minimalSpan(groups: readonly Occurrence[][]): number {
  const points: { first: number; last: number; g: number }[] = [];
  groups.forEach((occ, g) => occ.forEach((o) => points.push({ first: o.first, last: o.last, g })));
  points.sort((a, b) => a.first - b.first);
  const count = new Array<number>(groups.length).fill(0);
  let covered = 0;
  let best = Infinity;
  let lo = 0;
  // Max `last` within the window, recomputed lazily (windows are tiny: a sentence).
  for (let hi = 0; hi < points.length; hi++) {
    if (count[points[hi].g]++ === 0) covered++;
    while (covered === groups.length) {
      let last = 0;
      for (let k = lo; k <= hi; k++) last = Math.max(last, points[k].last);
      best = Math.min(best, last - points[lo].first + 1);
      if (--count[points[lo].g] === 0) covered--;
      lo++;
    }
  }
  return best;
}

/** One case-insensitive expression for the first words of every anchor term, each at a word start. */
function triggerExpression(words: ReadonlySet<string>): RegExp {
  const alts = [...words]
    .sort((a, b) => b.length - a.length)
    .map((w) => (w.endsWith('*') ? escape(w.slice(0, -1)) : `${escape(w)}(?![\\p{L}\\p{N}\\p{M}])`));
  return new RegExp(`(?<![\\p{L}\\p{N}\\p{M}])(?:${alts.join('|')})`, 'giu');
}

function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

// ---------------------------------------------------------------------------------------------------------------
// Card

/** Builds the card of a claim; `nameOf` resolves related ids (unknown ids are left out). */
export function claimCard(def: ClaimDef, nameOf: (id: string) => string | undefined): CardModel {
  return {
    id: def.id,
    kind: 'claim',
    name: def.name,
    summary: def.statement,
    record: def.record,
    dates: [...(def.dates ?? [])]
      .sort((a, b) => a.date.localeCompare(b.date))
      .map((d) => ({ iso: d.date, text: formatDate(d.date, d.precision), label: d.label, sources: sourceIndexes(d.source) })),
    facts: [],
    sources: def.sources.map((s) => ({ title: s.title, publisher: s.publisher, url: s.url, accessed: formatDate(s.accessed) })),
    related: (def.related ?? []).flatMap((id) => {
      const name = nameOf(id);
      return name ? [{ id, name }] : [];
    }),
    asOf: formatDate(def.asOf),
  };
}
