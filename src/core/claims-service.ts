/**
 * The background's side of claim detection: content scripts send the blocks of a page that hold mentions, the
 * background finds their claim sentences with one long-lived {@link ClaimDetector}. Pure: no browser API.
 */
import type { ClaimDetector } from './claims';
import type { ClaimBlock, ClaimSpan } from './messages';

/** Largest request the background accepts, in characters of text (a 5 MB page sends a few hundred kB). */
export const MAX_CLAIM_REQUEST_CHARS = 4_000_000;

/** True when `blocks` has the shape of a request: text strings and mentions with numeric offsets inside them. */
export function validClaimBlocks(blocks: unknown): blocks is ClaimBlock[] {
  if (!Array.isArray(blocks)) return false;
  let chars = 0;
  for (const b of blocks) {
    if (!b || typeof b !== 'object' || typeof b.text !== 'string' || !Array.isArray(b.mentions)) return false;
    chars += b.text.length;
    for (const m of b.mentions) {
      if (!m || ![m.entry, m.alias, m.start, m.end].every(Number.isInteger) || m.start < 0 || m.end > b.text.length || m.start >= m.end) return false;
    }
  }
  return chars <= MAX_CLAIM_REQUEST_CHARS;
}

/** Claim sentences of each block, offsets into that block's text. */
export function claimSpans(detector: ClaimDetector, blocks: readonly ClaimBlock[]): ClaimSpan[][] {
  const claims = detector.compiled.claims;
  return blocks.map((b) =>
    detector.detect(b.text, b.mentions, 0).map((c) => ({ id: c.id, name: claims[c.claim].name, start: c.start, end: c.end })),
  );
}
