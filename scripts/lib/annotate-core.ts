/**
 * Annotation of plain text blocks with the shipped dataset: the matcher and the claim detector, every mention
 * kept. Shared by the annotate CLI and the tests.
 */
import { Matcher, mentionsByBlock, resolveMentions, type Candidate } from '../../src/core/matcher';
import { ClaimDetector } from '../../src/core/claims';
import { compileDataset } from './compile-dataset';
import type { LoadedDataset } from './dataset';

export interface BlockSpan {
  id: string;
  block: number;
  start: number;
  end: number;
}

export interface Annotated {
  entries: { id: string; text: string; start: number; end: number }[];
  claims: { id: string; text: string; start: number; end: number }[];
}

export type Annotator = (blocks: string[]) => { entries: BlockSpan[]; claims: BlockSpan[] };

export function makeAnnotator(data: LoadedDataset): Annotator {
  const shipped = compileDataset(data);
  const matcher = new Matcher(shipped.index);
  const detector = shipped.claims.claims.length ? new ClaimDetector(shipped.claims) : null;
  return (blocks) => {
    const candidates: Candidate[] = [];
    const bases: number[] = [];
    let base = 0;
    blocks.forEach((text) => {
      bases.push(base);
      matcher.scan(text, base, candidates);
      base += text.length + 1;
    });
    const mentions = resolveMentions(candidates);
    const entries: BlockSpan[] = [];
    const claims: BlockSpan[] = [];
    const perBlock = mentionsByBlock(mentions, bases);
    perBlock.forEach((own, b) => {
      for (const m of own) entries.push({ id: shipped.index.entries[m.entry].id, block: b, start: m.start - bases[b], end: m.end - bases[b] });
    });
    if (detector) {
      blocks.forEach((text, i) => {
        if (!perBlock[i].length) return;
        for (const c of detector.detect(text, perBlock[i], bases[i])) claims.push({ id: c.id, block: i, start: c.start - bases[i], end: c.end - bases[i] });
      });
    }
    return { entries, claims };
  };
}

/** Annotates plain text as one block: offsets are into the text itself. */
export function annotateText(text: string, annotate: Annotator): Annotated {
  const result = annotate([text]);
  const map = (items: BlockSpan[]) => items.map((m) => ({ id: m.id, text: text.slice(m.start, m.end), start: m.start, end: m.end }));
  return { entries: map(result.entries), claims: map(result.claims) };
}
