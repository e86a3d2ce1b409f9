/**
 * Dataset rules beyond the JSON Schema: things a schema cannot see across entries or files.
 * Pure: takes parsed files, returns problems, each naming file, entry and field.
 */
import { aliasObject, SUMMARY_MAX_WORDS, type Entry } from './types';
import { foldPhrase } from './text';

export interface Problem {
  file: string;
  entry: string;
  field: string;
  message: string;
}

export interface DatasetFile<T = Entry> {
  file: string;
  entries: T[];
}

export function formatProblem(p: Problem): string {
  return `${p.file}: entry "${p.entry}", field ${p.field}: ${p.message}`;
}

/** Anything with the shared shape of entries and claims, for the cross-file checks. */
export interface LintableItem {
  id: string;
  name?: string;
  aliases?: Entry['aliases'];
  summary?: string;
  related?: string[];
  sources?: Entry['sources'];
  dates?: Entry['dates'];
  facts?: Entry['facts'];
  asOf?: string;
}

const PRECISION_LENGTH = { year: 4, month: 7, day: 10 } as const;

export function lintDataset(files: readonly DatasetFile<LintableItem>[], today: string): Problem[] {
  const problems: Problem[] = [];
  const ids = new Map<string, string>();
  const aliasOwner = new Map<string, { id: string; file: string }>();
  for (const { file, entries } of files) {
    for (const e of entries) {
      const at = (field: string, message: string) => problems.push({ file, entry: e.id, field, message });
      if (ids.has(e.id)) at('id', `duplicate id (also in ${ids.get(e.id)})`);
      ids.set(e.id, file);
    }
  }
  for (const { file, entries } of files) {
    for (const e of entries) {
      const at = (field: string, message: string) => problems.push({ file, entry: e.id, field, message });
      const sourceCount = e.sources?.length ?? 0;
      if (!sourceCount) at('sources', 'has no source');
      e.sources?.forEach((s, i) => {
        if (!/^https:\/\//.test(s.url)) at(`sources[${i}].url`, `not an https link: ${s.url}`);
        if (s.accessed > today) at(`sources[${i}].accessed`, `date in the future: ${s.accessed}`);
      });
      if (e.summary !== undefined) {
        const words = e.summary.trim().split(/\s+/).length;
        if (words > SUMMARY_MAX_WORDS) at('summary', `${words} words, more than ${SUMMARY_MAX_WORDS}`);
      }
      if (e.asOf && e.asOf > today) at('asOf', `date in the future: ${e.asOf}`);
      e.dates?.forEach((d, i) => {
        if (d.date.slice(0, 10) > today) at(`dates[${i}].date`, `date in the future: ${d.date}`);
        if (d.date.length !== PRECISION_LENGTH[d.precision]) at(`dates[${i}].precision`, `"${d.precision}" does not fit the date ${d.date}`);
        for (const s of [d.source].flat()) if (s >= sourceCount) at(`dates[${i}].source`, `no source #${s}`);
      });
      e.facts?.forEach((f, i) => {
        for (const s of [f.source].flat()) if (s >= sourceCount) at(`facts[${i}].source`, `no source #${s}`);
      });
      e.related?.forEach((r, i) => {
        if (!ids.has(r)) at(`related[${i}]`, `no entry with id "${r}"`);
        if (r === e.id) at(`related[${i}]`, 'an entry is not related to itself');
      });
      e.aliases?.forEach((raw, i) => {
        const a = aliasObject(raw);
        const folded = foldPhrase(a.text);
        if (!folded) at(`aliases[${i}]`, `alias "${a.text}" has no letters or digits`);
        const owner = aliasOwner.get(folded);
        if (owner && owner.id !== e.id) at(`aliases[${i}]`, `alias "${a.text}" is also an alias of "${owner.id}" (${owner.file})`);
        aliasOwner.set(folded, { id: e.id, file });
        a.when?.page?.forEach((p, j) => {
          if (!ids.has(p)) at(`aliases[${i}].when.page[${j}]`, `no entry with id "${p}"`);
        });
        a.except?.forEach((phrase, j) => {
          const longer = foldPhrase(phrase);
          if (longer === folded || !` ${longer} `.includes(` ${folded} `)) {
            at(`aliases[${i}].except[${j}]`, `"${phrase}" does not hold the alias "${a.text}" and more words`);
          }
        });
      });
    }
  }
  return problems;
}
