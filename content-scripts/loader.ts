/**
 * The loader: the part of the content script every page pays for. It reads the settings and the article's words
 * and checks them against the dataset's key words (see src/core/prefilter.ts). Only when a key word turns up
 * (now, or in content the page adds later, or once highlights are switched on) does it load the engine: the
 * matcher, the claim request, the highlighter and the card UI. On a page that mentions nothing, this check is
 * all Backstory costs. See docs/decisions/008-loader.md.
 *
 * Browser APIs arrive through {@link LoaderEnv}, so this runs in DOM tests with fakes.
 */
import type { ContentCalls } from '../src/core/messages';
import type { KeySet } from '../src/core/prefilter';
import { activeOn, type Settings } from '../src/core/settings';
import { toggleSiteIn, type SettingsStore } from '../src/platform/settings-store';
import { collectAdded, findArticleRoot, readBlocks } from './reader';
import { Slicer } from './schedule';
import { later, type Timer } from './timers';

export interface LoaderEnv {
  doc: Document;
  hostname: string;
  keys: KeySet;
  /** The settings in extension storage (src/platform/settings-store.ts). */
  store: SettingsStore;
  /**
   * Answers the popup and the keyboard command while the engine is not loaded (top frame only); returns the
   * teardown. Absent in frames.
   */
  handleCalls?: (handlers: { [K in keyof ContentCalls]: (payload: ContentCalls[K]['payload']) => Promise<ContentCalls[K]['reply']> }) => () => void;
  /**
   * Loads the engine and starts it; called at most once, after the loader has stopped listening. `root` is the
   * article root the check that found a key has just read, so the engine does not look for it again (absent when
   * the key was in content the page added).
   */
  boot(root?: Element): void;
}

export interface Loader {
  /** Resolves once the first decision is made (engine booted, or page checked and found quiet). */
  ready: Promise<void>;
  readonly booted: boolean;
  destroy(): void;
}

/** Added content is checked in batches, as the engine does (app.ts MUTATION_BATCH_MS). */
export const LOADER_BATCH_MS = 250;
/** A batch remembers at most this many added nodes; past that it checks the article again instead. */
const MAX_PENDING = 2000;

let checkCounter = 0;

/**
 * Reads `roots` block by block in slices and stops at the first key (see src/core/prefilter.ts). Records itself with the User Timing
 * API as `backstory:check`; the benchmark adds it to the engine's `backstory:annotate` passes.
 */
export async function checkForKeyWords(roots: readonly (Element | ShadowRoot)[], keys: KeySet, signal: AbortSignal): Promise<boolean> {
  const startMark = `backstory:check-${++checkCounter}`;
  performance.mark(startMark);
  const slicer = new Slicer(signal);
  let chars = 0;
  let hit = false;
  outer: for (const root of roots) {
    for (const block of readBlocks(root)) {
      chars += block.text.length + 1;
      if (keys.has(block.text)) {
        hit = true;
        break outer;
      }
      if (slicer.due()) await slicer.yieldNow();
    }
  }
  const busyMs = slicer.finish();
  performance.measure('backstory:check', { start: startMark, detail: { busyMs, chars, mentions: 0, claims: 0, hit } });
  performance.clearMarks(startMark);
  return hit;
}

export function startLoader(env: LoaderEnv): Loader {
  const abort = new AbortController();
  let settings: Settings | null = null;
  let booted = false;
  let observer: MutationObserver | null = null;
  let pending = new Set<Node>();
  let overflow = false;
  let timer: Timer | undefined;
  let checking: Promise<void> = Promise.resolve();
  const stops: (() => void)[] = [];

  const stop = () => {
    abort.abort();
    timer?.cancel();
    observer?.disconnect();
    observer = null;
    for (const s of stops.splice(0)) s();
  };

  const boot = (root?: Element) => {
    if (booted || abort.signal.aborted) return;
    booted = true;
    stop();
    env.boot(root);
  };

  /** The article root read by the running check, when it reads the whole article. */
  let wholeRoot: Element | undefined;
  const wholeArticle = () => {
    wholeRoot = findArticleRoot(env.doc);
    return [wholeRoot];
  };

  const check = (roots: () => (Element | ShadowRoot)[]) => {
    checking = checking.then(async () => {
      if (abort.signal.aborted || !settings || !activeOn(settings, env.hostname)) return;
      wholeRoot = undefined;
      const hit = await checkForKeyWords(roots(), env.keys, abort.signal).catch((err: unknown) => {
        if ((err as Error)?.name === 'AbortError') return false;
        throw err;
      });
      if (hit) boot(wholeRoot);
    });
    return checking;
  };

  const observe = () => {
    const body = env.doc.body;
    if (!body || observer) return;
    const win = env.doc.defaultView;
    observer = new (win?.MutationObserver ?? MutationObserver)((records) => {
      if (collectAdded(records, pending, MAX_PENDING)) overflow = true;
      if ((pending.size || overflow) && timer === undefined) timer = later(flush, LOADER_BATCH_MS);
    });
    observer.observe(body, { childList: true, subtree: true });
  };

  const flush = () => {
    timer = undefined;
    const nodes = [...pending];
    const all = overflow;
    pending = new Set();
    overflow = false;
    void check(() => {
      if (all) return wholeArticle();
      // A text node is read with its parent (a name may run across it); each parent once per batch.
      const roots = new Set<Element>();
      for (const n of nodes) {
        if (!n.isConnected) continue;
        if (n.nodeType === 1) roots.add(n as Element);
        else if (n.parentElement) roots.add(n.parentElement);
      }
      return [...roots];
    });
  };

  const apply = async (next: Settings) => {
    const wasActive = settings ? activeOn(settings, env.hostname) : false;
    settings = next;
    if (!activeOn(next, env.hostname)) {
      // Switched off here: stop following the page until switched on again.
      observer?.disconnect();
      observer = null;
      timer?.cancel();
      timer = undefined;
      pending = new Set();
      overflow = false;
      return;
    }
    observe();
    // Switched on here (or first read): the whole article, not only what is added later.
    if (!wasActive) await check(wholeArticle);
  };

  if (env.handleCalls) {
    stops.push(
      env.handleCalls({
        getPage: async () => {
          await ready;
          return { active: !!settings && activeOn(settings, env.hostname), found: [], hostname: env.hostname };
        },
        reveal: async () => false,
        toggleSite: () => toggleSiteIn(env.store, env.hostname),
      }),
    );
  }
  stops.push(env.store.watch((s) => void apply(s)));
  const ready = env.store.get().then(apply).catch((err: unknown) => console.error('Backstory:', err));

  return {
    ready,
    get booted() {
      return booted;
    },
    destroy: stop,
  };
}
