/**
 * "On this page": what the content script found, in order of first appearance, with counts. Choosing one asks
 * the page to scroll to its first mention and open its card, then closes the popup so the reader sees it.
 */
import type { JSX } from 'preact';
import { KIND_MESSAGE } from '../../src/core/card';
import type { FoundItem } from '../../src/core/messages';
import type { Translate } from '../../src/ui/Card';
import { moveFocus } from './focus';

/** Where the popup is with the page: asking, no content script to ask, or its answer. */
export type PageState =
  | { status: 'loading' }
  | { status: 'unavailable' }
  | { status: 'ready'; hostname: string; active: boolean; found: FoundItem[] };

export interface PageListProps {
  page: PageState;
  /** Whether highlights are on for this page by the current settings (they may have changed since the answer). */
  on: boolean;
  onReveal: (id: string) => void;
  t: Translate;
}

export function PageList({ page, on, onReveal, t }: PageListProps) {
  if (page.status === 'loading') return <p class="muted">{t('popupPageLoading')}</p>;
  if (page.status === 'unavailable') return <p class="notice">{t('popupNoContentScript')}</p>;
  if (!page.active || !on) return <p class="muted">{t('popupPageOff')}</p>;
  if (!page.found.length) return <p class="muted">{t('popupNothingFound')}</p>;
  const onKeyDown = (e: JSX.TargetedKeyboardEvent<HTMLOListElement>) => void moveFocus(e, e.currentTarget, 'button');
  return (
    <ol class="rows page-list" onKeyDown={onKeyDown}>
      {page.found.map((item) => (
        <li key={item.id}>
          <button type="button" class={`row found kind-${item.kind}`} data-key={`page:${item.id}`} onClick={() => onReveal(item.id)}>
            <span class="row-head">
              <span class="name">{item.name}</span>
              <span class="kind">{t(KIND_MESSAGE[item.kind])}</span>
              <span class="count" title={t('popupMentions', String(item.count))}>
                <span aria-hidden="true">{item.count}</span>
                <span class="sr-only">{t('popupMentions', String(item.count))}</span>
              </span>
            </span>
          </button>
        </li>
      ))}
    </ol>
  );
}
