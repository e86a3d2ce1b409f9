/**
 * `npm run bench:phases -- [options] PAGE...`: where the content script's measured time goes on a few pages, phase by
 * phase (the loader's key sets and check, the session, an engine pass's reading, sending, claims, wrapping, the
 * cards), medians of several fresh loads, with the benchmark's floor beside it. Builds nothing: build first.
 *
 *   --runs N         loads per page (default 7)
 *   --warm           measure a second load in the same tab (renderer and V8's compile cache warm)
 *   --js-flags F     V8 flags for the browser with the extension, e.g. --no-lazy (compile every function up front)
 *   --dist DIR       the unpacked Chromium build to load (default dist/chrome)
 *
 * PAGE: a corpus page's name (CORPUS_DIR, default ../shared/corpus/pages) or security-guarantees (the reference
 * article, in SHARED_DIR/articles; SHARED_DIR defaults to ../shared). Used in docs/performance.md.
 */
import { cpSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { DIST_CHROME, launchChromium } from './lib/browsers';
import { ROOT } from './lib/dataset';
import { launchPlain, runFloor, runWithExtension } from './lib/bench-browser';
import { median } from './lib/bench-report';
import { formatPhases, medianPhases, phasesOf, type Phases } from './lib/bench-phases';
import { serve } from './lib/serve';

const REFERENCE = 'security-guarantees';
const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { runs: { type: 'string', default: '7' }, warm: { type: 'boolean', default: false }, 'js-flags': { type: 'string' }, dist: { type: 'string' } },
});
const runs = Number(values.runs);
if (!positionals.length || !Number.isInteger(runs) || runs < 1) {
  console.error('usage: npm run bench:phases -- [--runs N] [--warm] [--js-flags FLAGS] [--dist DIR] PAGE...');
  process.exit(2);
}
// The same defaults as the benchmark (scripts/bench.ts).
const corpusDir = resolve(ROOT, process.env.CORPUS_DIR ?? '../shared/corpus/pages');
const sharedDir = resolve(ROOT, process.env.SHARED_DIR ?? '../shared');
const dist = resolve(values.dist ?? DIST_CHROME);
for (const name of positionals) {
  const file = name === REFERENCE ? join(sharedDir, 'articles', `${name}.html`) : join(corpusDir, `${name}.html`);
  if (!existsSync(file)) {
    console.error(`bench:phases: no page ${file}`);
    process.exit(2);
  }
}

// A snapshot of the build, as the benchmark takes: a rebuild of dist/ during the run must not mix two builds.
const snapshot = mkdtempSync(join(tmpdir(), 'backstory-phases-dist-'));
cpSync(dist, snapshot, { recursive: true });
const server = await serve({ '/corpus/': corpusDir, '/articles/': join(sharedDir, 'articles') });
const ext = await launchChromium({ dist: snapshot, extraArgs: values['js-flags'] ? [`--js-flags=${values['js-flags']}`] : [] });
const plain = await launchPlain();
const rows: { name: string; phases: Phases; floorMs: number | null }[] = [];
try {
  for (const name of positionals) {
    const url = name === REFERENCE ? `${server.url}/articles/${name}.html` : `${server.url}/corpus/${encodeURIComponent(name)}.html`;
    const loads: Phases[] = [];
    const floors: number[] = [];
    // Alternating with the floor's loads, so a busy spell of the machine falls on both.
    for (let i = 0; i < runs; i++) {
      loads.push(phasesOf((await runWithExtension(ext.context, url, false, { warm: values.warm })).passes));
      floors.push((await runFloor(plain.context, url, false)).ms);
    }
    rows.push({ name, phases: medianPhases(loads), floorMs: median(floors) });
    console.error(`${name}: ${runs} loads`);
  }
} finally {
  await ext.close();
  await plain.close();
  await server.close();
  rmSync(snapshot, { recursive: true, force: true });
}
console.log(`milliseconds of main-thread time, medians of ${runs} ${values.warm ? 'second loads in the same tab' : 'first loads in a new tab'}${values['js-flags'] ? `, V8 flags ${values['js-flags']}` : ''}; floor: the benchmark's`);
console.log(formatPhases(rows));
