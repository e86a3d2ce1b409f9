/** `web-ext lint` (Mozilla's add-ons linter, what addons.mozilla.org runs on upload) on the built Firefox extension. */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DIST_FIREFOX } from '../../scripts/lib/browsers';
import { ROOT } from '../../scripts/lib/dataset';

interface LintMessage {
  code: string;
  message: string;
  description?: string;
  file?: string;
}

describe('web-ext lint', () => {
  it('finds no error in dist/firefox', () => {
    const r = spawnSync(join(ROOT, 'node_modules/.bin/web-ext'), ['lint', '--source-dir', DIST_FIREFOX, '--output', 'json', '--no-input'], {
      cwd: ROOT,
      encoding: 'utf8',
      // Offline: no update check of web-ext itself.
      env: { ...process.env, NO_UPDATE_NOTIFIER: '1', WEB_EXT_NO_CONFIG_DISCOVERY: '1' },
      timeout: 60_000,
    });
    const start = r.stdout.indexOf('{');
    expect(start, r.stderr || r.stdout).toBeGreaterThanOrEqual(0);
    const report = JSON.parse(r.stdout.slice(start)) as { errors: LintMessage[]; warnings: LintMessage[]; notices: LintMessage[] };
    const show = (list: LintMessage[]) => list.map((m) => `${m.code} (${m.file ?? ''}): ${m.description ?? m.message}`);
    if (report.warnings.length) console.log(`web-ext lint warnings:\n${show(report.warnings).join('\n')}`);
    expect(show(report.errors)).toEqual([]);
  });
});
