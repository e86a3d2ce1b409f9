/**
 * An invalid dataset fails the build with one clear line per problem, naming file, entry and field. The build
 * prints `formatProblem` of what `loadDataset` finds; here a copy of src/dataset is broken in one place at a time.
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { formatProblem } from '../../src/core/lint';
import { DATASET_DIR, loadDataset } from '../../scripts/lib/dataset';

let dir: string;
const baseline = new Set(loadDataset().problems.map(formatProblem));

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'backstory-dataset-'));
  cpSync(DATASET_DIR, dir, { recursive: true });
});

afterEach(() => rmSync(dir, { recursive: true, force: true }));

type Item = Record<string, unknown> & { id: string };

/** Changes the first entry of `file` in the copy; returns its id. */
function breakEntry(file: string, change: (entry: Item) => void): string {
  const path = join(dir, file);
  const entries = JSON.parse(readFileSync(path, 'utf8')) as Item[];
  change(entries[0]);
  writeFileSync(path, JSON.stringify(entries, null, 2));
  return entries[0].id;
}

/** Problems the broken copy has that the project's dataset does not. */
const newProblems = () => loadDataset(dir).problems.filter((p) => !baseline.has(formatProblem(p).replace(/^.*?(src\/dataset\/|[^/]+\.json)/, '$1')));

describe('an invalid dataset', () => {
  it('names file, entry and field of a non-https source link', () => {
    const id = breakEntry('people.json', (e) => {
      (e.sources as { url: string }[])[0].url = 'http://example.org/lavrov';
    });
    const problems = newProblems();
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ entry: id, field: 'sources[0].url' });
    expect(problems[0].file).toMatch(/people\.json$/);
    expect(formatProblem(problems[0])).toMatch(new RegExp(`people\\.json: entry "${id}", field sources\\[0\\]\\.url: must match pattern "\\^https://`));
  });

  it('names the field of a value of the wrong type or outside its enum', () => {
    const id = breakEntry('places.json', (e) => {
      e.kind = 'wizard';
      e.summary = 42;
    });
    const lines = newProblems().map(formatProblem);
    expect(lines.some((l) => /places\.json: entry "[^"]+", field kind: /.test(l) && l.includes(`"${id}"`)), lines.join('\n')).toBe(true);
    expect(lines.some((l) => l.includes(`entry "${id}", field summary: must be string`)), lines.join('\n')).toBe(true);
  });

  it('names the field that is missing', () => {
    const id = breakEntry('treaties.json', (e) => {
      delete e.name;
    });
    const lines = newProblems().map(formatProblem);
    expect(lines.some((l) => l.includes(`treaties.json: entry "${id}", field name: must have required property 'name'`)), lines.join('\n')).toBe(true);
  });

  it('names an except name that does not hold its alias', () => {
    const id = breakEntry('places.json', (e) => {
      (e.aliases as unknown[]).push({ text: 'Testland', except: ['South Testland', 'Testlandia Bank'] });
    });
    const lines = newProblems().map(formatProblem);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(new RegExp(`places\\.json: entry "${id}", field aliases\\[\\d+\\]\\.except\\[1\\]: "Testlandia Bank" does not hold the alias "Testland"`));
  });

  it('names the duplicate id and the other file that has it', () => {
    const other = JSON.parse(readFileSync(join(dir, 'places.json'), 'utf8'))[0].id as string;
    breakEntry('people.json', (e) => {
      e.id = other;
    });
    const lines = newProblems().map(formatProblem);
    expect(lines.some((l) => l.includes(`people.json: entry "${other}", field id: duplicate id (also in`) || l.includes(`places.json: entry "${other}", field id: duplicate id (also in`)), lines.join('\n')).toBe(true);
  });

  it('names a file that is not JSON', () => {
    writeFileSync(join(dir, 'events.json'), '[{"id": "broken",');
    const lines = newProblems().map(formatProblem);
    expect(lines.some((l) => /events\.json: entry "\(file\)", field \(json\): /.test(l)), lines.join('\n')).toBe(true);
  });
});
