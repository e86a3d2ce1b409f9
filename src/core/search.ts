/**
 * Glossary search: pure, no DOM. The index is built once from the card models and the compiled alias index;
 * each query is folded the same way the matcher folds page text ({@link foldPhrase}), so `kiev` finds Kyiv,
 * `zelenskyy` finds Zelensky and `ZELENSKÝ` finds him too.
 */
import type { CardModel } from './card';
import type { CompiledIndex } from './compiled';
import { foldPhrase } from './text';

/**
 * How well an entry matches, best first. Lower is better; the ranking the popup promises is
 * exact name or alias > name or alias starts with the query > a word of it does > a word of the summary does.
 */
export const Rank = {
  Exact: 0,
  Prefix: 1,
  WordPrefix: 2,
  Summary: 3,
  /** Every word of the query starts a word somewhere in the entry, in any order ("defence nato"). */
  AllWords: 4,
} as const;
export type Rank = (typeof Rank)[keyof typeof Rank];

/** One entry as the search reads it. Without `all`, it is what the build ships (`data/glossary.json`). */
export interface SearchDoc {
  id: string;
  kind: CardModel['kind'];
  name: string;
  /** The summary's first sentence: what a result shows (the whole summary is searched, in {@link text}). */
  summary: string;
  /** Folded name first, then folded aliases (deduplicated). */
  names: string[];
  /** The original spelling of each of {@link names}, for the "matched" label. */
  display: string[];
  /** Folded summary and description, with a leading space so " word" finds a word start. */
  text: string;
}

interface Doc extends SearchDoc {
  /** Leading space + all folded names and text, for the any-order rule: made by the first query that needs it. */
  all?: string;
}

export interface SearchIndex {
  readonly docs: readonly Doc[];
}

export interface SearchHit {
  id: string;
  kind: CardModel['kind'];
  name: string;
  /** The summary's first sentence. */
  summary: string;
  rank: Rank;
  /** The alias that matched, when it was not the name (the popup shows it as: also “Kiev”). */
  matched?: string;
}

/** Entries in the glossary. */
export function searchSize(index: SearchIndex): number {
  return index.docs.length;
}

/**
 * The search documents, sorted by name: what the build ships as `data/glossary.json`, so the popup parses them
 * instead of the whole dataset and does no folding before its first render. Aliases come from the compiled index
 * (cards do not carry them); entries in the compiled index without a card are left out, since the popup could not
 * show them.
 */
export function buildSearchDocs(cards: Readonly<Record<string, CardModel>>, compiled?: CompiledIndex): SearchDoc[] {
  const aliases = new Map<string, string[]>();
  if (compiled) {
    for (const a of compiled.aliases) {
      const id = compiled.entries[a.entry]?.id;
      if (!id) continue;
      let list = aliases.get(id);
      if (!list) aliases.set(id, (list = []));
      list.push(a.text);
    }
  }
  const docs: SearchDoc[] = [];
  for (const card of Object.values(cards)) {
    const raw = [card.name, ...(aliases.get(card.id) ?? [])];
    const names: string[] = [];
    const display: string[] = [];
    for (const n of raw) {
      const folded = foldPhrase(n);
      if (folded && !names.includes(folded)) {
        names.push(folded);
        display.push(n);
      }
    }
    const text = ` ${foldPhrase(card.summary)} ${card.description ? foldPhrase(card.description) : ''}`;
    docs.push({ id: card.id, kind: card.kind, name: card.name, summary: firstSentence(card.summary), names, display, text });
  }
  docs.sort((a, b) => compareNames(a.name, b.name));
  return docs;
}

/** The index over documents made by {@link buildSearchDocs} (here or at build time), in their order. */
export function searchIndexOf(docs: readonly SearchDoc[]): SearchIndex {
  return { docs };
}

/** Builds the index from the cards and the compiled index. */
export function buildSearchIndex(cards: Readonly<Record<string, CardModel>>, compiled?: CompiledIndex): SearchIndex {
  return searchIndexOf(buildSearchDocs(cards, compiled));
}

const collator = new Intl.Collator('en', { sensitivity: 'base', numeric: true });
const compareNames = (a: string, b: string): number => collator.compare(a, b);

/** Best rank of one entry for a folded query, or undefined; `at` is the index of the matching name. */
function rankDoc(doc: Doc, q: string, words: string[]): { rank: Rank; at: number } | undefined {
  let best: { rank: Rank; at: number } | undefined;
  const consider = (rank: Rank, at: number) => {
    if (!best || rank < best.rank) best = { rank, at };
  };
  doc.names.forEach((n, at) => {
    if (n === q) consider(Rank.Exact, at);
    else if (n.startsWith(q)) consider(Rank.Prefix, at);
    else if (n.includes(` ${q}`)) consider(Rank.WordPrefix, at);
  });
  if (best) return best;
  if (doc.text.includes(` ${q}`)) return { rank: Rank.Summary, at: 0 };
  if (words.length > 1) {
    const all = (doc.all ??= ` ${doc.names.join(' ')}${doc.text}`);
    if (words.every((w) => all.includes(` ${w}`))) return { rank: Rank.AllWords, at: 0 };
  }
  return undefined;
}

/**
 * Searches names, aliases and summaries, ignoring case and diacritics. Hits come best rank first; within a rank,
 * a match on the name beats one on an alias, then alphabetical by name. An empty query gives no hits.
 */
export function search(index: SearchIndex, query: string, limit = Infinity): SearchHit[] {
  const q = foldPhrase(query);
  if (!q) return [];
  const words = q.split(' ');
  const scored: { doc: Doc; rank: Rank; at: number }[] = [];
  for (const doc of index.docs) {
    const r = rankDoc(doc, q, words);
    if (r) scored.push({ doc, ...r });
  }
  // docs are already in name order and Array.prototype.sort is stable, so ties keep that order.
  scored.sort((a, b) => a.rank - b.rank || Number(a.at > 0) - Number(b.at > 0));
  return scored.slice(0, limit).map(({ doc, rank, at }) => {
    const hit: SearchHit = { id: doc.id, kind: doc.kind, name: doc.name, summary: doc.summary, rank };
    if (at > 0 && rank <= Rank.WordPrefix) hit.matched = doc.display[at];
    return hit;
  });
}

/**
 * The first sentence of a summary, for a one-line result (the UI clips it further with CSS). A full stop after a
 * lone capital ("U.S.", "J. Smith") does not end a sentence.
 */
export function firstSentence(summary: string): string {
  const m = /^.+?(?<!(?:^|[\s.])\p{Lu})[.!?](?=\s+["“(\p{Lu}\p{N}])/su.exec(summary.trim());
  return (m ? m[0] : summary).trim();
}
