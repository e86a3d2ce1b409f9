/**
 * The prefilter: can this text mention anything in the dataset at all?
 *
 * Every alias that can fire on its own leaves one key:
 * - a "strong" word of it, a capitalised uncommon one ("putin" for "Vladimir Putin", "minsk" for "Minsk
 *   agreement"); as written where the alias has the exact-case rule ("US", "UN": not "us" or French "un"),
 *   else folded as the matcher folds it ("kyiv", "путін");
 * - else, for an alias of several words, its first two words as a pair ("white house", "coalition of", "u s" for
 *   "U.S."): an alias matches only where its words stand next to each other, at most {@link MAX_GAP} apart;
 * - else its one word.
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
  /** First two words of longer aliases, folded, joined by one space. */
  pairs: string[];
}

/**
 * Words too common to key an alias on their own ("Security Council", "Black Sea" are keyed by their pair).
 * Only a choice among keys: any word of an alias would be a correct key, a rare one just says "no" more often.
 */
const COMMON = new Set(
  ('about affairs after against agreement agreements america army article attack battle between black center ' +
    'central centre commission committee communique conference council court declaration defence defense ' +
    'department european final first foreign forces forum foundation framework general government great group ' +
    'house initiative institute international investment island justice memorandum minister ministry mission ' +
    'national nations north office operation operations organisation organization party peace people plan point ' +
    'ports power president prime programme program protocol recovery republic security service seven south state states ' +
    'strategy summit support talks treaty union united white world').split(' '),
);

/** A word that keys an alias by itself: written with a capital, five letters or more, not common, not a number. */
function strong(written: string, folded: string): boolean {
  return written.length >= 5 && written[0] !== written[0].toLowerCase() && !COMMON.has(folded) && !/^[0-9]/.test(written);
}

/**
 * The key of one alias, or null for an alias with no words: its last strong word ("putin" for "Vladimir Putin",
 * "minsk" for "Minsk agreement"), else its first two words as a pair, or its one word.
 */
export function keyOfAlias(text: string, exact: boolean): { kind: keyof Keys; key: string } | null {
  const { words } = aliasPath(text);
  if (!words.length) return null;
  const single = (w: string) => (exact ? { kind: 'exact' as const, key: w } : { kind: 'words' as const, key: foldWord(w) });
  if (words.length === 1) return single(words[0]);
  // The last strong word: a surname, or the name in "Minsk agreement" (generic words are common ones).
  for (let k = words.length - 1; k >= 0; k--) if (strong(words[k], foldWord(words[k]))) return single(words[k]);
  return { kind: 'pairs', key: `${foldWord(words[0])} ${foldWord(words[1])}` };
}

/** The keys of an index, each list sorted and unique. */
export function buildKeys(index: CompiledIndex): Keys {
  const sets: Record<keyof Keys, Set<string>> = { words: new Set(), exact: new Set(), pairs: new Set() };
  for (const alias of index.aliases) {
    if (alias.page && !alias.near?.length) continue; // fires only beside another entry's mention
    const k = keyOfAlias(alias.text, alias.exact);
    if (k) sets[k.kind].add(k.key);
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
