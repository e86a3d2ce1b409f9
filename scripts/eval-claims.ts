/**
 * `npx tsx scripts/eval-claims.ts [eval-set.json]`: measures claim detection on the labelled sentences of
 * `tests/claims/eval-set.json` (our own sentences: paraphrases, negations, denials, near misses, off-topic).
 * Prints a per-claim table, then a last line `precision P recall R (N sentences)`; exit 1 below the goals.
 *
 * Scoring: the detector reports at most one claim per sentence. An item's `claims` lists the claims it makes
 * (usually one; several when any of them is a right answer). A reported claim in that list is a true
 * positive, any other reported claim a false positive; an item with claims and none of them reported is a
 * false negative.
 */
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ClaimDetector, compileClaims, type ClaimDef } from '../src/core/claims';
import { compileIndex, type CompiledIndex } from '../src/core/compiled';
import { Matcher, resolveMentions } from '../src/core/matcher';
import { loadDataset, ROOT } from './lib/dataset';

export const PRECISION_GOAL = 0.9;
export const RECALL_GOAL = 0.8;
export const EVAL_SET = join(ROOT, 'tests/claims/eval-set.json');

export interface EvalItem {
  text: string;
  claims: string[];
}

export interface ClaimRow {
  id: string;
  tp: number;
  fp: number;
  fn: number;
}

export interface EvalResult {
  precision: number;
  recall: number;
  sentences: number;
  rows: ClaimRow[];
  /** Items the detector got wrong, for debugging: what was expected and what was found. */
  errors: { text: string; expected: string[]; found: string[] }[];
}

/** The project's dataset, compiled: alias index, matcher and claim detector, as the extension builds them. */
export interface ClaimPipeline {
  index: CompiledIndex;
  defs: ClaimDef[];
  /** Claim ids found in a text, in order. */
  find(text: string): string[];
}

export function loadPipeline(): ClaimPipeline {
  const data = loadDataset();
  const defs = data.claims as ClaimDef[];
  const index = compileIndex(data.entries);
  const matcher = new Matcher(index);
  const detector = new ClaimDetector(compileClaims(defs, index));
  return {
    index,
    defs,
    find: (text) => detector.detect(text, resolveMentions(matcher.scan(text))).map((m) => m.id),
  };
}

export function evaluate(items: readonly EvalItem[], find: (text: string) => string[], ids: readonly string[]): EvalResult {
  const rows = new Map<string, ClaimRow>(ids.map((id) => [id, { id, tp: 0, fp: 0, fn: 0 }]));
  const row = (id: string) => {
    let r = rows.get(id);
    if (!r) rows.set(id, (r = { id, tp: 0, fp: 0, fn: 0 }));
    return r;
  };
  const errors: EvalResult['errors'] = [];
  let tp = 0;
  let fp = 0;
  let fn = 0;
  for (const item of items) {
    const found = [...new Set(find(item.text))];
    let hit = false;
    for (const id of found) {
      if (item.claims.includes(id)) {
        row(id).tp++;
        tp++;
        hit = true;
      } else {
        row(id).fp++;
        fp++;
      }
    }
    if (item.claims.length && !hit) {
      row(item.claims[0]).fn++;
      fn++;
    }
    if ((item.claims.length && !hit) || found.some((id) => !item.claims.includes(id))) errors.push({ text: item.text, expected: item.claims, found });
  }
  return {
    precision: tp + fp ? tp / (tp + fp) : 1,
    recall: tp + fn ? tp / (tp + fn) : 1,
    sentences: items.length,
    rows: [...rows.values()],
    errors,
  };
}

function pad(s: string | number, n: number): string {
  return String(s).padEnd(n);
}

function main(): void {
  const file = resolve(process.argv[2] ?? EVAL_SET);
  const items = JSON.parse(readFileSync(file, 'utf8')) as EvalItem[];
  const pipeline = loadPipeline();
  const result = evaluate(items, pipeline.find, pipeline.defs.map((d) => d.id));
  const width = Math.max(...result.rows.map((r) => r.id.length)) + 2;
  console.log(`${pad('claim', width)}${pad('tp', 5)}${pad('fp', 5)}${pad('fn', 5)}precision recall`);
  for (const r of result.rows) {
    const p = r.tp + r.fp ? (r.tp / (r.tp + r.fp)).toFixed(2) : '-';
    const rc = r.tp + r.fn ? (r.tp / (r.tp + r.fn)).toFixed(2) : '-';
    console.log(`${pad(r.id, width)}${pad(r.tp, 5)}${pad(r.fp, 5)}${pad(r.fn, 5)}${pad(p, 10)}${rc}`);
  }
  if (result.errors.length) {
    console.log('\nerrors:');
    for (const e of result.errors) console.log(`  expected [${e.expected.join(', ')}] found [${e.found.join(', ')}]: ${e.text}`);
  }
  console.log(`precision ${result.precision.toFixed(3)} recall ${result.recall.toFixed(3)} (${result.sentences} sentences)`);
  process.exit(result.precision >= PRECISION_GOAL && result.recall >= RECALL_GOAL ? 0 : 1);
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) main();
