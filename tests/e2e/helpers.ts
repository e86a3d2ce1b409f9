/**
 * What the Chromium end-to-end suites share: settings through an extension page, page JavaScript off, waiting for
 * a content-script pass, errors raised by the extension, and the "exactly as found" snapshot of a page.
 */
import type { BrowserContext, Page } from 'playwright-core';
import type { ChromiumSession } from '../../scripts/lib/browsers';

type ChromeStorage = { chrome: { storage: { sync: { set(x: unknown): Promise<void>; clear(): Promise<void> } } } };

/** An extension page (the popup, opened once as a tab) through which the tests write extension storage. */
export class ExtensionStorage {
  private constructor(readonly page: Page) {}

  static async open(browser: ChromiumSession): Promise<ExtensionStorage> {
    const page = await browser.context.newPage();
    await page.goto(`chrome-extension://${browser.extensionId}/popup/index.html`);
    return new ExtensionStorage(page);
  }

  /** Writes raw values to `storage.sync` (they may be of the wrong type on purpose). */
  async set(values: Record<string, unknown>): Promise<void> {
    await this.page.evaluate((v) => (globalThis as unknown as ChromeStorage).chrome.storage.sync.set(v), values);
  }

  /** Back to the defaults (nothing stored). */
  async reset(): Promise<void> {
    await this.page.evaluate(() => (globalThis as unknown as ChromeStorage).chrome.storage.sync.clear());
  }
}

/**
 * Turns the page's own JavaScript off (CDP `Emulation.setScriptExecutionDisabled`, what Playwright's
 * `javaScriptEnabled: false` does). Content scripts still run: they live in an isolated world.
 * Call before `goto`.
 */
export async function disablePageScripts(context: BrowserContext, page: Page): Promise<void> {
  const cdp = await context.newCDPSession(page);
  await cdp.send('Emulation.setScriptExecutionDisabled', { value: true });
}

/** Errors the extension raised in a page: uncaught exceptions and console errors whose source is the extension. */
export function collectExtensionErrors(page: Page): string[] {
  const errors: string[] = [];
  const fromExtension = (s: string | undefined) => !!s && /chrome-extension:\/\/|moz-extension:\/\//.test(s);
  page.on('pageerror', (err) => {
    if (fromExtension(err.stack) || /Backstory/.test(err.message)) errors.push(`pageerror: ${err.stack ?? err.message}`);
  });
  page.on('console', (msg) => {
    if (msg.type() !== 'error' && msg.type() !== 'warning') return;
    if (fromExtension(msg.location().url) || /^Backstory/.test(msg.text())) errors.push(`console.${msg.type()}: ${msg.text()} (${msg.location().url})`);
  });
  return errors;
}

/** Number of `backstory:annotate` measures the content script has recorded in this page. */
export const passCount = (page: Page): Promise<number> => page.evaluate(() => performance.getEntriesByName('backstory:annotate').length);

/**
 * Evaluates `fn` in the page until it returns true. Polled from the test, not with `page.waitForFunction`, whose
 * timers never fire in a page whose JavaScript is off.
 */
export async function until<A>(page: Page, fn: (arg: A) => boolean, arg: A, timeout: number, what = 'condition'): Promise<void> {
  const deadline = Date.now() + timeout;
  for (;;) {
    if (await page.evaluate(fn as (a: unknown) => boolean, arg as unknown)) return;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeout} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Waits until the content script has recorded at least `n` annotation passes. */
/**
 * Waits until the engine has read the page `n` times (`backstory:annotate`), or until the loader has found the page
 * quiet (`backstory:check` with `hit: false` and no engine pass: the page mentions nothing, no pass follows).
 */
export async function waitForPasses(page: Page, n: number, timeout = 20_000): Promise<void> {
  await until(
    page,
    (count) => {
      const passes = performance.getEntriesByName('backstory:annotate').length;
      const checks = performance.getEntriesByName('backstory:check').map((e) => ((e as PerformanceMeasure).detail as { hit: boolean }).hit);
      // A page whose check found no key is done: the loader checks it once and never starts the engine there, so
      // switching highlights off and on changes nothing on it (docs/decisions/008-loader.md).
      return passes >= count || (passes === 0 && checks.length > 0 && !checks.includes(true));
    },
    n,
    timeout,
    `${n} passes`,
  );
}

export const markCount = (page: Page): Promise<number> => page.evaluate(() => document.querySelectorAll('backstory-mark').length);

/** Waits until no highlight and no card host are left in the page. */
export async function waitForNoMarks(page: Page, timeout = 10_000): Promise<void> {
  await until(page, () => !document.querySelector('backstory-mark, backstory-card'), null, timeout, 'no highlights');
}

/**
 * Records, in the page's main world, `body.innerHTML` and every text node under the body with its text.
 * Text nodes inside open shadow roots and same-origin iframes are included.
 */
export async function snapshotPage(page: Page): Promise<void> {
  await page.evaluate(() => {
    /** Every text node under `root`, with open shadow roots and same-origin frames, in document order. */
    const texts = (root: Node, out: Text[] = []): Text[] => {
      const doc = root.ownerDocument ?? (root as Document);
      const w = doc.createTreeWalker(root, NodeFilter.SHOW_ELEMENT | NodeFilter.SHOW_TEXT);
      for (let n = w.nextNode(); n; n = w.nextNode()) {
        if (n.nodeType === 3) out.push(n as Text);
        else {
          const el = n as Element;
          if (el.shadowRoot) texts(el.shadowRoot, out);
          if (el.tagName === 'IFRAME') {
            try {
              const d = (el as HTMLIFrameElement).contentDocument;
              if (d?.body) texts(d.body, out);
            } catch {
              // cross-origin frame
            }
          }
        }
      }
      return out;
    };
    /** The state compared: the body's markup, same-origin frames' and open shadow roots' markup. */
    const markup = () => ({
      html: document.body.innerHTML,
      frames: [...document.querySelectorAll('iframe')].map((f) => {
        try {
          return f.contentDocument?.body?.innerHTML ?? null;
        } catch {
          return null;
        }
      }),
      shadows: [...document.querySelectorAll('*')].filter((e) => e.shadowRoot).map((e) => e.shadowRoot!.innerHTML),
    });
    // Kept on the page for compareWithSnapshot: one walk and one notion of "the page" for both.
    const w = window as unknown as Record<string, unknown>;
    w.__bsTexts = texts;
    w.__bsMarkup = markup;
    w.__bsSnapshot = { ...markup(), nodes: texts(document.body).map((n) => [n, n.data]) };
  });
}

export interface Comparison {
  htmlSame: boolean;
  /** Text nodes that are no longer the same object at the same place with the same text. */
  nodesChanged: number;
  nodes: number;
  framesSame: boolean;
  shadowsSame: boolean;
  /** First difference in body.innerHTML, for the failure message. */
  diff: string;
}

/** Compares the page now with the last {@link snapshotPage}. */
export async function compareWithSnapshot(page: Page): Promise<Comparison> {
  return page.evaluate(() => {
    const w = window as unknown as {
      __bsSnapshot: { html: string; nodes: [Text, string][]; frames: (string | null)[]; shadows: string[] };
      __bsTexts: (root: Node) => Text[];
      __bsMarkup: () => { html: string; frames: (string | null)[]; shadows: string[] };
    };
    const snap = w.__bsSnapshot;
    const now = w.__bsTexts(document.body);
    let changed = Math.abs(now.length - snap.nodes.length);
    snap.nodes.forEach(([node, data], i) => {
      if (now[i] !== node || node.data !== data) changed++;
    });
    const { html, frames, shadows } = w.__bsMarkup();
    let at = 0;
    while (at < html.length && html[at] === snap.html[at]) at++;
    return {
      htmlSame: html === snap.html,
      nodesChanged: changed,
      nodes: snap.nodes.length,
      framesSame: JSON.stringify(frames) === JSON.stringify(snap.frames),
      shadowsSame: JSON.stringify(shadows) === JSON.stringify(snap.shadows),
      diff: html === snap.html ? '' : `at ${at}: before …${snap.html.slice(Math.max(0, at - 80), at + 120)}… after …${html.slice(Math.max(0, at - 80), at + 120)}…`,
    };
  });
}
