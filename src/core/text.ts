/**
 * Text primitives shared by the matcher, the claim detector and glossary search.
 * "Folding" makes two spellings compare equal when a reader would call them the same word:
 * case, diacritics (Zelenskyy / Zelenskyy), Cyrillic ё/е, and the many apostrophes and dashes of real pages.
 */

/**
 * A regular expression created the first time it is asked for. For the Unicode property expressions: evaluating
 * such a literal costs a fresh page about 0.3 ms even where it never runs (two at the top of a content script: 0.5-0.7
 * ms more on the quiet page), and plain and Latin text never needs them.
 */
export function lazyRegExp(source: string, flags: string): () => RegExp {
  let re: RegExp | undefined;
  return () => (re ??= new RegExp(source, flags));
}

/** One word: a maximal run of letters, digits and combining marks (any script). */
export const wordRe = /* @__PURE__ */ lazyRegExp('[\\p{L}\\p{N}\\p{M}]+', 'gu');
/**
 * A character outside Latin (U+0000-024F, the combining diacritics U+0300-036F), the symbol ranges of
 * {@link NOT_PLAIN}, the variation selectors after an emoji (U+FE00-FE0F) and the byte-order mark. Text without one
 * (French, Spanish, German, Czech... prose) has the same words under {@link LATIN_WORD_RE} as under {@link wordRe},
 * without the Unicode property classes, whose first run in a page cost 1.4-1.9 ms against 0.2-0.3 for this on
 * lemonde-1 (tests/unit/matcher.test.ts checks every code point).
 */
const NOT_LATIN = /[^\u0000-\u024f\u0300-\u036f\u2000-\u206f\u20a0-\u20cf\u2190-\u245f\u2500-\u2775\u2794-\u27ef\u2b00-\u2bff\ufe00-\ufe0f\ufeff]/;
/** {@link wordRe} for Latin text (see {@link NOT_LATIN}). */
export const LATIN_WORD_RE = /[0-9A-Za-z\u00aa\u00b2\u00b3\u00b5\u00b9\u00ba\u00bc-\u00be\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u024f\u0300-\u036f\ufe00-\ufe0f]+/g;
const LATIN_ALNUM = /[0-9A-Za-z\u00aa\u00b2\u00b3\u00b5\u00b9\u00ba\u00bc-\u00be\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u024f]/;
const LATIN_MARKS = /[\u0300-\u036f\ufe00-\ufe0f]+/g;

/** True when `text` is Latin in the sense of {@link NOT_LATIN}. */
export function isLatin(text: string): boolean {
  return !NOT_LATIN.test(text);
}

/** The word expression for `text`: {@link LATIN_WORD_RE} where it gives the same words, else {@link wordRe}. */
export function wordRegExpFor(text: string): RegExp {
  return NOT_LATIN.test(text) ? wordRe() : LATIN_WORD_RE;
}
const NON_ASCII = /[^\u0000-\u007f]/;
/**
 * A character outside ASCII and the ranges that hold no letter, digit or mark: Latin-1 punctuation and symbols
 * (not ª ² ³ µ ¹ º ¼ ½ ¾), General Punctuation (U+2000-206F: spaces, dashes, curly quotes), currency signs, arrows,
 * mathematical and technical symbols, box drawing, geometric shapes (▶ ▼), miscellaneous symbols and dingbats
 * (not the enclosed and circled digits U+2460-24FF, U+2776-2793). In text without one ("plain" text, most English
 * prose), the words are exactly the runs of ASCII letters and digits (tests/unit/matcher.test.ts checks every code
 * point).
 * A plain-ASCII test is worth having: a Unicode property expression costs milliseconds the first time it runs in
 * a page (V8 compiles its classes), the benchmark's largest cost on small pages.
 */
export const NOT_PLAIN =
  /[^\u0000-\u007f\u00a0-\u00a9\u00ab-\u00b1\u00b4\u00b6-\u00b8\u00bb\u00bf\u2000-\u206f\u20a0-\u20cf\u2190-\u245f\u2500-\u2775\u2794-\u27ef\u2b00-\u2bff]/;
const ASCII_ALNUM = /[A-Za-z0-9]/;

/**
 * True when `text` can take the plain path: no character outside {@link NOT_PLAIN}'s ranges, and lower-casing kept
 * its length (`lower` is `text.toLowerCase()`; 'İ' grows), so offsets in `lower` are offsets in `text`.
 */
export function isPlain(text: string, lower: string): boolean {
  return lower.length === text.length && !NOT_PLAIN.test(text);
}

/**
 * Splits lower-cased plain text into words and the gaps between them: words at even indexes (the first and last
 * may be empty), gaps at odd ones. The matcher and the prefilter both read words this way, so they see the same.
 */
export const PLAIN_GAP_RE = /([^a-z0-9]+)/;

/** A gap longer than this between two words cannot be part of one alias (the matcher and the prefilter). */
export const MAX_GAP = 3;
const hasWordRe = /* @__PURE__ */ lazyRegExp('[\\p{L}\\p{N}]', 'u');

/** True when `text` holds a letter or a digit (any script). */
export function hasWord(text: string): boolean {
  if (ASCII_ALNUM.test(text)) return true;
  if (!NOT_PLAIN.test(text)) return false;
  return NOT_LATIN.test(text) ? hasWordRe().test(text) : LATIN_ALNUM.test(text);
}
const marksRe = /* @__PURE__ */ lazyRegExp('\\p{M}+', 'gu');

/** Case- and diacritic-insensitive key of one word. */
export function foldWord(word: string): string {
  const lower = word.toLowerCase();
  if (!NON_ASCII.test(lower)) return lower;
  const split = lower.normalize('NFD');
  // A Latin word's marks, once split off, are combining diacritics: no Unicode property class needed.
  return split.replace(NOT_LATIN.test(split) ? marksRe() : LATIN_MARKS, '').replace(/ё/g, 'е').normalize('NFC');
}

const ASCII_WORDS = /[A-Za-z0-9]+/g;

/** The words of a text, as written (plain text takes the ASCII path, see {@link NOT_PLAIN}). */
export function wordsOf(text: string): string[] {
  return text.match(NOT_PLAIN.test(text) ? wordRegExpFor(text) : ASCII_WORDS) ?? [];
}

/** Folds a whole phrase: words folded, separated by single spaces, punctuation dropped. */
export function foldPhrase(text: string): string {
  return wordsOf(text).map(foldWord).join(' ');
}

const SPACE_RE = /[\s\u00a0\u2000-\u200b\u202f\u205f\u3000]+/g;
const DASH_RE = /[\u002d\u2010-\u2015\u2212\ufe58\ufe63\uff0d]/g;
/** The characters read as an apostrophe: ' ‘ ’ ʼ ` ´ (char codes; the matcher checks them one at a time). */
export const APOSTROPHES: ReadonlySet<number> = new Set([0x27, 0x2018, 0x2019, 0x2bc, 0x60, 0xb4]);
/** {@link APOSTROPHES} as an expression (a literal, so a bundle that does not use it drops it). */
const APOS_RE = /['\u2018\u2019\u02bc`\u00b4]/g;

/**
 * The normal form of what separates two words: any run of white space (including no-break spaces) is one
 * space, every dash is "-", every apostrophe is "'". Two gaps match when their normal forms are equal.
 */
export function normalizeGap(gap: string): string {
  if (gap === ' ') return gap;
  return gap.replace(SPACE_RE, ' ').replace(DASH_RE, '-').replace(APOS_RE, "'");
}

/** Splits text into words: their offsets (UTF-16 code units) and folded keys ({@link foldWord}). */
export function tokenize(text: string): { starts: number[]; ends: number[]; keys: string[] } {
  const starts: number[] = [];
  const ends: number[] = [];
  const keys: string[] = [];
  const wordRe = wordRegExpFor(text);
  wordRe.lastIndex = 0;
  for (let m = wordRe.exec(text); m; m = wordRe.exec(text)) {
    starts.push(m.index);
    ends.push(m.index + m[0].length);
    keys.push(foldWord(m[0]));
  }
  return { starts, ends, keys };
}

/** Joins the gap before a word to the word's key in a trie edge. */
export const EDGE = '\u0001';

/**
 * How the matcher walks to an alias: the folded first word, then for each later word the normal form of the gap
 * before it joined to its folded key; and the alias's trailing punctuation ("U.S."). Computed at build time
 * (it is the costly part of compiling the matcher: case and diacritic folding of every word).
 */
export function aliasPath(text: string): { path: string[]; words: string[]; suffix: string } {
  const path: string[] = [];
  const words: string[] = [];
  let last = 0;
  const wordRe = wordRegExpFor(text);
  wordRe.lastIndex = 0;
  for (let m = wordRe.exec(text); m; m = wordRe.exec(text)) {
    const key = foldWord(m[0]);
    path.push(words.length ? normalizeGap(text.slice(last, m.index)) + EDGE + key : key);
    words.push(m[0]);
    last = m.index + m[0].length;
  }
  return { path, words, suffix: normalizeGap(text.slice(last).trimEnd()) };
}
