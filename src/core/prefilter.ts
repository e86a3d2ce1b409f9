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
import { aliasPath, foldWord, isLatin, isPlain, MAX_GAP, wordRegExpFor } from './text';

export interface Keys {
  /** Folded one-word aliases. */
  words: string[];
  /** One-word aliases with the exact-case rule, as written. */
  exact: string[];
  /** Two or three neighbouring words of longer aliases, folded, joined by one space. */
  pairs: string[];
}

/** Little words that make a poor key on their own side of a pair ("department of" is on every other page). */
const STOP = /* @__PURE__ */ new Set([
  'a', 'all', 'an', 'and', 'are', 'as', 'at', 'be', 'by', 'd', 'da', 'das', 'de', 'del', 'der', 'des', 'di', 'die', 'du', 'et',
  'for', 'in', 'is', 'it', 'its', 'l', 'la', 'le', 'no', 'not', 'of', 'on', 'one', 'or', 's', 'that', 'the', 'this', 'to', 'und',
  'was', 'with',
]);

/**
 * The phrase that keys a longer alias, folded: the longest two neighbouring words without a little word ("chatham
 * house"); else, in an alias of three words or more, the longest three ("department of state"); else the longest
 * two ("coalition of").
 */
function phraseOf(words: readonly string[]): string {
  const folded = words.map(foldWord);
  const windows = (n: number) => folded.slice(0, folded.length - n + 1).map((_, k) => folded.slice(k, k + n));
  const longest = (list: string[][]) => list.map((w) => w.join(' ')).reduce((a, b) => (b.length > a.length ? b : a), '');
  const clean = windows(2).filter((w) => !w.some((x) => STOP.has(x)));
  if (clean.length) return longest(clean);
  if (folded.length >= 3) return longest(windows(3));
  return longest(windows(2));
}

/**
 * The key of one alias, or null for an alias with no words: its one word (as written for an exact-case alias,
 * else folded), or two or three neighbouring words of a longer alias as a phrase.
 */
export function keyOfAlias(text: string, exact: boolean): { kind: keyof Keys; key: string } | null {
  const { words } = aliasPath(text);
  if (!words.length) return null;
  if (words.length > 1) return { kind: 'pairs', key: phraseOf(words) };
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
    sets.pairs.add(phraseOf(words));
  }
  return { words: [...sets.words].sort(), exact: [...sets.exact].sort(), pairs: [...sets.pairs].sort() };
}

/**
 * A check with both parts of the keys (tests, tools): it never needs to fetch. A function, not a static method, so
 * the content script's bundle leaves it (and {@link encodeKeys}) out.
 */
export function keySetOf(keys: Keys): KeySet {
  const { local, remote } = encodeKeys(keys);
  const set = new KeySet(local);
  set.addRemote(remote);
  return set;
}

/** A key with a character outside ASCII: never found in plain text (see {@link isPlain}). */
const NON_ASCII_KEY = /[^\u0000-\u007f]/;

/** The keys as strings: `local` goes into the content script, `remote` stays in the background until asked for. */
export interface EncodedKeys {
  /**
   * Lines of the keys in Latin script: the folded keys (words and phrases, by "|"), the exact ones (by spaces), the
   * first words of phrases (by spaces), first those written in ASCII (all that plain text can hold), then the
   * others (Latin letters with marks); and last a character class of the Unicode blocks the remote keys are
   * written in (a text without one of them cannot hold one).
   */
  local: string;
  /** The same three lines for the keys in other scripts (Cyrillic, Hebrew, Arabic). */
  remote: string;
}

/**
 * The keys in the shape {@link KeySet} builds its sets from without a loop. Those in a script other than Latin
 * (over half the characters: every Ukrainian and Russian name) stay out of the content script, which every page
 * parses: the loader asks the background for them on the first text in one of their scripts.
 */
export function encodeKeys(keys: Keys): EncodedKeys {
  const lines = (pick: (key: string) => boolean) => {
    const pairs = keys.pairs.filter(pick);
    return [keys.words.filter(pick).concat(pairs).join('|'), keys.exact.filter(pick).join(' '), [...firstWords(pairs)].join(' ')];
  };
  const remote = (k: string) => !isLatin(k);
  const blocks = new Set<number>();
  for (const k of [...keys.words, ...keys.exact, ...keys.pairs].filter(remote)) {
    for (const ch of k) if (!isLatin(ch)) blocks.add(ch.codePointAt(0)! >> 7);
  }
  const hex = (n: number) => `\\u{${n.toString(16)}}`;
  const needs = [...blocks].sort((x, y) => x - y).map((b) => `${hex(b << 7)}-${hex((b << 7) | 127)}`).join('');
  const ascii = (k: string) => !NON_ASCII_KEY.test(k);
  return {
    local: [...lines(ascii), ...lines((k) => !ascii(k) && !remote(k)), needs ? `[${needs}]` : ''].join('\n'),
    remote: lines(remote).join('\n'),
  };
}

function firstWords(pairs: readonly string[]): Set<string> {
  const firsts = new Set<string>();
  for (const p of pairs) firsts.add(p.slice(0, p.indexOf(' ')));
  return firsts;
}

/**
 * The keys as the check uses them. Built on every page the content script runs on, so it is kept small: two sets
 * (folded keys, single words and phrases together, since a phrase holds a space and a word never does; and keys as
 * written) and the first words of phrases, and a plain-text path of two native splits. The sets start with the keys
 * written in ASCII, all that plain text can hold (most pages' every block); the other Latin ones join them the first
 * time a text is not plain, and those in other scripts when the loader has fetched them ({@link addRemote}).
 * Measured in Chromium on a page that mentions nothing: building the sets of all the keys cost 0.6-0.9 ms, and
 * parsing the keys of other scripts in content.js 0.1-0.4 ms.
 */
export class KeySet {
  private readonly folded: Set<string>;
  private readonly exact: Set<string>;
  /** First words of phrases: a phrase is looked up only after one of these. */
  private readonly firsts: Set<string>;
  /** The lines of Latin keys with marks, not in the sets yet. */
  private latin: string[] | null;
  /** The blocks of the remote keys' scripts, while those keys are not in the sets; null once they are. */
  private needs: RegExp | string | null;

  /** The local keys as {@link encodeKeys} wrote them. */
  constructor(local: string) {
    const [folded, exact, firsts, latinFolded = '', latinExact = '', latinFirsts = '', needs = ''] = local.split('\n');
    const set = (s: string | undefined, sep: string) => new Set(s ? s.split(sep) : []);
    this.folded = set(folded, '|');
    this.exact = set(exact, ' ');
    this.firsts = set(firsts, ' ');
    this.latin = [latinFolded, latinExact, latinFirsts];
    this.needs = needs || null;
  }

  /** Adds three lines of keys (folded, exact, first words) to the sets. */
  private add([folded, exact, firsts]: string[]): void {
    const into = (into: Set<string>, s: string | undefined, sep: string) => {
      if (s) for (const k of s.split(sep)) into.add(k);
    };
    into(this.folded, folded, '|');
    into(this.exact, exact, ' ');
    into(this.firsts, firsts, ' ');
  }

  /** Adds the keys in other scripts ({@link EncodedKeys.remote}). */
  addRemote(remote: string): void {
    this.add(remote.split('\n'));
    this.needs = null;
  }

  /**
   * True when `text` may hold a key. Never false where the matcher finds a mention; on plain text it is a little
   * more generous than the matcher (two words of a phrase count as neighbours whatever the gap between them), so
   * the check needs neither the gaps nor a capturing split. Other text takes the Unicode expression and
   * {@link foldWord}, with the matcher's gaps. Null when the text is in a script whose keys have not been fetched
   * ({@link addRemote}), so it cannot tell.
   */
  has(text: string): boolean | null {
    const lower = text.toLowerCase();
    if (isPlain(text, lower)) {
      const folded = lower.split(PLAIN_SPLIT_RE);
      // Plain text keeps its letters where lower-casing put them: both splits give the same words in the same places.
      const written = text.split(ANY_CASE_SPLIT_RE);
      const n = folded.length;
      for (let k = 0; k < n; k++) {
        const word = folded[k];
        if (this.folded.has(word) || this.exact.has(written[k])) return true;
        if (k + 1 < n && this.firsts.has(word)) {
          const two = `${word} ${folded[k + 1]}`;
          if (this.folded.has(two) || (k + 2 < n && this.folded.has(`${two} ${folded[k + 2]}`))) return true;
        }
      }
      return false;
    }
    if (this.latin) {
      this.add(this.latin);
      this.latin = null;
    }
    // Other text: the words (folded) and where each ends, kept for the two before the current one.
    const recent: { word: string; start: number; end: number }[] = [];
    const wordRe = wordRegExpFor(text);
    wordRe.lastIndex = 0;
    for (let m = wordRe.exec(text); m; m = wordRe.exec(text)) {
      const word = foldWord(m[0]);
      if (this.folded.has(word) || this.exact.has(m[0])) return true;
      const [a, b] = [recent[recent.length - 2], recent[recent.length - 1]];
      if (b && m.index - b.end <= MAX_GAP) {
        if (this.firsts.has(b.word) && this.folded.has(`${b.word} ${word}`)) return true;
        if (a && b.start - a.end <= MAX_GAP && this.firsts.has(a.word) && this.folded.has(`${a.word} ${b.word} ${word}`)) return true;
      }
      recent.push({ word, start: m.index, end: m.index + m[0].length });
      if (recent.length > 2) recent.shift();
    }
    // Not here; it may still be among the keys of another script, if the text has letters of one.
    if (!this.needs) return false;
    if (typeof this.needs === 'string') this.needs = new RegExp(this.needs, 'u');
    return this.needs.test(text) ? null : false;
  }
}

/** The matcher's plain-text word boundaries ({@link PLAIN_GAP_RE}) without the capturing group: words only. */
const PLAIN_SPLIT_RE = /[^a-z0-9]+/;
/** {@link PLAIN_SPLIT_RE} for the text as written. */
const ANY_CASE_SPLIT_RE = /[^A-Za-z0-9]+/;
