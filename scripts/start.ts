/**
 * `npm start`: builds Backstory, serves the demo article on 127.0.0.1 and opens Chromium (or Chrome: CHROME_PATH)
 * with the extension loaded. With no display, it runs headless: opens a card, writes a screenshot and prints
 * its path.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { launchChromium } from './lib/browsers';
import { ROOT } from './lib/dataset';
import { serve } from './lib/serve';

const build = spawnSync(process.execPath, [join(ROOT, 'node_modules/tsx/dist/cli.mjs'), join(ROOT, 'scripts/build.ts'), ...process.argv.slice(2)], { stdio: 'inherit' });
if (build.status !== 0) process.exit(build.status ?? 1);

const headless = process.env.HEADLESS === '1' || (!process.env.DISPLAY && !process.env.WAYLAND_DISPLAY && process.platform === 'linux');
const site = await serve({ '/': join(ROOT, 'demo') }, {}, Number(process.env.PORT ?? 0));
const url = `${site.url}/article.html`;
const session = await launchChromium({ headless });
const page = session.context.pages()[0] ?? (await session.context.newPage());
await page.goto(url);
console.log(`Demo article: ${url}`);

if (headless) {
  await page.waitForSelector('backstory-mark', { timeout: 15_000 });
  const target = page.locator('backstory-mark[data-entry-id="article-5"]').first();
  const anchor = (await target.count()) ? target : page.locator('backstory-mark').first();
  await anchor.scrollIntoViewIfNeeded();
  await anchor.hover();
  await page.locator('backstory-card [role="dialog"]').waitFor({ timeout: 5_000 });
  await page.waitForTimeout(200);
  const dir = join(ROOT, '.screenshots');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, 'demo-card.png');
  await page.screenshot({ path: file });
  console.log(`No display: ran headless, opened a card and wrote a screenshot:\n${file}`);
  await session.close();
  await site.close();
} else {
  console.log('Chromium is open with Backstory loaded. Close the browser window (or press Ctrl+C) to stop.');
  session.context.on('close', () => void site.close().then(() => process.exit(0)));
  process.on('SIGINT', () => void session.close().then(() => site.close()).then(() => process.exit(0)));
}
