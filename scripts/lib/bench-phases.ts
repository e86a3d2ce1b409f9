/**
 * Where one load's measured time goes, phase by phase (`npm run bench:phases`): the pure part, which sums a load's
 * measures (content-scripts/loader.ts, annotator.ts, app.ts and main.ts write them) into named phases.
 */
import type { Pass } from './bench-browser';
import { median } from './bench-report';

/** What a measure's `detail` may hold besides `busyMs` (an engine pass's own timings, a setup's name). */
type Detail = Pass & { what?: string; readMs?: number; scanMs?: number; claimsMs?: number; wrapMs?: number; rootMs?: number };

/** The phases of one load, in milliseconds of main-thread time (busy time: waits for the background left out). */
export interface Phases {
  /** Building the loader's key sets (`backstory:setup`, what `keys`). */
  keys: number;
  /** The loader's checks: finding the article root and reading it until a key turns up. */
  check: number;
  /** Starting the engine's session. */
  session: number;
  /** In the engine's passes: finding a root (later passes), reading blocks, sending texts, claims, wrapping. */
  root: number;
  read: number;
  scan: number;
  claims: number;
  wrap: number;
  /** The rest of the passes' busy time: resolving mentions, the bookkeeping, compiling what runs the first time. */
  rest: number;
  /** Giving the marks their cards. */
  cards: number;
  /** Every measure of the load: what the benchmark's "annotate ms" counts. */
  total: number;
}

export const PHASES = ['keys', 'check', 'session', 'root', 'read', 'scan', 'claims', 'wrap', 'rest', 'cards', 'total'] as const satisfies readonly (keyof Phases)[];

/** Sums one load's measures into phases. A setup of another name counts in the total only. */
export function phasesOf(passes: readonly Pass[]): Phases {
  const p: Phases = { keys: 0, check: 0, session: 0, root: 0, read: 0, scan: 0, claims: 0, wrap: 0, rest: 0, cards: 0, total: 0 };
  for (const pass of passes as readonly Detail[]) {
    p.total += pass.busyMs;
    if (pass.check) p.check += pass.busyMs;
    else if (pass.setup) {
      if (pass.what === 'keys' || pass.what === 'session' || pass.what === 'cards') p[pass.what] += pass.busyMs;
    } else {
      const parts = { root: pass.rootMs ?? 0, read: pass.readMs ?? 0, scan: pass.scanMs ?? 0, claims: pass.claimsMs ?? 0, wrap: pass.wrapMs ?? 0 };
      for (const [k, v] of Object.entries(parts) as [keyof typeof parts, number][]) p[k] += v;
      p.rest += Math.max(0, pass.busyMs - parts.root - parts.read - parts.scan - parts.claims - parts.wrap);
    }
  }
  return p;
}

/** The median of each phase over several loads (each phase on its own, so the medians need not add up). */
export function medianPhases(loads: readonly Phases[]): Phases {
  const out = {} as Phases;
  for (const k of PHASES) out[k] = median(loads.map((l) => l[k])) ?? 0;
  return out;
}

/** One table: a row per page, a column per phase, then the floor and total/floor. */
export function formatPhases(rows: readonly { name: string; phases: Phases; floorMs: number | null }[]): string {
  const cols = [...PHASES, 'floor', 'ratio'];
  const width = Math.max(4, ...rows.map((r) => r.name.length));
  const cell = (s: string) => s.padStart(7);
  const lines = [`${'page'.padEnd(width)} ${cols.map((c) => cell(c)).join(' ')}`];
  for (const r of rows) {
    const values = [...PHASES.map((k) => r.phases[k].toFixed(2)), r.floorMs === null ? '-' : r.floorMs.toFixed(2), r.floorMs ? (r.phases.total / r.floorMs).toFixed(2) : '-'];
    lines.push(`${r.name.padEnd(width)} ${values.map(cell).join(' ')}`);
  }
  return lines.join('\n');
}
