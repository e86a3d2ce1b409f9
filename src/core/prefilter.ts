/**
 * The prefilter: can this text mention anything in the dataset at all?
 *
 * Every alias that can fire on its own is given one "key word": one of its words, folded as the matcher folds
 * them, preferring a long word that is not a common one ("kremlin" for "the Kremlin", "willing" for "coalition
 * of the willing"). A text none of whose words is a key word mentions nothing: an alias matches only where all
 * its words are present. Aliases that fire only when another entry is mentioned (`when.page` without `near`)
 * need no key: that other entry's own mention has one. So the answer "no" is exact, and "maybe" only means the
 * full matcher has to look.
 *
 * The content script ships the key words (a few kB) and checks the page with them before it loads the matcher,
 * the claim request and the card UI: on the many pages that mention nothing, that check is all it costs.
 * Pure: no DOM, no browser API.
 */
import type { CompiledIndex } from './compiled';
import { aliasPath, EDGE, foldWord, NOT_PLAIN, WORD_RE } from './text';

/**
 * Words too common to be a good key: a key found on nearly every page would make the check useless. Used only
 * to choose among an alias's words; an alias made of nothing else still gets its longest word.
 */
const COMMON = new Set(
  ('a an and are as at be but by de del der des di do for from had has have he her his i if in is it its la le ' +
    'les new no not of on or our out over she so that the their them they this to up us was we were what when who ' +
    'will with you first last one two three all any about after before between into under more most other some ' +
    'than then there these those very also just only own same such state states united north south east west ' +
    'national international general great old office people man men year years day days time world war home house ' +
    'black white red green blue sea city river air force army party council court agreement agreements treaty ' +
    'attack battle administration government ministry minister president prime foreign defence defense security')
    .split(' '),
);

/**
 * The key word of an alias: a name-like word (capitalised where the alias is written) over a lower-case one, an
 * uncommon word over a common one, letters over digits, then the longest ("minsk" for "Minsk agreement",
 * "kremlin" for "the Kremlin"). Any choice is correct; a rarer word only makes the check say "no" more often.
 */
export function keyOfAlias(text: string): string {
  const { path, words } = aliasPath(text);
  let best = '';
  let bestScore = -Infinity;
  path.forEach((step, k) => {
    const key = k === 0 ? step : step.slice(step.indexOf(EDGE) + 1);
    const written = words[k] ?? '';
    const score =
      (written[0] && written[0] !== written[0].toLowerCase() ? 4000 : 0) +
      (COMMON.has(key) ? 0 : 2000) +
      (/^[0-9]+$/.test(key) ? 0 : 1000) +
      key.length;
    if (score > bestScore) [best, bestScore] = [key, score];
  });
  return best;
}

/** The key words of an index, sorted and unique. */
export function keyWords(index: CompiledIndex): string[] {
  const keys = new Set<string>();
  for (const alias of index.aliases) {
    if (alias.page && !alias.near?.length) continue; // fires only beside another entry's mention
    const key = keyOfAlias(alias.text);
    if (key) keys.add(key);
  }
  return [...keys].sort();
}

/** Splits lower-cased plain text into words and the gaps between them (the matcher's plain path). */
const ASCII_GAP_RE = /([^a-z0-9]+)/;

/**
 * True when some word of `text`, folded as the matcher folds it, is in `keys`. Plain text takes the matcher's
 * fast path (one native split); other text the Unicode expression and {@link foldWord}.
 */
export function hasKeyWord(text: string, keys: ReadonlySet<string>): boolean {
  const lower = text.toLowerCase();
  if (lower.length === text.length && !NOT_PLAIN.test(text)) {
    const parts = lower.split(ASCII_GAP_RE);
    for (let k = 0; k < parts.length; k += 2) if (keys.has(parts[k])) return true;
    return false;
  }
  WORD_RE.lastIndex = 0;
  for (let m = WORD_RE.exec(text); m; m = WORD_RE.exec(text)) if (keys.has(foldWord(m[0]))) return true;
  return false;
}
