/** Compiles the checked dataset into the files the extension ships (`data/index.json`, `data/cards.json`). */
import { entryCard, type CardModel } from '../../src/core/card';
import { compileIndex, type CompiledIndex } from '../../src/core/compiled';
import { claimCard, compileClaims, type ClaimDef } from '../../src/core/claims';
import type { CompiledClaims } from '../../src/core/claims-types';
import type { LoadedDataset } from './dataset';

export interface ShippedDataset {
  index: CompiledIndex;
  claims: CompiledClaims;
  cards: Record<string, CardModel>;
}

export function compileDataset(data: LoadedDataset): ShippedDataset {
  const index = compileIndex(data.entries);
  const names = new Map<string, string>(data.entries.map((e) => [e.id, e.name]));
  const cards: Record<string, CardModel> = {};
  for (const e of data.entries) cards[e.id] = entryCard(e, (id) => names.get(id));
  const defs = data.claims as ClaimDef[];
  for (const c of defs) names.set(c.id, c.name);
  const claims: CompiledClaims = compileClaims(defs, index);
  for (const c of defs) cards[c.id] = claimCard(c, (id) => names.get(id));
  return { index, claims, cards };
}
