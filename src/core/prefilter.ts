/**
 * The prefilter: can this text mention anything in the dataset at all?
 *
 * Every alias that can fire on its own leaves one key:
 * - a one-word alias, its word: as written where the alias has the exact-case rule ("US", "UN": not "us" or
 *   French "un"), else folded as the matcher folds it ("kyiv", "путін");
 * - a longer alias, nothing if one of its words is already a key ("Vladimir Putin" holds "putin"), else its
 *   two neighbouring words, the longest ("chatham house", "the willing", "u s" for "U.S."): an alias matches only
 *   where its words stand next to each other, at most {@link MAX_GAP} characters apart.
 * A text in which no key is found mentions nothing: the answer "no" is exact, and "maybe" only means the full
 * matcher has to look. Aliases that fire only when another entry is mentioned (`when.page` without `near`) need
 * no key: that other entry's own mention has one.
 *
 * The content script ships the keys (a few kB) and checks the page with them before it starts the engine (the
 * dataset message, the matcher, the claim request and the card UI): on the many pages that mention nothing,
 * that check is all it costs. See docs/decisions/008-loader.md. Pure: no DOM, no browser API.
 */
import type { CompiledIndex } from './compiled';
import { aliasPath, foldWord, NOT_PLAIN, WORD_RE } from './text';

/** Longest gap between two words of one alias (as the matcher: src/core/matcher.ts). */
export const MAX_GAP = 3;

export interface Keys {
  /** Folded one-word aliases. */
  words: string[];
  /** One-word aliases with the exact-case rule, as written. */
  exact: string[];
  /** Two neighbouring words of longer aliases, folded, joined by one space. */
  pairs: string[];
}

/** The longest two neighbouring words of an alias, folded ("of contact" for "line of contact"): the rarest, mostly. */
function pairOf(words: readonly string[]): string {
  let best = '';
  for (let k = 0; k + 1 < words.length; k++) {
    const pair = `${foldWord(words[k])} ${foldWord(words[k + 1])}`;
    if (pair.length > best.length) best = pair;
  }
  return best;
}

/**
 * The key of one alias, or null for an alias with no words: its one word (as written for an exact-case alias,
 * else folded), or two neighbouring words of a longer alias as a pair.
 */
export function keyOfAlias(text: string, exact: boolean): { kind: keyof Keys; key: string } | null {
  const { words } = aliasPath(text);
  if (!words.length) return null;
  if (words.length > 1) return { kind: 'pairs', key: pairOf(words) };
  return exact ? { kind: 'exact', key: words[0] } : { kind: 'words', key: foldWord(words[0]) };
}

/**
 * The keys of an index, each list sorted and unique. A longer alias that contains a one-word key needs no pair of
 * its own ("Vladimir Putin" holds "Putin"): a text with the alias has that word. A folded key covers any alias; a
 * key as written covers only exact-case aliases, which are written the same on the page.
 */
export function buildKeys(index: CompiledIndex): Keys {
  const sets: Record<keyof Keys, Set<string>> = { words: new Set(), exact: new Set(), pairs: new Set() };
  const longer: { words: string[]; exact: boolean }[] = [];
  for (const alias of index.aliases) {
    if (alias.page && !alias.near?.length) continue; // fires only beside another entry's mention
    const { words } = aliasPath(alias.text);
    if (words.length > 1) longer.push({ words, exact: alias.exact });
    else if (words.length === 1) {
      const k = keyOfAlias(alias.text, alias.exact)!;
      sets[k.kind].add(k.key);
    }
  }
  for (const { words, exact } of longer) {
    if (words.some((w) => sets.words.has(foldWord(w)) || (exact && sets.exact.has(w)))) continue;
    sets.pairs.add(pairOf(words));
  }
  return { words: [...sets.words].sort(), exact: [...sets.exact].sort(), pairs: [...sets.pairs].sort() };
}

/** The keys as one string for the content script: three lists, lines apart; words by spaces, pairs by "|". */
export function encodeKeys(keys: Keys): string {
  return [keys.words.join(' '), keys.exact.join(' '), keys.pairs.join('|')].join('\n');
}

export function decodeKeys(encoded: string): Keys {
  const [words = '', exact = '', pairs = ''] = encoded.split('\n');
  const list = (s: string, sep: string) => (s ? s.split(sep) : []);
  return { words: list(words, ' '), exact: list(exact, ' '), pairs: list(pairs, '|') };
}

/** The keys as the check uses them. */
export class KeySet {
  private readonly words: Set<string>;
  private readonly exact: Set<string>;
  private readonly pairs: Set<string>;
  /** First words of pairs: a pair is built only after one of these. */
  private readonly firsts: Set<string>;

  constructor(keys: Keys) {
    this.words = new Set(keys.words);
    this.exact = new Set(keys.exact);
    this.pairs = new Set(keys.pairs);
    this.firsts = new Set(keys.pairs.map((p) => p.slice(0, p.indexOf(' '))));
  }

  /**
   * True when `text` holds a key. Plain text takes the matcher's fast path (native splits of the text and of its
   * lower-case form, which line up); other text the Unicode expression and {@link foldWord}.
   */
  has(text: string): boolean {
    const lower = text.toLowerCase();
    if (lower.length === text.length && !NOT_PLAIN.test(text)) {
      const folded = lower.split(LOWER_GAP_RE);
      const written = this.exact.size ? text.split(ANY_CASE_GAP_RE) : folded;
      for (let k = 0; k < folded.length; k += 2) {
        const word = folded[k];
        if (this.words.has(word) || this.exact.has(written[k])) return true;
        if (this.firsts.has(word) && k + 2 < folded.length && folded[k + 1].length <= MAX_GAP && this.pairs.has(`${word} ${folded[k + 2]}`)) return true;
      }
      return false;
    }
    let prev = '';
    let prevEnd = -1;
    WORD_RE.lastIndex = 0;
    for (let m = WORD_RE.exec(text); m; m = WORD_RE.exec(text)) {
      const word = foldWord(m[0]);
      if (this.words.has(word) || this.exact.has(m[0])) return true;
      if (prevEnd >= 0 && m.index - prevEnd <= MAX_GAP && this.pairs.has(`${prev} ${word}`)) return true;
      [prev, prevEnd] = this.firsts.has(word) ? [word, m.index + m[0].length] : ['', -1];
    }
    return false;
  }
}

/** Splits lower-cased plain text into words and the gaps between them (the capture keeps the gaps). */
const LOWER_GAP_RE = /([^a-z0-9]+)/;
/** The same split of the text as written: plain text has the same boundaries in both cases. */
const ANY_CASE_GAP_RE = /([^A-Za-z0-9]+)/;
