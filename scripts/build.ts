/**
 * `npm run build`: checks the dataset, compiles it, bundles the content script (classic IIFE), background and
 * popup with Vite, writes `dist/chrome/` and `dist/firefox/` with their manifests, and a zip of each.
 * An invalid dataset stops the build with one line per problem naming file, entry and field.
 */
import { cpSync, mkdirSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { build, type InlineConfig } from 'vite';
import { formatProblem } from '../src/core/lint';
import { loadDataset, ROOT } from './lib/dataset';
import { compileDataset } from './lib/compile-dataset';
import { buildKeys, encodeKeys } from '../src/core/prefilter';
import { buildSearchDocs } from '../src/core/search';
import { iconPng } from './lib/icons';
import { zipDirectory } from './lib/zip';
import { insecureUrls, permissionProblems } from './lib/shipped-checks';

const DIST = join(ROOT, 'dist');
const STAGE = join(DIST, '.stage');
const quiet = process.argv.includes('--quiet');

/** Firefox id: needed for MV3 installs and storage.sync. */
const GECKO_ID = 'backstory@backstory-extension.org';

function fail(message: string): never {
  console.error(message);
  process.exit(1);
}

/** BACKSTORY_MINIFY=0 builds readable bundles, for profiling (function names and lines in a CPU profile). */
const common = (): InlineConfig => ({
  configFile: false,
  root: ROOT,
  logLevel: quiet ? 'silent' : 'warn',
  define: { 'process.env.NODE_ENV': '"production"' },
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
  build: { outDir: STAGE, emptyOutDir: false, minify: process.env.BACKSTORY_MINIFY !== '0', sourcemap: false, target: 'es2022', reportCompressedSize: false },
} as InlineConfig);

async function bundleScript(entry: string, fileName: string, options: { define?: Record<string, string> } = {}): Promise<void> {
  const config = common();
  config.define = { ...config.define, ...options.define };
  config.build = {
    ...config.build,
    lib: { entry: join(ROOT, entry), formats: ['iife'], name: 'backstory', fileName: () => fileName },
  };
  await build(config);
}

async function bundlePopup(): Promise<void> {
  const config = common();
  config.base = './';
  config.build = { ...config.build, rollupOptions: { input: join(ROOT, 'popup/index.html') }, modulePreload: false };
  await build(config);
}

function manifestFor(browser: 'chrome' | 'firefox'): object {
  const manifest = JSON.parse(readFileSync(join(ROOT, 'manifest.json'), 'utf8'));
  const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
  manifest.version = pkg.version;
  if (browser === 'firefox') {
    manifest.background = { scripts: ['background.js'] };
    manifest.browser_specific_settings = {
      gecko: { id: GECKO_ID, strict_min_version: '128.0', data_collection_permissions: { required: ['none'] } },
    };
  }
  return manifest;
}

async function main(): Promise<void> {
  const started = performance.now();
  const loaded = loadDataset();
  // --lenient (local work in progress only): report problems but build anyway.
  if (loaded.problems.length && process.argv.includes('--lenient')) {
    console.warn(`warning: dataset has ${loaded.problems.length} problems (building anyway: --lenient)`);
  } else if (loaded.problems.length) {
    fail(`Dataset invalid (${loaded.problems.length} problems):\n${loaded.problems.map(formatProblem).join('\n')}`);
  }
  const shipped = compileDataset(loaded);
  const insecure = insecureUrls(shipped.cards);
  if (insecure.length) fail(`build: card data has links that are not https:\n${insecure.join('\n')}`);
  rmSync(DIST, { recursive: true, force: true });
  mkdirSync(STAGE, { recursive: true });
  // The loader in the content script checks the page against the dataset's keys, inlined here, before it
  // starts the engine (docs/decisions/008-loader.md).
  await bundleScript('content-scripts/main.ts', 'content.js', { define: { __BACKSTORY_KEYS__: JSON.stringify(encodeKeys(buildKeys(shipped.index)).local) } });
  // The engine: injected by the background into a frame where the loader has found a key.
  await bundleScript('content-scripts/engine-main.ts', 'engine.js');
  await bundleScript('background/main.ts', 'background.js');
  await bundlePopup();
  mkdirSync(join(STAGE, 'data'), { recursive: true });
  writeFileSync(join(STAGE, 'data/index.json'), JSON.stringify({ index: shipped.index, claims: shipped.claims }));
  writeFileSync(join(STAGE, 'data/cards.json'), JSON.stringify(shipped.cards));
  // The popup's first render needs the search documents only (a third of the size, folded already); it reads the
  // cards after it (docs/performance.md, "Fourth session").
  writeFileSync(join(STAGE, 'data/glossary.json'), JSON.stringify(buildSearchDocs(shipped.cards, shipped.index)));
  mkdirSync(join(STAGE, 'icons'), { recursive: true });
  for (const size of [16, 32, 48, 128]) writeFileSync(join(STAGE, `icons/${size}.png`), iconPng(size));
  cpSync(join(ROOT, '_locales'), join(STAGE, '_locales'), { recursive: true });
  for (const browser of ['chrome', 'firefox'] as const) {
    const denied = permissionProblems(manifestFor(browser) as never);
    if (denied.length) fail(`build: ${browser} manifest: ${denied.join('; ')}`);
    const out = join(DIST, browser);
    cpSync(STAGE, out, { recursive: true });
    writeFileSync(join(out, 'manifest.json'), JSON.stringify(manifestFor(browser), null, 2));
    zipDirectory(out, join(DIST, `backstory-${browser}.zip`));
  }
  rmSync(STAGE, { recursive: true, force: true });
  if (!existsSync(join(DIST, 'chrome/popup/index.html'))) fail('build: popup/index.html missing from the output');
  if (!quiet) {
    console.log(`Built dist/chrome and dist/firefox (+ zips) from ${loaded.entries.length} entries and ${loaded.claims.length} claims in ${Math.round(performance.now() - started)} ms`);
  }
}

main().catch((err) => fail(`build failed: ${err instanceof Error ? err.stack ?? err.message : String(err)}`));
