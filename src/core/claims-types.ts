/**
 * The compiled claim patterns: what the build derives from `src/dataset/claims.json` and ships to the content
 * script beside the alias index. Small, plain JSON on purpose: no statement, record or source text (those reach a
 * page only inside a card, through the gateway), only what {@link ./claims.ClaimDetector} needs to recognise a
 * claim in a sentence. Pure types.
 */

/**
 * One term of a pattern. A number >= 0 is an index into {@link CompiledClaims.phrases}; a negative number `t`
 * stands for a mention of the entry at index `-1 - t` of the compiled alias index.
 */
export type TermRef = number;

export interface CompiledPattern {
  /** Concept groups: every group needs at least one of its terms in the sentence. */
  all: TermRef[][];
  /** Terms any one of which anywhere in the sentence vetoes the pattern. */
  none?: TermRef[];
  /** Largest span, in words, that may hold one hit of every group. */
  window?: number;
  /** True when a plain negation in front of the claim's words ("did not accept") means the claim is not made. */
  negatable: boolean;
  /** Indexes of the groups a negation is looked for in front of; all groups when absent. */
  head?: number[];
  /** Index of the group whose hits make a sentence worth evaluating (the cheapest to find). */
  anchor: number;
}

export interface CompiledClaim {
  id: string;
  /** Short label, for the list of things found on a page. */
  name: string;
  /** Alternatives: the claim is made when any one pattern holds. */
  patterns: CompiledPattern[];
}

export interface CompiledClaims {
  version: 1;
  /**
   * Every word or phrase the patterns use, folded (see `foldWord`), words separated by single spaces;
   * a word ending in `*` matches any word that begins with the rest.
   */
  phrases: string[];
  claims: CompiledClaim[];
}
