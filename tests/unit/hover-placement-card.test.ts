import { describe, expect, it } from 'vitest';
import { entryCard, formatDate, isSafeUrl } from '../../src/core/card';
import { HIDE_DELAY_MS, hoverReducer, initialHover, SHOW_DELAY_MS, type HoverEvent, type HoverState } from '../../src/core/hover';
import { GAP_PX, MIN_SHRUNK_PX, placeCard, spanRect } from '../../src/core/placement';
import type { Entry } from '../../src/core/types';

function run(events: HoverEvent[], state: HoverState = initialHover) {
  let effect;
  for (const e of events) ({ state, effect } = hoverReducer(state, e));
  return { state, effect };
}

describe('hover reducer', () => {
  it('waits for the intent delay before opening on hover', () => {
    const { state, effect } = run([{ type: 'enter', target: '1' }]);
    expect(state.phase).toBe('dwell');
    expect(effect).toEqual({ type: 'schedule', ms: SHOW_DELAY_MS, token: state.token });
    expect(run([{ type: 'timer', token: state.token }], state).state.phase).toBe('open');
  });

  it('ignores a late timer from an earlier target', () => {
    const first = run([{ type: 'enter', target: '1' }]).state;
    const second = run([{ type: 'leave' }, { type: 'enter', target: '2' }], first).state;
    expect(run([{ type: 'timer', token: first.token }], second).state).toEqual(second);
  });

  it('passing over a highlight opens nothing', () => {
    expect(run([{ type: 'enter', target: '1' }, { type: 'leave' }]).state.phase).toBe('idle');
  });

  it('keeps the card while the pointer moves onto it, closes after leaving', () => {
    const open = run([{ type: 'enter', target: '1' }]);
    const opened = run([{ type: 'timer', token: open.state.token }], open.state).state;
    const leaving = run([{ type: 'leave' }], opened);
    expect(leaving.state.phase).toBe('leaving');
    expect(leaving.effect).toEqual({ type: 'schedule', ms: HIDE_DELAY_MS, token: leaving.state.token });
    expect(run([{ type: 'cardEnter' }], leaving.state).state.phase).toBe('open');
    expect(run([{ type: 'timer', token: leaving.state.token }], leaving.state).state.phase).toBe('idle');
  });

  it('opens at once on keyboard focus and closes on Escape', () => {
    const focused = run([{ type: 'focus', target: '3' }]).state;
    expect(focused).toMatchObject({ phase: 'open', target: '3', via: 'focus' });
    expect(run([{ type: 'escape' }], focused).state.phase).toBe('idle');
  });
});

describe('placement', () => {
  const viewport = { width: 1000, height: 800 };
  const card = { width: 300, height: 200 };
  it('goes below the anchor when it fits', () => {
    expect(placeCard({ left: 100, top: 100, width: 50, height: 20 }, card, viewport)).toEqual({ left: 100, top: 120 + GAP_PX, side: 'below', maxHeight: null });
  });
  it('flips above near the bottom', () => {
    const p = placeCard({ left: 100, top: 700, width: 50, height: 20 }, card, viewport);
    expect(p.side).toBe('above');
    expect(p.top).toBe(700 - GAP_PX - 200);
  });
  it('shifts to stay inside the viewport', () => {
    expect(placeCard({ left: 950, top: 100, width: 40, height: 20 }, card, viewport).left).toBe(1000 - 300 - GAP_PX);
    expect(placeCard({ left: -20, top: 100, width: 40, height: 20 }, card, viewport).left).toBe(GAP_PX);
  });
  it('fits on neither side: shrinks to the roomier side instead of covering the anchor', () => {
    // A 460 px card, a three-line highlight in the middle of a 900 px viewport: 395 px of room on either side.
    const anchor = { left: 100, top: 411, width: 600, height: 78 };
    const p = placeCard(anchor, { width: 380, height: 460 }, { width: 1200, height: 900 });
    expect(p).toEqual({ left: 100, top: 411 + 78 + GAP_PX, side: 'below', maxHeight: 900 - GAP_PX - (411 + 78 + GAP_PX) });
    expect(p.top).toBeGreaterThanOrEqual(anchor.top + anchor.height);
    const high = placeCard({ ...anchor, top: 560 }, { width: 380, height: 460 }, { width: 1200, height: 900 });
    expect(high.side).toBe('above');
    expect(high.top + high.maxHeight!).toBeLessThanOrEqual(560 - GAP_PX);
    expect(high.top).toBeGreaterThanOrEqual(GAP_PX);
  });

  it('keeps its height where either side would leave it under MIN_SHRUNK_PX', () => {
    const p = placeCard({ left: 10, top: 100, width: 40, height: 200 }, { width: 300, height: 400 }, { width: 1000, height: 420 });
    expect(p.maxHeight).toBeNull();
    expect(MIN_SHRUNK_PX).toBeGreaterThan(100);
  });

  it('stays inside a viewport too short for it', () => {
    const p = placeCard({ left: 10, top: 50, width: 40, height: 20 }, { width: 300, height: 900 }, viewport);
    expect(p.top).toBeGreaterThanOrEqual(GAP_PX);
  });
});

describe('spanRect: the anchor of a highlight over several lines', () => {
  const lines = [
    { left: 600, top: 100, width: 150, height: 20 },
    { left: 0, top: 0, width: 0, height: 0 }, // an empty box (a line break inside the mark)
    { left: 100, top: 120, width: 650, height: 20 },
    { left: 100, top: 140, width: 300, height: 20 },
  ];

  it('is the box around every line box, empty ones left out', () => {
    expect(spanRect(lines)).toEqual({ left: 100, top: 100, width: 650, height: 60 });
    expect(spanRect([])).toBeNull();
    expect(spanRect([{ left: 5, top: 5, width: 0, height: 0 }])).toBeNull();
  });

  it('puts the card below the last line, not over the second, or above the first when there is no room below', () => {
    const viewport = { width: 1000, height: 800 };
    expect(placeCard(spanRect(lines)!, { width: 300, height: 200 }, viewport)).toEqual({ left: 100, top: 160 + GAP_PX, side: 'below', maxHeight: null });
    const low = lines.map((r) => (r.height ? { ...r, top: r.top + 500 } : r));
    expect(placeCard(spanRect(low)!, { width: 300, height: 200 }, viewport)).toEqual({ left: 100, top: 600 - GAP_PX - 200, side: 'above', maxHeight: null });
  });
});

describe('card model', () => {
  it('formats dates at their precision', () => {
    expect(formatDate('1949-04-04', 'day')).toBe('4 April 1949');
    expect(formatDate('2022-03', 'month')).toBe('March 2022');
    expect(formatDate('2014', 'year')).toBe('2014');
    expect(formatDate('2022-03-29', 'month')).toBe('March 2022');
  });

  it('accepts only https links', () => {
    expect(isSafeUrl('https://www.nato.int/')).toBe(true);
    expect(isSafeUrl('http://www.nato.int/')).toBe(false);
    expect(isSafeUrl('javascript:alert(1)')).toBe(false);
    expect(isSafeUrl('not a url')).toBe(false);
  });

  it('builds a card with sorted dates, sources and related names', () => {
    const entry: Entry = {
      id: 'x', kind: 'treaty', name: 'X Treaty', aliases: [], summary: 'A treaty for tests.', asOf: '2025-08-21',
      dates: [{ date: '2001', precision: 'year', label: 'Later', source: 0 }, { date: '1949-04-04', precision: 'day', label: 'Signed', source: [1, 0, 1] }],
      facts: [{ label: 'Says', value: 'Something', source: 1, note: 'Sources differ' }],
      related: ['y', 'missing'],
      sources: [
        { title: 'A', publisher: 'P', url: 'https://a.example/', accessed: '2025-08-21' },
        { title: 'B', publisher: 'Q', url: 'https://b.example/', accessed: '2025-08-22' },
      ],
    };
    const card = entryCard(entry, (id) => (id === 'y' ? 'Y' : undefined));
    expect(card.dates.map((d) => d.text)).toEqual(['4 April 1949', '2001']);
    expect(card.dates[0].sources).toEqual([0, 1]); // in reading order, each once
    expect(card.facts[0]).toEqual({ label: 'Says', value: 'Something', note: 'Sources differ', sources: [1] });
    expect(card.related).toEqual([{ id: 'y', name: 'Y' }]);
    expect(card.asOf).toBe('21 August 2025');
  });
});
