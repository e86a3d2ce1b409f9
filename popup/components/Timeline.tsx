/** "Timeline of this page": the key dates of everything the page mentions, in date order, each linked to its card. */
import type { JSX } from 'preact';
import type { TimelineItem } from '../../src/core/timeline';
import { moveFocus } from './focus';

export interface TimelineProps {
  items: TimelineItem[];
  /** Opens a card; `from` is the `data-key` of the row, to give focus back to on return. */
  onOpen: (id: string, from: string) => void;
}

export function Timeline({ items, onOpen }: TimelineProps) {
  const onKeyDown = (e: JSX.TargetedKeyboardEvent<HTMLOListElement>) => void moveFocus(e, e.currentTarget, 'button');
  return (
    <ol class="timeline" onKeyDown={onKeyDown}>
      {items.map((item, i) => (
        <li key={`${item.id}:${item.iso}:${i}`}>
          <time dateTime={item.iso}>{item.text}</time>
          <span class="what">
            <button type="button" class="link" data-key={`timeline:${i}`} onClick={() => onOpen(item.id, `timeline:${i}`)}>
              {item.name}
            </button>{' '}
            <span class="label">{item.label}</span>
          </span>
        </li>
      ))}
    </ol>
  );
}
