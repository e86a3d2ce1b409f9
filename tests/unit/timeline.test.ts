import { describe, it, expect } from 'vitest';
import type { CardDate, CardModel } from '../../src/core/card';
import { mergeTimeline } from '../../src/core/timeline';

function card(id: string, dates: [iso: string, text: string, label: string][]): CardModel {
  const cardDates: CardDate[] = dates.map(([iso, text, label]) => ({ iso, text, label, sources: [0] }));
  return { id, kind: 'place', name: id.toUpperCase(), summary: '', dates: cardDates, facts: [], sources: [], related: [], asOf: '2026' };
}

const CARDS: Record<string, CardModel> = {
  kyiv: card('kyiv', [['1934', '1934', 'Capital of Soviet Ukraine'], ['1991', '1991', 'Capital of independent Ukraine']]),
  nato: card('nato', [['1949-04-04', '4 April 1949', 'Founded'], ['1991-12', 'December 1991', 'Liaison council']]),
  ussr: card('ussr', [['1991-12-26', '26 December 1991', 'Dissolved'], ['1922-12-30', '30 December 1922', 'Founded']]),
  empty: card('empty', []),
};
const lookup = (id: string) => CARDS[id];

describe('mergeTimeline', () => {
  it('merges the dates of every entry in date order, across precisions', () => {
    const items = mergeTimeline(['kyiv', 'nato', 'ussr'], lookup);
    expect(items.map((i) => i.iso)).toEqual(['1922-12-30', '1934', '1949-04-04', '1991', '1991-12', '1991-12-26']);
  });

  it('keeps the precision text and links each date to its entry', () => {
    const [first] = mergeTimeline(['nato'], lookup);
    expect(first).toEqual({ iso: '1949-04-04', text: '4 April 1949', label: 'Founded', id: 'nato', name: 'NATO', kind: 'place' });
    expect(mergeTimeline(['nato'], lookup)[1].text).toBe('December 1991');
  });

  it('keeps page order for the same date', () => {
    const a = card('a', [['2000', '2000', 'A']]);
    const b = card('b', [['2000', '2000', 'B']]);
    const cards: Record<string, CardModel> = { a, b };
    expect(mergeTimeline(['b', 'a'], (id) => cards[id]).map((i) => i.id)).toEqual(['b', 'a']);
    expect(mergeTimeline(['a', 'b'], (id) => cards[id]).map((i) => i.id)).toEqual(['a', 'b']);
  });

  it('skips repeated ids, unknown ids and entries without dates', () => {
    const items = mergeTimeline(['kyiv', 'missing', 'kyiv', 'empty'], lookup);
    expect(items.map((i) => `${i.id}:${i.iso}`)).toEqual(['kyiv:1934', 'kyiv:1991']);
  });

  it('gives an empty timeline for a page with nothing on it', () => {
    expect(mergeTimeline([], lookup)).toEqual([]);
  });
});
