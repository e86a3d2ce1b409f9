import type { PageReport } from '../src/core/messages';
/**
 * What the popup needs from the outside world, passed into {@link App} as props so DOM tests use small fakes
 * and `main.tsx` wires the real browser APIs.
 */
import type { CardModel } from '../src/core/card';
import type { ContentCalls } from '../src/core/messages';
import type { SearchDoc } from '../src/core/search';

/**
 * The glossary as the first render needs it: every entry's search document (`data/glossary.json`, built by
 * `buildSearchDocs`). The cards themselves come after that render ({@link CardsLoader}).
 */
export interface PopupData {
  docs: SearchDoc[];
}

/** Every card by id (`data/cards.json`): for a card opened in the popup and the page's timeline. */
export type CardsLoader = () => Promise<Record<string, CardModel>>;

/** What the active tab's content script says about its page. */
export type PageInfo = ContentCalls['getPage']['reply'];

/** Talks to the content script of the active tab. Every call rejects where there is none (browser pages, PDFs). */
export interface PageClient {
  getPage(): Promise<PageInfo>;
  /** Scrolls the page to the first mention of `id` and opens its card. */
  reveal(id: string): Promise<unknown>;
  /**
   * Calls back whenever the tab's content script reports what it found (after a pass, or when a switch turns
   * highlights off or on there), so the list stays true while the popup is open. Returns the teardown.
   */
  watch?(callback: (report: PageReport) => void): () => void;
}

/** The part of `browser.commands.getAll()` the popup shows. */
export interface CommandInfo {
  name?: string;
  shortcut?: string;
}

/** The command whose shortcut the popup shows (manifest `commands`). */
export const TOGGLE_SITE_COMMAND = 'toggle-site';
