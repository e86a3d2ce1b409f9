/**
 * "Timeline of this page": the key dates of everything the page mentions, in date order, each linked to its card.
 * A long timeline shows its most recent dates first (news is read for what happened lately) behind a button that
 * shows the earlier ones, so the switches below stay a short scroll away.
 */
import type { JSX } from 'preact';
import { useRef } from 'preact/hooks';
import type { TimelineItem } from '../../src/core/timeline';
import type { Translate } from '../../src/ui/Card';
import { moveFocus } from './focus';

/** Dates shown before "show earlier": about one screen of the 600px popup. */
export const TIMELINE_PREVIEW = 8;

export interface TimelineProps {
  items: TimelineItem[];
  /** Opens a card; `from` is the `data-key` of the row, to give focus back to on return. */
  onOpen: (id: string, from: string) => void;
  /** Whether the earlier dates are shown (kept by the App, so it survives a visit to a card). */
  expanded: boolean;
  onExpand: () => void;
  t: Translate;
}

export function Timeline({ items, onOpen, expanded, onExpand, t }: TimelineProps) {
  const list = useRef<HTMLOListElement>(null);
  const hidden = expanded ? 0 : Math.max(0, items.length - TIMELINE_PREVIEW);
  const onKeyDown = (e: JSX.TargetedKeyboardEvent<HTMLOListElement>) => void moveFocus(e, e.currentTarget, 'button');
  const showEarlier = () => {
    onExpand();
    // The button goes away: focus moves to the first (earliest) date rather than to the document.
    requestAnimationFrame(() => list.current?.querySelector('button')?.focus());
  };
  return (
    <>
      {hidden > 0 && (
        <button type="button" class="more" onClick={showEarlier}>
          {t('popupTimelineEarlier', String(hidden))}
        </button>
      )}
      <ol class="timeline" ref={list} onKeyDown={onKeyDown}>
        {items.slice(hidden).map((item, i) => {
          const key = `timeline:${hidden + i}`;
          return (
            <li key={key}>
              <time dateTime={item.iso}>{item.text}</time>
              <span class="what">
                <button type="button" class="link" data-key={key} onClick={() => onOpen(item.id, key)}>
                  {item.name}
                </button>{' '}
                <span class="label">{item.label}</span>
              </span>
            </li>
          );
        })}
      </ol>
    </>
  );
}
