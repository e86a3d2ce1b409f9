/**
 * Launching the built extension in real browsers on this machine (see ../shared/docs/BROWSER-TESTING.md):
 * Chromium through playwright-core, Firefox ESR through puppeteer-core (WebDriver BiDi).
 * Every request that is not to 127.0.0.1 is aborted: the tests run offline and prove Backstory needs nothing else.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext } from 'playwright-core';
import { ROOT } from './dataset';

export const DIST_CHROME = join(ROOT, 'dist/chrome');
export const DIST_FIREFOX = join(ROOT, 'dist/firefox');

const CHROME_CANDIDATES = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome', '/usr/bin/google-chrome-stable',
  '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome', '/Applications/Chromium.app/Contents/MacOS/Chromium'];
const FIREFOX_CANDIDATES = ['/usr/bin/firefox-esr', '/usr/bin/firefox', '/Applications/Firefox.app/Contents/MacOS/firefox'];

export function chromePath(): string | undefined {
  return process.env.CHROME_PATH ?? CHROME_CANDIDATES.find((p) => existsSync(p));
}

export function firefoxPath(): string | undefined {
  return process.env.FIREFOX_PATH ?? FIREFOX_CANDIDATES.find((p) => existsSync(p));
}

export interface ChromiumSession {
  context: BrowserContext;
  extensionId: string;
  /** Every URL the browser asked for that is not 127.0.0.1 (and was aborted). */
  blocked: string[];
  close(): Promise<void>;
}

export async function launchChromium(options: { headless?: boolean; dist?: string; extraArgs?: string[] } = {}): Promise<ChromiumSession> {
  const executablePath = chromePath();
  if (!executablePath) throw new Error('No Chromium or Chrome found: install chromium or set CHROME_PATH');
  const dist = options.dist ?? DIST_CHROME;
  const profile = mkdtempSync(join(tmpdir(), 'backstory-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath,
    headless: options.headless ?? true,
    viewport: { width: 1200, height: 900 },
    args: [
      `--disable-extensions-except=${dist}`, `--load-extension=${dist}`, '--no-sandbox', '--disable-gpu',
      '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run',
      '--disable-default-apps', '--disable-quic', ...(options.extraArgs ?? []),
    ],
  });
  const blocked: string[] = [];
  await context.route('**/*', (route) => {
    const url = route.request().url();
    if (/^(https?:\/\/127\.0\.0\.1[:/]|chrome-extension:|data:|blob:)/.test(url)) return route.continue();
    blocked.push(url);
    return route.abort();
  });
  let [worker] = context.serviceWorkers();
  worker ??= await context.waitForEvent('serviceworker', { timeout: 15_000 });
  const extensionId = new URL(worker.url()).host;
  return {
    context,
    extensionId,
    blocked,
    close: async () => {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}
