/** `npm run bench:phases`: one load's measures summed into phases, medians over loads, the table. */
import { describe, expect, it } from 'vitest';
import type { Pass } from '../../scripts/lib/bench-browser';
import { formatPhases, medianPhases, phasesOf } from '../../scripts/lib/bench-phases';

const measure = (over: Partial<Pass> & Record<string, unknown>): Pass => ({ check: false, setup: false, start: 0, duration: 1, busyMs: 0, chars: 0, mentions: 0, ...over });

describe('phasesOf', () => {
  const load = [
    measure({ setup: true, what: 'keys', busyMs: 0.2 }),
    measure({ check: true, busyMs: 0.6 }),
    measure({ setup: true, what: 'session', busyMs: 0.1 }),
    measure({ busyMs: 4, rootMs: 0, readMs: 1, scanMs: 0.25, claimsMs: 0.25, wrapMs: 1.5 }),
    measure({ busyMs: 1, readMs: 0.5, rootMs: 0.25 }),
    measure({ setup: true, what: 'cards', busyMs: 0.5 }),
  ];

  it('puts each measure in its phase, an engine pass by its own timings and the rest of its busy time', () => {
    const want = { keys: 0.2, check: 0.6, session: 0.1, root: 0.25, read: 1.5, scan: 0.25, claims: 0.25, wrap: 1.5, rest: 1.25, cards: 0.5, total: 6.4 };
    const got = phasesOf(load);
    expect(Object.keys(got).sort()).toEqual(Object.keys(want).sort());
    for (const [k, v] of Object.entries(want)) expect(got[k as keyof typeof got], k).toBeCloseTo(v, 9);
  });

  it('counts a setup it does not know in the total only, and never a negative rest', () => {
    const p = phasesOf([measure({ setup: true, what: 'matcher', busyMs: 2 }), measure({ busyMs: 1, readMs: 1.2 })]);
    expect(p.total).toBe(3);
    expect(p.rest).toBe(0);
    expect(p.read).toBe(1.2);
  });

  it('is all zero for a load with no measure', () => {
    expect(Object.values(phasesOf([])).every((v) => v === 0)).toBe(true);
  });
});

describe('medianPhases and formatPhases', () => {
  it('takes each phase\'s median on its own, and prints a row per page with the ratio to the floor', () => {
    const a = phasesOf([measure({ check: true, busyMs: 1 }), measure({ busyMs: 3, readMs: 2 })]);
    const b = phasesOf([measure({ check: true, busyMs: 2 }), measure({ busyMs: 1, readMs: 1 })]);
    const c = phasesOf([measure({ check: true, busyMs: 3 }), measure({ busyMs: 2, readMs: 1 })]);
    const m = medianPhases([a, b, c]);
    expect(m.check).toBe(2);
    expect(m.read).toBe(1);
    expect(m.total).toBe(4);
    const table = formatPhases([{ name: 'yahoo-3', phases: m, floorMs: 2 }, { name: 'x', phases: m, floorMs: null }]).split('\n');
    expect(table[0].split(/\s+/)).toEqual(['page', 'keys', 'check', 'session', 'root', 'read', 'scan', 'claims', 'wrap', 'rest', 'cards', 'total', 'floor', 'ratio']);
    expect(table[1].split(/\s+/).slice(-3)).toEqual(['4.00', '2.00', '2.00']);
    expect(table[2].split(/\s+/).slice(-2)).toEqual(['-', '-']);
  });
});
