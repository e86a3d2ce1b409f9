/**
 * The one message contract between the popup, the background and the content script.
 * Each direction is a map from message name to its payload and its reply; `send` and `handle` in
 * `src/platform/messaging.ts` are typed by these maps, so both ends are checked by the compiler.
 */
import type { CardModel } from './card';
import type { IndexEntry } from './compiled';
import type { Candidate, Mention } from './matcher';

/** One thing found on a page, in order of first appearance. */
export interface FoundItem {
  id: string;
  kind: CardModel['kind'];
  name: string;
  count: number;
}

export interface PageReport {
  /** False where highlights are off for this page (switches), true while annotating or annotated. */
  active: boolean;
  found: FoundItem[];
}

/** One block of page text with its entity mentions (offsets into `text`). */
export interface ClaimBlock {
  text: string;
  mentions: Mention[];
}

/** A claim sentence found in a block (offsets into the block's text). */
export interface ClaimSpan {
  id: string;
  name: string;
  start: number;
  end: number;
}

/** Handled by the background, sent by content scripts and the popup. */
export interface BackgroundCalls {
  /**
   * A content script's loader has found a key word: inject the engine (`engine.js`) into its frame, unless
   * highlights are off on the tab's site. Replies false when it was not, else whether the highlights' style sheet
   * (src/core/mark-style.ts) was inserted into the frame too (docs/decisions/008-loader.md).
   */
  loadEngine: { payload: Record<string, never>; reply: false | { sheet: boolean } };
  /**
   * The prefilter's keys in scripts other than Latin (`EncodedKeys.remote`, src/core/prefilter.ts), which a loader
   * asks for the first time a text in one of those scripts needs them.
   */
  getKeys: { payload: Record<string, never>; reply: string };
  /**
   * The dataset's entries (id, kind, name), which the engine's mentions point to by position. Only these: the
   * aliases stay in the background with the matcher (the whole index was a 150 kB message each page's thread parsed).
   */
  getEntries: { payload: Record<string, never>; reply: { entries: IndexEntry[] } };
  /**
   * Candidate mentions in some blocks of a page (the first text at offset `base`, each next one a character after
   * the one before), from the background's matcher: built once per background lifetime and warm, where each page
   * would build its own and run it cold. `ms` is the matcher's time there.
   */
  scanBlocks: { payload: { texts: string[]; base: number }; reply: { candidates: Candidate[]; ms: number } };
  /**
   * Claim sentences of some blocks of a page, found in the background, off the page's main thread: the sentence
   * segmenter costs ~10 ms to create in each fresh page, and once in a long-lived background.
   */
  detectClaims: { payload: { blocks: ClaimBlock[] }; reply: { hits: ClaimSpan[][]; ms: number } };
  getCard: { payload: { id: string }; reply: CardModel | null };
  /** A content script says what it found, for the toolbar badge. */
  reportPage: { payload: PageReport; reply: void };
}

/** Handled by the content script of a tab, sent by the popup. */
export interface ContentCalls {
  getPage: { payload: Record<string, never>; reply: PageReport & { hostname: string } };
  /** Turns highlights on this page's site on or off (the keyboard shortcut); replies whether they are now on. */
  toggleSite: { payload: Record<string, never>; reply: boolean };
  /** Scroll to the first mention of an entry or claim and open its card. */
  reveal: { payload: { id: string }; reply: boolean };
}

export interface Envelope<Name extends string = string, Payload = unknown> {
  backstory: 1;
  name: Name;
  payload: Payload;
}

/** True for a well-formed envelope; anything else (another extension's or a page's message) is ignored. */
export function isEnvelope(value: unknown): value is Envelope {
  if (!value || typeof value !== 'object') return false;
  const v = value as Record<string, unknown>;
  return v.backstory === 1 && typeof v.name === 'string' && typeof v.payload === 'object' && v.payload !== null;
}
