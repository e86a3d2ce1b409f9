/**
 * The loader: the part of the content script every page pays for, so it touches no extension API until it has a
 * reason to. It reads the article's words and checks them against the dataset's key words (see
 * src/core/prefilter.ts); only when a key word turns up (now, or in content the page adds later) does it boot the
 * engine, which the background injects (`engine.js`: the settings, the reader, the highlighter, the cards). On a
 * page that mentions nothing, this check is all Backstory costs. See docs/decisions/008-loader.md.
 *
 * The browser arrives through {@link LoaderEnv}, so this runs in DOM tests with fakes.
 */
import type { KeySet } from '../src/core/prefilter';
import { BLOCK_TAGS, collectAdded, findArticleRoot, hasSkippedAncestor, SHADOW_HOSTS, skippedAs, upperTag } from './reader';
import { yieldToPage } from './schedule';
import { later, type Timer } from './timers';

export interface LoaderEnv {
  doc: Document;
  keys: KeySet;
  /**
   * The keys in other scripts than Latin ({@link KeySet.addRemote}), asked of the background the first time a text in
   * one of those scripts needs them (the only extension call before a key is found).
   */
  remoteKeys(): Promise<string>;
  /**
   * Loads the engine and starts it; called at most once, after the loader has stopped following the page. `root`
   * is the article root the check that found a key has just read, so the engine does not look for it again (absent
   * when the key was in content the page added).
   */
  boot(root?: Element): void;
}

export interface Loader {
  /** Resolves once the first check is done (engine booted, or page found quiet). */
  ready: Promise<void>;
  readonly booted: boolean;
  destroy(): void;
}

/** Added content is checked in batches, as the engine does (app.ts MUTATION_BATCH_MS). */
export const LOADER_BATCH_MS = 250;
/** A batch remembers at most this many added nodes; past that it checks the article again instead. */
const MAX_PENDING = 2000;

/**
 * Calls `test` with the text of each block of `root` as `readBlocks` (reader.ts) reads it (the same elements skipped, the
 * same block boundaries, open shadow roots read as blocks of their own), stopping at the first block it accepts.
 * Resolves whether one was accepted. Every so many nodes it calls `pause`, which may return a promise to wait for
 * (resolving false to stop there).
 *
 * A second walk beside readBlocks because this one runs on every page: no generator, no map back to text nodes,
 * each block's text built as one string (docs/decisions/008-loader.md). A DOM test checks that both read the same
 * texts.
 */
export async function someBlockText(roots: readonly (Element | ShadowRoot)[], test: (text: string) => boolean | Promise<boolean>, pause?: () => Promise<boolean> | undefined): Promise<boolean> {
  const queue = [...roots];
  for (let root = queue.shift(); root; root = queue.shift()) {
    if (hasSkippedAncestor(root)) continue;
    // The block elements the walk is inside, innermost last; a block's text ends where the innermost one changes.
    const blocks: Node[] = [root];
    let current: Node | null = null;
    let text = '';
    let count = 0;
    for (let node: Node | null = root.firstChild; node; ) {
      let down = false;
      const type = node.nodeType;
      if (type === 1) {
        const el = node as Element;
        const upper = upperTag(el);
        if (!skippedAs(el, upper)) {
          down = true;
          if (BLOCK_TAGS.has(upper)) blocks.push(el);
          if (upper === 'BR') current = null;
          const shadow = upper.includes('-') || SHADOW_HOSTS.has(upper) ? el.shadowRoot : null;
          if (shadow) queue.push(shadow);
        }
      } else if (type === 3) {
        const block = blocks[blocks.length - 1];
        if (block !== current) {
          // `test` answers at once but for rare texts: only a promise is awaited (an await per block costs a microtask).
          const found = text ? test(text) : false;
          if (found === true || (found !== false && (await found))) return true;
          text = '';
          current = block;
        }
        text += (node as Text).data;
      }
      if (down && node.firstChild) node = node.firstChild;
      else {
        let n: Node | null = node;
        node = null;
        for (; n && n !== root; n = n.parentNode) {
          if (blocks[blocks.length - 1] === n) blocks.pop(); // leaving it
          if (n.nextSibling) {
            node = n.nextSibling;
            break;
          }
        }
      }
      if (pause && (++count & 127) === 0) {
        const paused = pause();
        if (paused && !(await paused)) return false;
      }
    }
    const found = text ? test(text) : false;
    if (found === true || (found !== false && (await found))) return true;
  }
  return false;
}

/** Budget of one slice of the check, as for the engine's passes (schedule.ts SLICE_MS). */
const SLICE_MS = 8;

/**
 * Reads `roots` in slices and stops at the first key (see src/core/prefilter.ts), or when `stopped()` says so after
 * a yield. Records itself with the User Timing API as `backstory:check`; the benchmark adds it to the engine's
 * `backstory:annotate` passes. `roots` may be a function that finds them: it is timed as part of the check, as
 * finding the article root is part of an engine pass (it reads the page too: 0.3-2.4 ms in a fresh page).
 */
export async function checkForKeyWords(
  rootsOrFind: readonly (Element | ShadowRoot)[] | (() => readonly (Element | ShadowRoot)[]),
  keys: KeySet,
  stopped: () => boolean,
  remoteKeys: () => Promise<string> = () => Promise.reject(new Error('no remote keys')),
): Promise<boolean> {
  const start = performance.now();
  let sliceStart = start;
  let busyMs = 0;
  let chars = 0;
  const roots = typeof rootsOrFind === 'function' ? rootsOrFind() : rootsOrFind;
  const hit = await someBlockText(roots, (text) => {
    // Counted as readBlocks counts (white space between elements makes no block there).
    if (text.trim()) chars += text.length + 1;
    const found = keys.has(text);
    if (found !== null) return found;
    // A text in a script whose keys stay in the background until needed: fetch them (not busy time), then look.
    busyMs += performance.now() - sliceStart;
    return remoteKeys().then(
      (remote) => {
        if (typeof remote !== 'string') return true;
        keys.addRemote(remote);
        return keys.has(text) === true;
      },
      // Without them the check cannot say no: let the engine look.
      () => true,
    ).finally(() => {
      sliceStart = performance.now();
    });
  }, () => {
    const now = performance.now();
    if (now - sliceStart < SLICE_MS) return undefined;
    busyMs += now - sliceStart;
    return yieldToPage().then(() => {
      sliceStart = performance.now();
      return !stopped();
    });
  });
  busyMs += performance.now() - sliceStart;
  performance.measure('backstory:check', { start, detail: { busyMs, chars, mentions: 0, claims: 0, hit } });
  return hit;
}

export function startLoader(env: LoaderEnv): Loader {
  let stopped = false;
  let booted = false;
  let observer: MutationObserver | null = null;
  let pending = new Set<Node>();
  let overflow = false;
  let timer: Timer | undefined;
  let checking: Promise<void> = Promise.resolve();

  const stop = () => {
    stopped = true;
    timer?.cancel();
    observer?.disconnect();
    observer = null;
  };

  const boot = (root?: Element) => {
    if (booted || stopped) return;
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
      if (stopped) return;
      wholeRoot = undefined;
      if (await checkForKeyWords(roots, env.keys, () => stopped, env.remoteKeys)) boot(wholeRoot);
    });
    return checking;
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

  // Follow what the page adds from the start, so nothing added while the first check yields is missed.
  const body = env.doc.body;
  if (body) {
    const win = env.doc.defaultView;
    observer = new (win?.MutationObserver ?? MutationObserver)((records) => {
      if (collectAdded(records, pending, MAX_PENDING)) overflow = true;
      if ((pending.size || overflow) && timer === undefined) timer = later(flush, LOADER_BATCH_MS);
    });
    observer.observe(body, { childList: true, subtree: true });
  }
  const ready = check(wholeArticle).catch((err: unknown) => console.error('Backstory:', err));

  return {
    ready,
    get booted() {
      return booted;
    },
    destroy: stop,
  };
}
