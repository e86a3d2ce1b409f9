/**
 * The timeline of a page: the key dates of everything it mentions, merged into one list in date order.
 * Pure, no DOM: the popup renders it, each row linked to its entry's card.
 */
import type { CardModel } from './card';

export interface TimelineItem {
  /** ISO date at its precision: "1949-04-04", "2022-03", "1991". */
  iso: string;
  /** The date as the card shows it, at its precision ("4 April 1949", "March 2022", "1991"). */
  text: string;
  label: string;
  /** The entry (or claim) the date belongs to. */
  id: string;
  name: string;
  kind: CardModel['kind'];
}

/**
 * Merges the dates of the cards of `ids` (page order; repeated and unknown ids are skipped) in date order.
 * ISO strings compare as dates at any precision ("1991" < "1991-08-24" < "1992"), so a plain string sort works;
 * for the same date, page order is kept (the sort is stable), so what the reader met first comes first.
 */
export function mergeTimeline(ids: readonly string[], cardOf: (id: string) => CardModel | null | undefined): TimelineItem[] {
  const seen = new Set<string>();
  const items: TimelineItem[] = [];
  for (const id of ids) {
    if (seen.has(id)) continue;
    seen.add(id);
    const card = cardOf(id);
    if (!card) continue;
    for (const d of card.dates) items.push({ iso: d.iso, text: d.text, label: d.label, id: card.id, name: card.name, kind: card.kind });
  }
  return items.sort((a, b) => (a.iso < b.iso ? -1 : a.iso > b.iso ? 1 : 0));
}
