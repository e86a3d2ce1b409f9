/** `npm run dataset:stats`: entries by kind, claims, sources by publisher, and the size of what ships. */
import { gzipSync } from 'node:zlib';
import { loadDataset } from './lib/dataset';
import { compileDataset } from './lib/compile-dataset';
import { formatProblem } from '../src/core/lint';
import { aliasObject } from '../src/core/types';
import { buildSearchDocs } from '../src/core/search';

const data = loadDataset();
const byKind = new Map<string, number>();
const byPublisher = new Map<string, number>();
let aliases = 0;
let facts = 0;
let dates = 0;
for (const e of data.entries) {
  byKind.set(e.kind, (byKind.get(e.kind) ?? 0) + 1);
  aliases += e.aliases.length;
  facts += e.facts?.length ?? 0;
  dates += e.dates?.length ?? 0;
  for (const s of e.sources) byPublisher.set(s.publisher, (byPublisher.get(s.publisher) ?? 0) + 1);
}
for (const c of data.claims as { sources?: { publisher: string }[] }[]) {
  for (const s of c.sources ?? []) byPublisher.set(s.publisher, (byPublisher.get(s.publisher) ?? 0) + 1);
}
const conditional = data.entries.flatMap((e) => e.aliases.map(aliasObject)).filter((a) => a.when).length;
const shipped = compileDataset(data);
const kb = (s: string) => `${(Buffer.byteLength(s) / 1024).toFixed(1)} kB (${(gzipSync(s).length / 1024).toFixed(1)} kB gzipped)`;

console.log(`Entries: ${data.entries.length}`);
for (const [kind, n] of [...byKind].sort((a, b) => b[1] - a[1])) console.log(`  ${kind.padEnd(14)} ${n}`);
console.log(`Claims: ${data.claims.length}`);
console.log(`Aliases: ${aliases} (${conditional} need context), facts: ${facts}, key dates: ${dates}`);
console.log(`Sources: ${[...byPublisher.values()].reduce((a, b) => a + b, 0)} from ${byPublisher.size} publishers`);
for (const [publisher, n] of [...byPublisher].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))) console.log(`  ${String(n).padStart(4)}  ${publisher}`);
console.log(`Shipped: data/index.json ${kb(JSON.stringify({ index: shipped.index, claims: shipped.claims }))}, data/cards.json ${kb(JSON.stringify(shipped.cards))}, data/glossary.json ${kb(JSON.stringify(buildSearchDocs(shipped.cards, shipped.index)))}`);
if (data.problems.length) {
  console.log(`Problems: ${data.problems.length}`);
  for (const p of data.problems) console.log(`  ${formatProblem(p)}`);
  process.exitCode = 1;
}
