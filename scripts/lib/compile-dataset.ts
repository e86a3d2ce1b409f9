/** Compiles the checked dataset into the files the extension ships (`data/index.json`, `data/cards.json`). */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { entryCard, type CardModel } from '../../src/core/card';
import { compileIndex, type CompiledIndex } from '../../src/core/compiled';
import type { CompiledClaims } from '../../src/core/claims-types';
import { ROOT, type LoadedDataset } from './dataset';

export interface ShippedDataset {
  index: CompiledIndex;
  claims: CompiledClaims;
  cards: Record<string, CardModel>;
}

export async function compileDataset(data: LoadedDataset): Promise<ShippedDataset> {
  const index = compileIndex(data.entries);
  const names = new Map<string, string>(data.entries.map((e) => [e.id, e.name]));
  const cards: Record<string, CardModel> = {};
  for (const e of data.entries) cards[e.id] = entryCard(e, (id) => names.get(id));
  let claims = { version: 1, claims: [] } as unknown as CompiledClaims;
  if (existsSync(join(ROOT, 'src/core/claims.ts')) && data.claims.length) {
    const mod = await import('../../src/core/claims');
    const defs = data.claims as Parameters<typeof mod.compileClaims>[0];
    for (const c of defs) names.set(c.id, c.name);
    claims = mod.compileClaims(defs, index);
    for (const c of defs) cards[c.id] = mod.claimCard(c, (id) => names.get(id));
  }
  return { index, claims, cards };
}
