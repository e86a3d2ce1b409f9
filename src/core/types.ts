/**
 * The dataset model: what the JSON files in `src/dataset/` hold, and what the build compiles them into.
 * Pure types, shared by the build, the content script, the popup and the annotate CLI.
 */

export type EntryKind = 'person' | 'organisation' | 'place' | 'treaty' | 'event' | 'concept';
export const ENTRY_KINDS: readonly EntryKind[] = ['person', 'organisation', 'place', 'treaty', 'event', 'concept'];

export type CaseRule = 'any' | 'exact';

/** Context an ambiguous alias needs before it fires; it fires if any condition holds. */
export interface AliasWhen {
  /** Entry ids: fires when one of them is mentioned unconditionally in the same text. */
  page?: string[];
  /** Words or phrases (any case) within {@link NEAR_WINDOW_TOKENS} words of the alias. */
  near?: string[];
}

export interface AliasObject {
  text: string;
  case?: CaseRule;
  when?: AliasWhen;
  /**
   * Longer names the alias is part of that name something else ("South America", "Voice of America" for
   * "America"): where the alias stands inside one of them, it does not fire. Each must contain the alias's words.
   */
  except?: string[];
}
export type Alias = string | AliasObject;

export interface Source {
  title: string;
  publisher: string;
  url: string;
  accessed: string;
  published?: string;
}

export type Precision = 'day' | 'month' | 'year';
export type SourceRef = number | number[];

export interface KeyDate {
  date: string;
  precision: Precision;
  label: string;
  source: SourceRef;
}

export interface Fact {
  label: string;
  value: string;
  source: SourceRef;
  note?: string;
}

export interface Entry {
  id: string;
  kind: EntryKind;
  name: string;
  description?: string;
  aliases: Alias[];
  summary: string;
  dates?: KeyDate[];
  facts?: Fact[];
  related?: string[];
  sources: Source[];
  asOf: string;
  wikidata?: string;
}

/** How many words either side of an alias `when.near` looks at. */
export const NEAR_WINDOW_TOKENS = 8;

/** Upper bound on summary length, in words (dataset rule). */
export const SUMMARY_MAX_WORDS = 60;

/** Normalises the string shorthand of an alias to its object form. */
export function aliasObject(alias: Alias): Required<Pick<AliasObject, 'text' | 'case'>> & AliasObject {
  return typeof alias === 'string' ? { text: alias, case: 'any' } : { ...alias, case: alias.case ?? 'any' };
}
