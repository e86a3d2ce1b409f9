/**
 * Loads `src/dataset/*.json`, validates each file against its JSON Schema and the cross-file rules, and
 * compiles what the extension ships. Used by the build, the tests and the CLIs, so all agree.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { Ajv, type ErrorObject } from 'ajv';
import { lintDataset, type Problem, type DatasetFile, type LintableItem } from '../../src/core/lint';
import type { Entry } from '../../src/core/types';
import { claimPatternProblems, type ClaimDef } from '../../src/core/claims';

export const ROOT = resolve(import.meta.dirname, '../..');
export const DATASET_DIR = join(ROOT, 'src/dataset');
export const CLAIMS_FILE = 'claims.json';

export interface LoadedDataset {
  entries: Entry[];
  /** Raw claim definitions (validated against claim.schema.json). */
  claims: unknown[];
  problems: Problem[];
}

function schema(name: string): object {
  return JSON.parse(readFileSync(join(DATASET_DIR, 'schema', name), 'utf8'));
}

/** `/3/sources/0/url` -> `sources[0].url`, the way lint problems name fields. */
function fieldPath(parts: string[]): string {
  return parts.map((p, i) => (/^\d+$/.test(p) ? `[${p}]` : i ? `.${p}` : p)).join('');
}

function ajvProblems(file: string, data: unknown, errors: ErrorObject[] | null | undefined): Problem[] {
  return (errors ?? []).map((err) => {
    const parts = err.instancePath.split('/').slice(1);
    const index = Number(parts[0]);
    const item = Array.isArray(data) ? (data[index] as { id?: unknown } | undefined) : undefined;
    const entry = typeof item?.id === 'string' ? item.id : `#${parts[0] ?? '?'}`;
    // A missing property is named as the field, not its parent object.
    if (err.keyword === 'required') parts.push((err.params as { missingProperty: string }).missingProperty);
    const field = fieldPath(parts.slice(1)) || '(entry)';
    const extra = err.keyword === 'additionalProperties' ? ` (${(err.params as { additionalProperty: string }).additionalProperty})` : '';
    return { file, entry, field, message: `${err.message ?? 'invalid'}${extra}` };
  });
}

/** Indexes of the items that the schema rejected (their problems are reported; the lint rules skip them). */
function invalidItems(errors: ErrorObject[] | null | undefined): Set<number> {
  const out = new Set<number>();
  for (const err of errors ?? []) {
    const first = err.instancePath.split('/')[1];
    if (first !== undefined && /^\d+$/.test(first)) out.add(Number(first));
  }
  return out;
}

/** Reads and checks the dataset in `dir` (default: the project's). Never throws for content problems. */
export function loadDataset(dir = DATASET_DIR, today = new Date().toISOString().slice(0, 10)): LoadedDataset {
  const ajv = new Ajv({ allErrors: true, strict: false });
  const validateEntries = ajv.compile(schema('entry.schema.json'));
  let validateClaims: ReturnType<typeof ajv.compile> | null = null;
  try {
    validateClaims = ajv.compile(schema('claim.schema.json'));
  } catch {
    validateClaims = null;
  }
  const problems: Problem[] = [];
  const entryFiles: DatasetFile<Entry>[] = [];
  let claims: unknown[] = [];
  const claimFiles: DatasetFile<LintableItem>[] = [];
  const lintFiles: DatasetFile<Entry>[] = [];
  /** Ids of the items left out of the lint rules: references to them are not "no entry with id". */
  const skipped = new Set<unknown>();
  const lintable = (bad: Set<number>) => (item: { id?: unknown } | null, i: number): boolean => {
    if (!bad.has(i)) return true;
    skipped.add(item?.id);
    return false;
  };
  for (const name of readdirSync(dir).filter((f) => f.endsWith('.json')).sort()) {
    const file = relative(ROOT, join(dir, name));
    let data: unknown;
    try {
      data = JSON.parse(readFileSync(join(dir, name), 'utf8'));
    } catch (err) {
      problems.push({ file, entry: '(file)', field: '(json)', message: (err as Error).message });
      continue;
    }
    // Items the schema rejects are reported once, by the schema: the lint rules, which expect the schema's types,
    // see only the others (a summary of the wrong type must give a clear line, not crash the build).
    if (name === CLAIMS_FILE) {
      let bad = new Set<number>();
      if (validateClaims && !validateClaims(data)) {
        problems.push(...ajvProblems(file, data, validateClaims.errors));
        bad = invalidItems(validateClaims.errors);
      }
      claims = Array.isArray(data) ? data : [];
      claimFiles.push({ file, entries: (claims as LintableItem[]).filter(lintable(bad)) });
      continue;
    }
    let bad = new Set<number>();
    if (!validateEntries(data)) {
      problems.push(...ajvProblems(file, data, validateEntries.errors));
      if (!Array.isArray(data)) continue;
      bad = invalidItems(validateEntries.errors);
    }
    lintFiles.push({ file, entries: (data as Entry[]).filter(lintable(bad)) });
    entryFiles.push({ file, entries: data as Entry[] });
  }
  const dangling = /^no entry with id "(.*)"$/;
  problems.push(...lintDataset([...lintFiles, ...claimFiles], today).filter((p) => !skipped.has(dangling.exec(p.message)?.[1])));
  const all = entryFiles.flatMap((f) => f.entries);
  for (const { file, entries } of claimFiles) {
    for (const p of claimPatternProblems(entries as unknown as ClaimDef[], all)) problems.push({ file, entry: p.claim, field: p.field, message: p.message });
  }
  return { entries: entryFiles.flatMap((f) => f.entries), claims, problems };
}
