/**
 * Glossary search box and its results. Results are buttons in a list: Tab reaches them, the arrow keys move
 * between them (and from the box to the first one), Enter or Space opens one. A status line says how many
 * entries there are, how many match, or that nothing does, and is announced as it changes.
 */
import type { JSX } from 'preact';
import { KIND_MESSAGE } from '../../src/core/card';
import { firstSentence, type SearchHit } from '../../src/core/search';
import type { Translate } from '../../src/ui/Card';
import { moveFocus } from './focus';

/** Results shown at most; a one- or two-letter query can match most of the glossary. */
export const MAX_RESULTS = 50;
export const SEARCH_ID = 'search';
const RESULTS_ID = 'results';

export interface SearchBoxProps {
  query: string;
  onQuery: (query: string) => void;
  /** Entries in the glossary, or null while it loads. */
  size: number | null;
  /** The glossary could not be loaded. */
  failed?: boolean;
  t: Translate;
}

export function SearchBox({ query, onQuery, size, failed, t }: SearchBoxProps) {
  const onKeyDown = (e: JSX.TargetedKeyboardEvent<HTMLInputElement>) => {
    if (e.key === 'ArrowDown') {
      const first = document.getElementById(RESULTS_ID)?.querySelector('button');
      if (first) {
        e.preventDefault();
        first.focus();
      }
    } else if (e.key === 'Escape' && query) {
      // Clears the query; on an empty box Escape is left alone, for the browser to use.
      e.preventDefault();
      e.stopPropagation();
      onQuery('');
    }
  };
  return (
    <div class="search">
      <input
        id={SEARCH_ID}
        type="search"
        aria-label={t('popupSearch')}
        placeholder={t('popupSearchPlaceholder')}
        aria-describedby="search-status"
        autocomplete="off"
        spellcheck={false}
        value={query}
        onInput={(e) => onQuery(e.currentTarget.value)}
        onKeyDown={onKeyDown}
      />
      <p id="search-status" class="status muted" role="status">
        {statusText(query, size, failed, t)}
      </p>
    </div>
  );
}

function statusText(query: string, size: number | null, failed: boolean | undefined, t: Translate): string | null {
  if (failed) return t('popupGlossaryFailed');
  if (size === null) return t('cardLoading');
  return query.trim() ? null : t('popupGlossaryHint', String(size));
}

export interface ResultsProps {
  query: string;
  hits: SearchHit[];
  /** Opens a card; `from` is the `data-key` of the row, to give focus back to on return. */
  onOpen: (id: string, from: string) => void;
  t: Translate;
}

/** The results of a non-empty query. */
export function Results({ query, hits, onOpen, t }: ResultsProps) {
  if (!hits.length) {
    return (
      <p class="empty" role="status">
        {t('popupNoResults', query.trim())}
      </p>
    );
  }
  const shown = hits.slice(0, MAX_RESULTS);
  const onKeyDown = (e: JSX.TargetedKeyboardEvent<HTMLUListElement>) => {
    if (moveFocus(e, e.currentTarget, 'button') === 'before-first') document.getElementById(SEARCH_ID)?.focus();
  };
  return (
    <>
      <p class="count muted" role="status">
        {t('popupResultCount', String(hits.length))}
      </p>
      <ul id={RESULTS_ID} class="rows" aria-label={t('popupResults')} onKeyDown={onKeyDown}>
        {shown.map((hit) => (
          <li key={hit.id}>
            <button type="button" class="row" data-key={`result:${hit.id}`} onClick={() => onOpen(hit.id, `result:${hit.id}`)}>
              <span class="row-head">
                <span class="name">{hit.name}</span>
                <span class={`kind kind-${hit.kind}`}>{t(KIND_MESSAGE[hit.kind])}</span>
              </span>
              {hit.matched && <span class="also">{t('popupAlsoCalled', hit.matched)}</span>}
              <span class="line">{firstSentence(hit.summary)}</span>
            </button>
          </li>
        ))}
      </ul>
    </>
  );
}
