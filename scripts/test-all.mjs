#!/usr/bin/env node
/**
 * `npm test`: the one gate. Type-check (strict), unit and DOM tests, the build (dataset check included),
 * end-to-end tests of the built extension in Chromium and Firefox ESR, the corpus suite and a quick benchmark.
 * Ends with one line `total: N passed, N failed`.
 * Set SKIP_E2E=1 to run only the fast tiers (no browsers needed).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const bin = (name) => join(ROOT, 'node_modules/.bin', name);
const out = mkdtempSync(join(tmpdir(), 'backstory-test-'));
let passed = 0;
let failed = 0;
const failures = [];

function step(name, cmd, args, { countFrom } = {}) {
  const started = Date.now();
  console.log(`\n▶ ${name}`);
  const r = spawnSync(cmd, args, { cwd: ROOT, stdio: 'inherit', env: process.env });
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  if (countFrom && existsSync(countFrom)) {
    const report = JSON.parse(readFileSync(countFrom, 'utf8'));
    passed += report.numPassedTests;
    failed += report.numFailedTests;
  } else if (r.status === 0) passed++;
  else failed++;
  if (r.status !== 0) failures.push(name);
  console.log(`${r.status === 0 ? '✔' : '✘'} ${name} (${seconds} s)`);
  return r.status === 0;
}

const vitest = (name, config, file) =>
  step(name, bin('vitest'), ['run', ...(config ? ['--config', config] : []), '--reporter=default', '--reporter=json', `--outputFile.json=${file}`], { countFrom: file });

step('type-check (tsc --strict)', bin('tsc'), ['--noEmit', '-p', '.']);
vitest('unit and DOM tests', null, join(out, 'unit.json'));
const built = step('build (dataset check, bundles, manifests, zips)', bin('tsx'), ['scripts/build.ts', '--quiet']);
if (process.env.SKIP_E2E !== '1') {
  if (built) {
    vitest('end-to-end: Chromium, Firefox ESR, corpus', 'vitest.e2e.config.ts', join(out, 'e2e.json'));
    // The benchmark reports its goals (PASS/FAIL lines); it fails the gate only if it cannot run. Timing goals on a
    // shared 2-core CI machine are too noisy to gate on; docs/performance.md tracks them.
    step('benchmark (quick)', bin('tsx'), ['scripts/bench.ts', '--quick']);
  } else {
    failed++;
    failures.push('end-to-end (skipped: build failed)');
  }
}
if (failures.length) console.log(`\nFailed: ${failures.join('; ')}`);
console.log(`total: ${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
