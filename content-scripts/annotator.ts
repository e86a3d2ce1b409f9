/**
 * One annotation pass: read blocks, match (in the background, decision 009), settle, detect claims (in the
 * background too), wrap. Runs in slices that yield to the page, and records itself with the User Timing API as
 * `backstory:annotate`.
 */
import type { IndexEntry } from '../src/core/compiled';
import { mentionsByBlock, resolveMentions, type Candidate, type Mention } from '../src/core/matcher';
import type { ClaimBlock, ClaimSpan, FoundItem } from '../src/core/messages';
import { kindGroup, type KindGroup } from '../src/core/settings';
import type { Highlighter, MarkSpec, WrappedMark } from './highlighter';
import { readBlocks, type ReadOptions, type TextBlock } from './reader';
import type { Slicer } from './schedule';

/** A claim sentence, in absolute offsets (as the mentions). */
type ClaimHit = ClaimSpan;

export interface Engine {
  /** The dataset's entries: a mention's `entry` is a position in this list. */
  entries: readonly IndexEntry[];
  /**
   * The candidate mentions in some blocks' texts, the first at offset `base` and each block one character after the
   * one before (as a pass numbers them). In the extension the background's long-lived matcher answers (one per
   * background, built once, warm), so no page builds one (DOM tests match in their own thread with `scanTexts`).
   */
  scan(texts: string[], base: number): Promise<Candidate[]>;
  /**
   * Claim sentences of some blocks (offsets into each block), found elsewhere (the background): one call per
   * pass with every block that holds a mention. `ms` is the detector's own time there.
   */
  detectClaims?: (blocks: ClaimBlock[]) => Promise<{ hits: ClaimSpan[][]; ms: number }>;
}

export interface PassOptions {
  everyMention: boolean;
  kinds: Record<KindGroup, boolean>;
}

/** What a session remembers across passes (the first pass, then content the page adds later). */
export interface PageState {
  highlighted: Set<string>;
  present: Set<number>;
  found: Map<string, FoundItem>;
  nextGroup: number;
}

export function newPageState(): PageState {
  return { highlighted: new Set(), present: new Set(), found: new Map(), nextGroup: 0 };
}

/** How a pass reads: what to skip, and hooks for what it has read. */
export interface PassReading extends ReadOptions {
  /** Called with each block once it has been read. */
  onBlock?: (block: TextBlock) => void;
}

export interface PassResult {
  marks: WrappedMark[];
  mentions: number;
  claims: number;
  chars: number;
  busyMs: number;
}

let passCounter = 0;

/**
 * Most characters of text in one request to the background (matching, claims). A message is serialised in one go on
 * the page's thread; 200,000 characters take a few milliseconds, so a 5 MB page sends several requests, not one of
 * megabytes.
 */
export const CLAIM_REQUEST_CHARS = 200_000;

/**
 * `[from, to)` ranges of `items` in request order, each holding at most {@link CLAIM_REQUEST_CHARS} characters of
 * text (an item longer than that goes alone).
 */
function requestRanges(items: readonly { text: string }[]): [number, number][] {
  const ranges: [number, number][] = [];
  for (let from = 0; from < items.length; ) {
    let to = from;
    let size = 0;
    while (to < items.length && (to === from || size + items[to].text.length <= CLAIM_REQUEST_CHARS)) size += items[to++].text.length;
    ranges.push([from, to]);
    from = to;
  }
  return ranges;
}

/**
 * Text (in characters of the blocks touched) wrapped before waiting for the browser to render a frame. Wrapping
 * splits text nodes, and the browser then lays out each touched paragraph again: on a 5 MB page with every mention
 * on, unbounded wrapping made frames of 100-200 ms of layout and style. About 40,000 characters cost some 25 ms.
 */
export const WRAP_CHARS_PER_FRAME = 12_000;

export async function annotatePass(
  /** What to read, or how to find it (timed as part of the pass: finding the article root reads the page too). */
  rootsOrFind: readonly (Element | ShadowRoot)[] | (() => readonly (Element | ShadowRoot)[]),
  engine: Engine,
  options: PassOptions,
  state: PageState,
  highlighter: Highlighter,
  slicer: Slicer,
  reading: PassReading = {},
): Promise<PassResult> {
  const startMark = `backstory:pass-${++passCounter}`;
  performance.mark(startMark);
  // Where the pass's time goes (in the measure's detail, for the benchmark): matching, claims, wrapping.
  let scanMs = 0;
  let claimsMs = 0;
  let claimsWaitMs = 0;
  let claimsRemoteMs = 0;
  let wrapMs = 0;
  let t = performance.now();
  const roots = typeof rootsOrFind === 'function' ? rootsOrFind() : rootsOrFind;
  const rootMs = performance.now() - t;
  const blocks: TextBlock[] = [];
  const bases: number[] = [];
  let base = 0;
  let readMs = 0;
  // Two clock reads per block, shared by the phase timings and the slicer: a read costs ~0.3 us in a fresh content
  // script, and wikipedia-2 has ~900 blocks (five reads per block measured ~1 ms there).
  for (const root of roots) {
    const blocksOf = readBlocks(root, reading);
    t = performance.now();
    for (;;) {
      const next = blocksOf.next();
      if (next.done) {
        readMs += performance.now() - t;
        break;
      }
      const block = next.value;
      reading.onBlock?.(block);
      blocks.push(block);
      bases.push(base);
      base += block.text.length + 1;
      const read = performance.now();
      readMs += read - t;
      t = read;
      if (slicer.due(t)) {
        await slicer.yieldNow();
        t = performance.now();
      }
    }
  }
  // Matching, in requests of at most CLAIM_REQUEST_CHARS (a message is serialised in one go on the page's thread).
  // What this thread spends is sending the texts (scanMs); the wait is not busy time.
  const candidates: Candidate[] = [];
  for (const [from, to] of requestRanges(blocks)) {
    t = performance.now();
    const asked = engine.scan(blocks.slice(from, to).map((b) => b.text), bases[from]);
    scanMs += performance.now() - t;
    const found = await slicer.wait(asked);
    for (const c of found) candidates.push(c);
  }
  const mentions = resolveMentions(candidates, state.present);
  for (const m of mentions) state.present.add(m.entry);

  const perBlock = mentionsByBlock(mentions, bases);

  // Claims: one request with every block that holds a mention (claim patterns all need one). With the claims
  // switch off, claims are neither detected nor listed: the switch saves their cost too.
  const claimsOf: ClaimHit[][] = perBlock.map(() => []);
  if (engine.detectClaims && options.kinds.claims) {
    t = performance.now();
    const asked: number[] = [];
    const request: ClaimBlock[] = [];
    for (let i = 0; i < blocks.length; i++) {
      const own = perBlock[i];
      if (!own.length) continue;
      asked.push(i);
      request.push({ text: blocks[i].text, mentions: own.map((m) => ({ entry: m.entry, alias: m.alias, start: m.start - bases[i], end: m.end - bases[i] })) });
    }
    claimsMs += performance.now() - t;
    // In requests of at most CLAIM_REQUEST_CHARS: a message is serialised in one go on the page's thread.
    for (const [from, to] of requestRanges(request)) {
      t = performance.now();
      const answer = await slicer.wait(engine.detectClaims(request.slice(from, to)).catch(() => null));
      claimsWaitMs += performance.now() - t;
      if (answer) {
        claimsRemoteMs += answer.ms;
        answer.hits.forEach((hits, k) => {
          const i = asked[from + k];
          if (i !== undefined && Array.isArray(hits)) claimsOf[i] = hits.map((h) => ({ ...h, start: h.start + bases[i], end: h.end + bases[i] }));
        });
      }
    }
  }

  const marks: WrappedMark[] = [];
  let claimCount = 0;
  let wrappedChars = 0;
  const noteFound = (id: string, kind: FoundItem['kind'], name: string) => {
    const item = state.found.get(id);
    if (item) item.count++;
    else state.found.set(id, { id, kind, name, count: 1 });
  };
  for (let i = 0; i < blocks.length; i++) {
    const own = perBlock[i];
    if (!own.length) continue;
    const specs: MarkSpec[] = [];
    const claims = claimsOf[i];
    // Mentions and claims in order of appearance, so "found" lists them as a reader meets them.
    const events: ({ at: number; claim: ClaimHit } | { at: number; mention: Mention })[] = [
      ...own.map((mention) => ({ at: mention.start, mention })),
      ...claims.map((claim) => ({ at: claim.start, claim })),
    ].sort((x, y) => x.at - y.at);
    for (const ev of events) {
      if ('claim' in ev) {
        const c = ev.claim;
        claimCount++;
        noteFound(c.id, 'claim', c.name);
        if (!options.kinds.claims || (!options.everyMention && state.highlighted.has(c.id))) continue;
        state.highlighted.add(c.id);
        specs.push({ start: c.start - bases[i], end: c.end - bases[i], id: c.id, claim: true, group: state.nextGroup++ });
      } else {
        const m = ev.mention;
        const entry = engine.entries[m.entry];
        noteFound(entry.id, entry.kind, entry.name);
        if (!options.kinds[kindGroup(entry.kind)] || (!options.everyMention && state.highlighted.has(entry.id))) continue;
        state.highlighted.add(entry.id);
        specs.push({ start: m.start - bases[i], end: m.end - bases[i], id: entry.id, claim: false, group: state.nextGroup++ });
      }
    }
    if (specs.length) {
      t = performance.now();
      marks.push(...highlighter.wrapBlock(blocks[i], specs));
      wrapMs += performance.now() - t;
      wrappedChars += blocks[i].text.length;
    }
    if (wrappedChars >= WRAP_CHARS_PER_FRAME) {
      wrappedChars = 0;
      await slicer.nextFrame();
    } else if (slicer.due()) await slicer.yieldNow();
  }
  const busyMs = slicer.finish();
  const chars = base;
  performance.measure('backstory:annotate', { start: startMark, detail: { busyMs, chars, rootMs, readMs, mentions: mentions.length, claims: claimCount, scanMs, claimsMs, claimsWaitMs, claimsRemoteMs, wrapMs } });
  performance.clearMarks(startMark);
  return { marks, mentions: mentions.length, claims: claimCount, chars, busyMs };
}
