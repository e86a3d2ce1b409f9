/**
 * The entity matcher: every alias of the dataset compiled once into a trie of folded words, then one pass over a
 * text finds every mention. Cost per word is one hash lookup (plus a short walk when a word starts an alias), so it
 * grows with the text, not with the number of aliases. See docs/decisions/001-matcher.md.
 *
 * Two phases, because some aliases are ambiguous (Georgia, Jordan, "Article 5") and fire only with context:
 * - {@link Matcher.scan} runs block by block (so the content script can yield between blocks) and returns
 *   candidates, each with its alternatives longest first; `near` conditions are checked here, locally;
 * - {@link resolveMentions} runs once over all candidates of a page: it settles `page` conditions against the
 *   entries mentioned unconditionally, then keeps the leftmost-longest non-overlapping mentions.
 */
import { aliasPath, APOSTROPHES, EDGE, foldPhrase, foldWord, isPlain, lazyRegExp, MAX_GAP, normalizeGap, PLAIN_GAP_RE, wordRegExpFor, wordsOf } from './text';
import { NEAR_WINDOW_TOKENS } from './types';
import type { CompiledIndex } from './compiled';

export interface CandidateOption {
  /** Index into `index.entries`. */
  entry: number;
  /** Index into `index.aliases`. */
  alias: number;
  /** Entry indexes of which one must be mentioned elsewhere, or null when the option holds on its own. */
  page: number[] | null;
  /** End offset of this option (options of one candidate differ in length). */
  end: number;
}

export interface Candidate {
  start: number;
  end: number;
  /** Longest first. */
  options: CandidateOption[];
}

export interface Mention {
  entry: number;
  alias: number;
  /** UTF-16 offsets, end exclusive. */
  start: number;
  end: number;
}

interface TrieNode {
  /** Children after a single space, by folded word: the common case, looked up without building a key. */
  spaced: Map<string, TrieNode> | null;
  /** Children after any other gap, by `normalizeGap(gap) + EDGE + word`. */
  next: Map<string, TrieNode> | null;
  /** Aliases ending here. */
  terms: number[] | null;
}

interface AliasPlan {
  entry: number;
  text: string;
  /** Words as written, for the exact-case rule (made on first need: most aliases never meet a candidate). */
  words: string[] | null;
  exact: boolean;
  /** Normalised trailing punctuation that must follow the last word ("U.S."). */
  suffix: string;
  page: number[] | null;
  /** `when.near` phrases as written, and folded into words on first need. */
  nearPhrases: string[] | null;
  near: string[][] | null;
  /** `except` phrases as written, and folded into words on first need. */
  exceptPhrases: string[] | null;
  except: string[][] | null;
}

/** The trie edge for a word after a single space. */
const SPACE_EDGE = ' ' + EDGE;
const wordCharRe = /* @__PURE__ */ lazyRegExp('[\\p{L}\\p{N}\\p{M}]', 'u');
/** True for a letter, digit or combining mark (the characters words are made of); ASCII without a regex. */
function isWordChar(ch: string | undefined): boolean {
  if (ch === undefined) return false;
  const c = ch.charCodeAt(0);
  if (c < 128) return (c >= 48 && c <= 57) || ((c | 32) >= 97 && (c | 32) <= 122);
  return wordCharRe().test(ch);
}

/**
 * True when the word at `start` is glued to the word before it by an apostrophe (d'Estaing: not a word's start) or
 * a dot (Football.London, www.kyiv: a name or an address).
 */
function gluedBefore(text: string, start: number): boolean {
  const c = text.charCodeAt(start - 1);
  return (c === 46 || APOSTROPHES.has(c)) && isWordChar(text[start - 2]);
}

function newNode(): TrieNode {
  return { spaced: null, next: null, terms: null };
}

/** First words from which the matcher puts a {@link WordFilter} in front of its root map. */
export const FILTER_FROM_WORDS = 20_000;

/**
 * A two-hash bit filter (Bloom) over the first words of a very large dictionary. With a hundred thousand first words the
 * root map is megabytes, and every word of a page that starts no alias (nearly all of them) costs a cache miss in
 * it; the filter is a few hundred kilobytes and answers most of those misses first. Small dictionaries (the
 * shipped one has ~1,100 first words) do without: their map stays in cache, and hashing each word in script would
 * cost more than it saves, all the more in a page's cold code.
 */
export class WordFilter {
  private readonly bits: Uint32Array;
  private readonly mask: number;

  constructor(words: Iterable<string>, count: number) {
    let size = 1 << 15;
    while (size < count * 16 && size < 1 << 22) size <<= 1;
    this.bits = new Uint32Array(size >>> 5);
    this.mask = size - 1;
    for (const w of words) {
      const h = hashWord(w);
      const a = h & this.mask;
      const b = Math.imul(h, 0x9e3779b1) >>> 11 & this.mask;
      this.bits[a >>> 5] |= 1 << (a & 31);
      this.bits[b >>> 5] |= 1 << (b & 31);
    }
  }

  /** False when `word` is certainly not one of the words; true when it may be. */
  mayHave(word: string): boolean {
    const h = hashWord(word);
    const a = h & this.mask;
    if ((this.bits[a >>> 5] & (1 << (a & 31))) === 0) return false;
    const b = Math.imul(h, 0x9e3779b1) >>> 11 & this.mask;
    return (this.bits[b >>> 5] & (1 << (b & 31))) !== 0;
  }
}

/** FNV-1a over UTF-16 code units. */
function hashWord(word: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < word.length; i++) h = Math.imul(h ^ word.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

/**
 * The candidates of several blocks' texts, numbered as one pass numbers them: the first text at `base`, each next one
 * a character after the one before.
 */
export function scanTexts(matcher: Matcher, texts: readonly string[], base: number): Candidate[] {
  const out: Candidate[] = [];
  let at = base;
  for (const text of texts) {
    matcher.scan(text, at, out);
    at += text.length + 1;
  }
  return out;
}

/** True when `keys` holds the words of `phrase` from index `k` on. */
function wordsAt(keys: readonly string[], k: number, phrase: readonly string[]): boolean {
  if (k < 0 || k + phrase.length > keys.length) return false;
  for (let p = 0; p < phrase.length; p++) if (keys[k + p] !== phrase[p]) return false;
  return true;
}

export class Matcher {
  /**
   * The trie's first level, by first word. A word's subtree is built the first time a page holds the word; until
   * then the entry is the list of aliases starting with it. Building the whole trie up front was the largest fixed
   * cost of a page with mentions (4-5 ms of the content script's time for ~1,300 aliases, docs/performance.md),
   * while a page meets a few dozen first words.
   */
  private readonly root = new Map<string, TrieNode | number[]>();
  /** Set only for very large dictionaries: see {@link WordFilter}. */
  private readonly filter: WordFilter | null;
  /** Per alias, made on first need. */
  private readonly plans: (AliasPlan | undefined)[] = [];
  /** Paths and suffixes computed here for an index without them (made by hand, or by an older build). */
  private readonly computed: (ReturnType<typeof aliasPath> | undefined)[] = [];
  /** Longest alias, in words: bounds the walk from each word. */
  readonly maxWords: number;

  constructor(readonly index: CompiledIndex) {
    let maxWords = 1;
    const aliases = index.aliases;
    for (let i = 0; i < aliases.length; i++) {
      let path = aliases[i].path;
      if (!path) path = (this.computed[i] = aliasPath(aliases[i].text)).path;
      if (!path.length) continue;
      if (path.length > maxWords) maxWords = path.length;
      const starting = this.root.get(path[0]) as number[] | undefined;
      if (starting) starting.push(i);
      else this.root.set(path[0], [i]);
    }
    this.maxWords = maxWords;
    this.filter = this.root.size >= FILTER_FROM_WORDS ? new WordFilter(this.root.keys(), this.root.size) : null;
  }

  /** The trie node of a first word, its subtree built on first need; undefined when no alias starts with it. */
  private first(word: string): TrieNode | undefined {
    const found = this.root.get(word);
    if (found === undefined || !Array.isArray(found)) return found;
    const top = newNode();
    // In alias order, as a trie built up front would list each node's terms.
    for (const i of found) {
      const path = this.index.aliases[i].path ?? this.computed[i]!.path;
      let node = top;
      for (let k = 1; k < path.length; k++) {
        const spaced = path[k].startsWith(SPACE_EDGE);
        const map: Map<string, TrieNode> = spaced ? (node.spaced ??= new Map()) : (node.next ??= new Map());
        const key = spaced ? path[k].slice(SPACE_EDGE.length) : path[k];
        let child: TrieNode | undefined = map.get(key);
        if (!child) map.set(key, (child = newNode()));
        node = child;
      }
      (node.terms ??= []).push(i);
    }
    this.root.set(word, top);
    return top;
  }

  /** What {@link scan} needs of an alias, made on first need. */
  private plan(a: number): AliasPlan {
    let plan = this.plans[a];
    if (!plan) {
      const alias = this.index.aliases[a];
      const computed = this.computed[a];
      plan = this.plans[a] = {
        entry: alias.entry,
        text: alias.text,
        words: null,
        exact: alias.exact,
        suffix: computed ? computed.suffix : alias.suffix ?? '',
        page: alias.page ?? null,
        nearPhrases: alias.near ?? null,
        near: null,
        exceptPhrases: alias.except ?? null,
        except: null,
      };
    }
    return plan;
  }

  /**
   * Finds candidate mentions in one block of text. Offsets are `base` plus the offset in `text`.
   * Appends to `out` and returns it, so a caller scanning many blocks keeps one array.
   */
  scan(text: string, base = 0, out: Candidate[] = []): Candidate[] {
    const lower = text.toLowerCase();
    // Plain text (see isPlain: ASCII words among punctuation and symbols) has the same words under an ASCII split as
    // under the Unicode expression, and they fold by lower-casing; the Unicode property expression costs
    // milliseconds the first time it runs in a page (V8 compiles the classes). Other text folds word by word.
    const starts: number[] = [];
    const ends: number[] = [];
    let keys: string[];
    if (isPlain(text, lower)) {
      // Plain text: one native split gives the words (folded already: lower case) and the gaps between them,
      // and offsets are running sums. Cold code pays per operation, so this beats a match object per word.
      const parts = lower.split(PLAIN_GAP_RE);
      keys = [];
      let pos = 0;
      for (let k = 0; k < parts.length; k += 2) {
        const word = parts[k];
        if (word) {
          keys.push(word);
          starts.push(pos);
          ends.push((pos += word.length));
        }
        if (k + 1 < parts.length) pos += parts[k + 1].length;
      }
    } else {
      keys = [];
      const wordRe = wordRegExpFor(text);
      wordRe.lastIndex = 0;
      for (let m = wordRe.exec(text); m; m = wordRe.exec(text)) {
        const s = m.index;
        const e = s + m[0].length;
        starts.push(s);
        ends.push(e);
        keys.push(foldWord(m[0]));
      }
    }
    const n = keys.length;
    for (let i = 0; i < n; i++) {
      const first = this.filter && !this.filter.mayHave(keys[i]) ? undefined : this.first(keys[i]);
      if (!first) continue;
      // An apostrophe glued to a preceding letter (d'Estaing) means this is not the start of a word; a dot glued
      // to one (Football.London, news.nato) means a name or an address.
      if (starts[i] >= 2 && gluedBefore(text, starts[i])) continue;
      let options: CandidateOption[] | null = null;
      let end = -1;
      let node: TrieNode | undefined = first;
      let j = i;
      for (;;) {
        if (node.terms) {
          for (const a of node.terms) {
            const e = this.accept(a, text, starts, ends, i, j);
            if (e < 0 || this.excepted(a, keys, i, j)) continue;
            const page = this.condition(a, keys, i, j);
            if (page === false) continue;
            (options ??= []).unshift({ entry: this.plan(a).entry, alias: a, page, end: base + e });
            end = Math.max(end, e);
          }
        }
        if ((!node.spaced && !node.next) || j + 1 >= n || j + 1 - i >= this.maxWords) break;
        const gapStart = ends[j];
        const gapEnd = starts[j + 1];
        if (gapEnd - gapStart > MAX_GAP) break;
        const gap = gapEnd - gapStart === 1 && text.charCodeAt(gapStart) === 32 ? ' ' : normalizeGap(text.slice(gapStart, gapEnd));
        const child: TrieNode | undefined = gap === ' ' ? node.spaced?.get(keys[j + 1]) : node.next?.get(gap + EDGE + keys[j + 1]);
        if (!child) break;
        node = child;
        j++;
      }
      if (options) out.push({ start: base + starts[i], end: base + end, options });
    }
    return out;
  }

  /** Checks case and trailing punctuation; returns the mention's end offset, or -1. */
  private accept(a: number, text: string, starts: number[], ends: number[], i: number, j: number): number {
    const plan = this.plan(a);
    if (plan.exact) {
      const words = (plan.words ??= wordsOf(plan.text));
      for (let k = 0; k <= j - i; k++) {
        if (text.slice(starts[i + k], ends[i + k]) !== words[k]) return -1;
      }
    }
    let end = ends[j];
    if (plan.suffix) {
      if (normalizeGap(text.slice(end, end + plan.suffix.length)) !== plan.suffix) return -1;
      end += plan.suffix.length;
      if (end < text.length && isWordChar(text[end])) return -1;
    }
    // A dot glued to a following letter (Kyiv.ua, London.gov): a name or an address, not a mention; a dollar sign
    // glued to the name (US$, NZ$): a currency.
    const next = text.charCodeAt(end);
    if ((next === 46 && isWordChar(text[end + 1])) || next === 36) return -1;
    return end;
  }

  /** True when the alias's words at `keys[i..j]` stand inside one of its `except` phrases ("South America"). */
  private excepted(a: number, keys: string[], i: number, j: number): boolean {
    const plan = this.plan(a);
    if (!plan.exceptPhrases) return false;
    const span = j - i + 1;
    for (const phrase of (plan.except ??= plan.exceptPhrases.map((p) => foldPhrase(p).split(' ')))) {
      // Every place the alias's words could sit in the phrase, checked against the words around the match.
      for (let at = 0; at + span <= phrase.length; at++) if (wordsAt(keys, i - at, phrase)) return true;
    }
    return false;
  }

  /**
   * Context rule of an alias: null when it holds on its own (no rule, or a `near` word is close), the entry
   * indexes it still needs on the page, or false when it cannot fire.
   */
  private condition(a: number, keys: string[], i: number, j: number): number[] | null | false {
    const plan = this.plan(a);
    if (!plan.page && !plan.nearPhrases) return null;
    if (plan.nearPhrases) {
      const from = Math.max(0, i - NEAR_WINDOW_TOKENS);
      const to = Math.min(keys.length, j + 1 + NEAR_WINDOW_TOKENS);
      for (const phrase of (plan.near ??= plan.nearPhrases.map((p) => foldPhrase(p).split(' ')))) {
        for (let k = from; k + phrase.length <= to; k++) {
          if (k + phrase.length > i && k <= j) continue; // the alias itself is not its own context
          if (wordsAt(keys, k, phrase)) return null;
        }
      }
    }
    return plan.page ?? false;
  }
}

/**
 * Settles context rules over a whole page and keeps the leftmost-longest mentions that do not overlap.
 * `candidates` must be in order of start offset (as {@link Matcher.scan} produces them, block after block).
 * `alreadyPresent` adds entries known from earlier passes over the same page (content added later).
 */
export function resolveMentions(candidates: readonly Candidate[], alreadyPresent?: ReadonlySet<number>): Mention[] {
  const present = new Set<number>(alreadyPresent);
  for (const c of candidates) for (const o of c.options) if (!o.page) present.add(o.entry);
  const mentions: Mention[] = [];
  let lastEnd = -1;
  for (const c of candidates) {
    if (c.start < lastEnd) continue;
    const chosen = c.options.find((o) => !o.page || o.page.some((p) => present.has(p)));
    if (!chosen) continue;
    mentions.push({ entry: chosen.entry, alias: chosen.alias, start: c.start, end: chosen.end });
    lastEnd = chosen.end;
  }
  return mentions;
}

/**
 * Splits page-ordered mentions by block, given each block's base offset (blocks scanned one after another, as
 * {@link Matcher.scan} with a growing `base`). Both lists are in offset order, so one forward walk does it.
 */
export function mentionsByBlock(mentions: readonly Mention[], bases: readonly number[]): Mention[][] {
  const perBlock: Mention[][] = bases.map(() => []);
  let b = 0;
  for (const m of mentions) {
    while (b + 1 < bases.length && bases[b + 1] <= m.start) b++;
    perBlock[b].push(m);
  }
  return perBlock;
}
