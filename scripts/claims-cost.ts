/**
 * `npx tsx scripts/claims-cost.ts`: the work claim detection does per benchmark page, against the matcher's, with
 * the same core (reader on a happy-dom document, matcher, claim detector). Prints a table and the median and worst
 * share. Node, not the browser: it isolates the pure work, without page noise.
 * Since detection moved to the background (src/core/claims-service.ts), this is the background's work, not the
 * page's: what claims cost on the page's thread is in `npm run bench` (goal "claim detection adds at most 20%").
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Window } from 'happy-dom';
import { ClaimDetector } from '../src/core/claims';
import { Matcher, mentionsByBlock, resolveMentions, type Candidate } from '../src/core/matcher';
import { findArticleRoot, readBlocks } from '../content-scripts/reader';
import { compileDataset } from './lib/compile-dataset';
import { loadDataset, ROOT } from './lib/dataset';

const shared = resolve(ROOT, process.env.SHARED_DIR ?? '../shared');
const corpus = resolve(ROOT, process.env.CORPUS_DIR ?? join(shared, 'corpus/pages'));
const shipped = compileDataset(loadDataset());
const matcher = new Matcher(shipped.index);
const detector = new ClaimDetector(shipped.claims);
const files = [join(shared, 'articles/security-guarantees.html'), ...readdirSync(corpus).filter((f) => f.endsWith('.html')).map((f) => join(corpus, f))];

const rows: [string, number, number, number][] = [];
for (const file of files) {
  const window = new Window({ settings: { disableJavaScriptEvaluation: true, disableJavaScriptFileLoading: true, disableCSSFileLoading: true, disableIframePageLoading: true } });
  const doc = window.document as unknown as Document;
  doc.write(readFileSync(file, 'utf8'));
  const blocks = [...readBlocks(findArticleRoot(doc))].map((b) => b.text);
  const run = (claims: boolean) => {
    const t0 = performance.now();
    const candidates: Candidate[] = [];
    const bases: number[] = [];
    let base = 0;
    for (const text of blocks) {
      bases.push(base);
      matcher.scan(text, base, candidates);
      base += text.length + 1;
    }
    const mentions = resolveMentions(candidates);
    if (claims) {
      const per = mentionsByBlock(mentions, bases);
      blocks.forEach((text, i) => per[i].length && detector.detect(text, per[i], bases[i]));
    }
    return performance.now() - t0;
  };
  const best = (claims: boolean) => Math.min(...Array.from({ length: 7 }, () => run(claims)));
  best(true);
  const without = best(false);
  const withClaims = best(true);
  rows.push([file.split('/').pop()!.replace('.html', ''), blocks.join('').length, without, withClaims]);
  await window.happyDOM.close();
}
console.log('page'.padEnd(22), 'chars'.padStart(8), 'match ms'.padStart(9), '+claims ms'.padStart(11), 'added'.padStart(7));
for (const [name, chars, a, b] of rows) console.log(name.padEnd(22), String(chars).padStart(8), a.toFixed(2).padStart(9), b.toFixed(2).padStart(11), `${(((b - a) / a) * 100).toFixed(0)}%`.padStart(7));
const shares = rows.map(([, , a, b]) => (b - a) / a).sort((x, y) => x - y);
const total = rows.reduce((n, [, , a]) => n + a, 0);
const totalClaims = rows.reduce((n, [, , , b]) => n + b, 0);
console.log(`claims add: median ${(shares[Math.floor(shares.length / 2)] * 100).toFixed(0)}%, over all pages ${(((totalClaims - total) / total) * 100).toFixed(0)}%, worst ${(shares[shares.length - 1] * 100).toFixed(0)}% (of matching time, which is only part of annotation)`);
