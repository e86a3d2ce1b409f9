/**
 * The gateway: `lookup(id) -> card`, over the compiled dataset files shipped in the extension
 * (`data/index.json`, `data/cards.json`, `data/glossary.json`). The index and the cards are read once, on first need,
 * and kept.
 * Another source (a user pack) would be another gateway with the same shape.
 */
import type { CardModel } from '../core/card';
import type { CompiledClaims } from '../core/claims-types';
import type { CompiledIndex } from '../core/compiled';
import type { SearchDoc } from '../core/search';

/** `data/index.json`: the alias index (for content scripts) and the claim patterns (for the background). */
export interface ShippedIndex {
  index: CompiledIndex;
  claims: CompiledClaims;
}

export interface Gateway {
  index(): Promise<ShippedIndex>;
  card(id: string): Promise<CardModel | null>;
  cards(): Promise<Record<string, CardModel>>;
  /** `data/glossary.json`: the popup's search documents (src/core/search.ts). */
  glossary(): Promise<SearchDoc[]>;
}

export function createGateway(readJson: (path: string) => Promise<unknown>): Gateway {
  let index: Promise<ShippedIndex> | null = null;
  let cards: Promise<Record<string, CardModel>> | null = null;
  const allCards = () => (cards ??= readJson('data/cards.json') as Promise<Record<string, CardModel>>);
  return {
    index: () => (index ??= readJson('data/index.json') as Promise<ShippedIndex>),
    card: async (id) => (Object.hasOwn(await allCards(), id) ? (await allCards())[id] : null),
    cards: allCards,
    glossary: () => readJson('data/glossary.json') as Promise<SearchDoc[]>,
  };
}
