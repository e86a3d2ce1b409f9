/**
 * One annotation pass: read blocks, match, settle, detect claims, wrap. Runs in slices that yield to the page,
 * and records itself with the User Timing API as `backstory:annotate`.
 */
import type { CompiledIndex } from '../src/core/compiled';
import { mentionsByBlock, resolveMentions, type Candidate, type Matcher, type Mention } from '../src/core/matcher';
import type { FoundItem } from '../src/core/messages';
import { kindGroup, type KindGroup } from '../src/core/settings';
import type { Highlighter, MarkSpec, WrappedMark } from './highlighter';
import { readBlocks, type ReadOptions, type TextBlock } from './reader';
import type { Slicer } from './schedule';

export interface ClaimHit {
  id: string;
  name: string;
  start: number;
  end: number;
}

export interface Engine {
  index: CompiledIndex;
  matcher: Matcher;
  /** Claim sentences of one block (absolute offsets, as the mentions). */
  detectClaims?: (text: string, mentions: readonly Mention[], base: number) => ClaimHit[];
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
 * Text (in characters of the blocks touched) wrapped before waiting for the browser to render a frame. Wrapping
 * splits text nodes, and the browser then lays out each touched paragraph again: on a 5 MB page with every mention
 * on, unbounded wrapping made frames of 100-200 ms of layout and style. About 40,000 characters cost some 25 ms.
 */
export const WRAP_CHARS_PER_FRAME = 12_000;

export async function annotatePass(
  roots: readonly (Element | ShadowRoot)[],
  engine: Engine,
  options: PassOptions,
  state: PageState,
  highlighter: Highlighter,
  slicer: Slicer,
  reading: PassReading = {},
): Promise<PassResult> {
  const startMark = `backstory:pass-${++passCounter}`;
  performance.mark(startMark);
  const blocks: TextBlock[] = [];
  const bases: number[] = [];
  const candidates: Candidate[] = [];
  let base = 0;
  for (const root of roots) {
    for (const block of readBlocks(root, reading)) {
      reading.onBlock?.(block);
      blocks.push(block);
      bases.push(base);
      engine.matcher.scan(block.text, base, candidates);
      base += block.text.length + 1;
      if (slicer.due()) await slicer.yieldNow();
    }
  }
  const mentions = resolveMentions(candidates, state.present);
  for (const m of mentions) state.present.add(m.entry);

  const perBlock = mentionsByBlock(mentions, bases);

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
    // With the claims switch off, claims are neither detected nor listed: the switch saves their cost too.
    const claims = engine.detectClaims && options.kinds.claims ? engine.detectClaims(blocks[i].text, own, bases[i]) : [];
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
        const entry = engine.index.entries[m.entry];
        noteFound(entry.id, entry.kind, entry.name);
        if (!options.kinds[kindGroup(entry.kind)] || (!options.everyMention && state.highlighted.has(entry.id))) continue;
        state.highlighted.add(entry.id);
        specs.push({ start: m.start - bases[i], end: m.end - bases[i], id: entry.id, claim: false, group: state.nextGroup++ });
      }
    }
    if (specs.length) {
      marks.push(...highlighter.wrapBlock(blocks[i], specs));
      wrappedChars += blocks[i].text.length;
    }
    if (wrappedChars >= WRAP_CHARS_PER_FRAME) {
      wrappedChars = 0;
      await slicer.nextFrame();
    } else if (slicer.due()) await slicer.yieldNow();
  }
  const busyMs = slicer.finish();
  const chars = base;
  performance.measure('backstory:annotate', { start: startMark, detail: { busyMs, chars, mentions: mentions.length, claims: claimCount } });
  performance.clearMarks(startMark);
  return { marks, mentions: mentions.length, claims: claimCount, chars, busyMs };
}
