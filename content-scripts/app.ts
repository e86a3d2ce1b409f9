/**
 * The content script's life: read settings, annotate when highlights are on here, follow settings changes and
 * content the page adds later, and put the page back exactly as found when turned off.
 * Every browser API arrives through {@link ContentEnv}, so this runs in DOM tests with fakes.
 */
import type { CardModel } from '../src/core/card';
import type { IndexEntry } from '../src/core/compiled';
import type { BackgroundCalls, PageReport } from '../src/core/messages';
import { activeOn, type Settings } from '../src/core/settings';
import type { Translate } from '../src/ui/Card';
import { annotatePass, newPageState, type Engine, type PageState } from './annotator';
import { CardController, type Group } from './cards';
import { Highlighter, type WrappedMark } from './highlighter';
import { collectAdded, findArticleRoot, hasSkippedAncestor, isSkipped, parentAcrossShadow, type TextBlock } from './reader';
import { MARK_TAG } from '../src/core/tags';
import { recordSetup } from './measures';
import { afterNextFrame, Slicer } from './schedule';
import { later, type Timer } from './timers';

export interface ContentEnv {
  doc: Document;
  /** The highlights' user-origin style sheet is in `doc` (src/core/mark-style.ts): marks there need no inline style. */
  sheet?: boolean;
  /**
   * The article root the loader's check has just read: the first session reads it instead of looking for it again
   * (findArticleRoot: 0.4-1.3 ms on the largest pages), if it is still in the page. Absent: the session finds it.
   */
  root?: Element;
  /** The site the per-site switch is about (the top page's hostname, also inside a frame). Default: the document's. */
  hostname?: string;
  /** The dataset's entries, which mentions point to (asked of the background once per page). */
  loadData(): Promise<{ entries: readonly IndexEntry[] }>;
  /**
   * Candidate mentions in blocks of text: the background's matcher answers (built once there, warm across pages), so
   * no page builds one (docs/performance.md, "Sixth session").
   */
  scanBlocks(payload: BackgroundCalls['scanBlocks']['payload']): Promise<BackgroundCalls['scanBlocks']['reply']>;
  /** Claim sentences of blocks of text (the background detects them); absent: no claims. */
  detectClaims?(payload: BackgroundCalls['detectClaims']['payload']): Promise<BackgroundCalls['detectClaims']['reply']>;
  lookup(id: string): Promise<CardModel | null>;
  getSettings(): Promise<Settings>;
  /** Calls back on every settings change; returns the teardown. */
  watchSettings(callback: (settings: Settings) => void): () => void;
  report(report: PageReport): void;
  t: Translate;
}

/**
 * Content the page adds later (a live blog's new paragraph, the next story of an infinite scroll, comments) is
 * annotated in batches: the first change after a quiet spell starts a batch that is read this much later. Short
 * enough that new text is highlighted well within a second, long enough that a burst of insertions is one pass.
 */
export const MUTATION_BATCH_MS = 250;
/**
 * A batch remembers at most this many added nodes; past that (a page rebuilding itself) it reads the article root
 * again instead, where text already read is skipped. Bounds the memory and the bookkeeping of one batch.
 */
export const MAX_PENDING_NODES = 2000;
/**
 * After an in-app navigation (history.pushState, back and forward), the new article is read once the page has made
 * no change for this long, so a page that renders after it pushes its URL is read whole...
 */
export const NAVIGATION_SETTLE_MS = 150;
/** ...but no later than this after the URL changed, so the new article is highlighted within a second. */
export const NAVIGATION_MAX_WAIT_MS = 700;
/**
 * Split text nodes put back per frame when highlights go. Unwrapping is cheaper for the browser to lay out than
 * wrapping (measured on a 5 MB page: 6,000 at once made one 400 ms frame, mostly layout); 300 keep a frame short.
 */
export const RESTORE_PER_FRAME = 300;
/** Added content outside the article root is read when it holds at least this much paragraph text (a new story). */
const NEW_STORY_CHARS = 200;
const STORY_SELECTOR = 'article, [itemprop="articleBody"]';

const withoutHash = (href: string) => href.replace(/#.*$/, '');

/** One period of highlights on the page, from turning on to turning off (or to an in-app navigation). */
class Session {
  private readonly abort = new AbortController();
  private readonly highlighter: Highlighter;
  /**
   * The cards of this page's highlights, made with the first highlights: a page where the engine finds nothing to
   * highlight gets no hover, focus or key listeners; the card's host, style sheet and scroll listeners wait for the
   * first hover or focus of a highlight (cards.tsx).
   */
  private cardsMade: CardController | null = null;
  private readonly state: PageState = newPageState();
  /** Text nodes read by a pass: later passes read only what is new. */
  private readonly seen = new WeakSet<Text>();
  /**
   * The first pass's text nodes, block by block, put into `seen` only when a later pass needs it: most pages never
   * have one, and adding every text node of a long article to a WeakSet measured ~4 ms on wikipedia-2.
   */
  private firstPass: Text[][] | null = [];
  private readonly shadowRoots = new Set<ShadowRoot>();
  private observer: MutationObserver | null = null;
  private pending = new Set<Node>();
  private overflow = false;
  private flushTimer: Timer | undefined;
  private navTimer: Timer | undefined;
  private navStarted = 0;
  private running: Promise<void> = Promise.resolve();
  private root: Element | null = null;
  private url: string;
  done: Promise<void>;

  constructor(
    private readonly env: ContentEnv,
    private readonly engine: Engine,
    private readonly settings: Settings,
    private readonly onChange: () => void,
    /** Called when the page has navigated in-app to another article: the app starts a new session. */
    private readonly onNavigate: () => void,
    /** The article root, where the loader has just found it ({@link ContentEnv.root}). */
    rootHint?: Element,
  ) {
    const started = performance.now();
    this.highlighter = new Highlighter(env.doc, { sheet: env.sheet });
    this.url = env.doc.location?.href ?? '';
    // Observe before the first pass, so content the page adds while it runs is not missed.
    this.observe();
    this.watchNavigation();
    recordSetup('session', started);
    this.done = this.run(() => {
      this.root = rootHint?.isConnected ? rootHint : findArticleRoot(env.doc);
      return [this.root];
    }, true);
  }

  private run(roots: () => (Element | ShadowRoot)[], first = false): Promise<void> {
    this.running = this.running.then(async () => {
      if (this.abort.signal.aborted) return;
      if (!first && this.firstPass) {
        for (const nodes of this.firstPass) for (const n of nodes) this.seen.add(n);
        this.firstPass = null;
      }
      const slicer = new Slicer(this.abort.signal);
      const firstPass = first ? this.firstPass : null;
      const read = {
        // Nothing to skip in the first pass: it reads everything before it wraps anything, and `seen` is still empty.
        // (Two lookups per text node, measured 0.7 ms of yahoo-3's pass in a fresh page.)
        skip: first ? undefined : (t: Text) => this.seen.has(t) || this.highlighter.owns(t),
        // The first pass reads one root once: its nodes are kept aside. Later passes may read overlapping roots
        // (an added element and text inside it), so theirs go into `seen` at once.
        onBlock: firstPass
          ? (block: TextBlock) => void firstPass.push(block.nodes)
          : (block: TextBlock) => {
              for (const n of block.nodes) this.seen.add(n);
            },
        onShadowRoot: (shadow: ShadowRoot) => this.addShadowRoot(shadow),
      };
      const result = await annotatePass(roots, this.engine, this.settings, this.state, this.highlighter, slicer, read).catch((err: unknown) => {
        if ((err as Error)?.name === 'AbortError') return null;
        throw err;
      });
      if (!result || this.abort.signal.aborted) return;
      if (result.marks.length) {
        const t = performance.now();
        this.cards().addGroups(groupMarks(result.marks));
        recordSetup('cards', t);
      }
      this.onChange();
    }).catch((err: unknown) => {
      // One failed pass must not stop the ones after it (content added later, a new article).
      console.error('Backstory:', err);
    });
    return this.running;
  }

  private cards(): CardController {
    if (!this.cardsMade) {
      this.cardsMade = new CardController({ doc: this.env.doc, lookup: this.env.lookup, t: this.env.t });
      for (const shadow of this.shadowRoots) this.cardsMade.watchRoot(shadow);
    }
    return this.cardsMade;
  }

  /** Article text inside an open shadow root: observed for changes, and its highlights get cards. */
  private addShadowRoot(shadow: ShadowRoot): void {
    if (this.shadowRoots.has(shadow) || this.abort.signal.aborted) return;
    this.shadowRoots.add(shadow);
    this.cardsMade?.watchRoot(shadow);
    this.observer?.observe(shadow, { childList: true, subtree: true });
  }

  /** Follows content added later: batches added nodes, ignores Backstory's own. */
  private observe(): void {
    const body = this.env.doc.body;
    if (!body) return;
    const win = this.env.doc.defaultView;
    this.observer = new (win?.MutationObserver ?? MutationObserver)((records) => this.onMutations(records));
    this.observer.observe(body, { childList: true, subtree: true });
  }

  private onMutations(records: MutationRecord[]): void {
    if (this.abort.signal.aborted) return;
    // Our own marks and the text pieces of split nodes are left out: no feedback loop.
    if (collectAdded(records, this.pending, MAX_PENDING_NODES, (node) => this.highlighter.owns(node))) this.overflow = true;
    this.checkUrl();
    if (this.navTimer !== undefined) {
      this.armNavigation();
      return;
    }
    if ((this.pending.size || this.overflow) && this.flushTimer === undefined) {
      this.flushTimer = later(() => this.flush(), MUTATION_BATCH_MS);
    }
  }

  /**
   * In-app navigations. A content script lives in an isolated world and cannot wrap the page's
   * `history.pushState`; the Navigation API's `currententrychange` reports it where the browser has it
   * (https://html.spec.whatwg.org/multipage/nav-history-apis.html#the-navigation-interface), `popstate` reports
   * back and forward, and elsewhere the URL is compared on every DOM change (an app that navigates re-renders).
   */
  private watchNavigation(): void {
    const win = this.env.doc.defaultView;
    if (!win) return;
    const signal = this.abort.signal;
    const check = () => this.checkUrl();
    const navigation = (win as unknown as { navigation?: EventTarget }).navigation;
    navigation?.addEventListener?.('currententrychange', check, { signal });
    win.addEventListener('popstate', check, { signal });
  }

  private checkUrl(): void {
    const href = this.env.doc.location?.href;
    if (href === undefined || href === this.url) return;
    const sameArticle = withoutHash(href) === withoutHash(this.url);
    this.url = href;
    if (sameArticle) return; // a jump to an anchor of the same page
    if (this.navTimer === undefined) this.navStarted = performance.now();
    this.armNavigation();
  }

  private armNavigation(): void {
    this.navTimer?.cancel();
    const left = NAVIGATION_MAX_WAIT_MS - (performance.now() - this.navStarted);
    this.navTimer = later(() => {
      if (!this.abort.signal.aborted) this.onNavigate();
    }, Math.max(0, Math.min(NAVIGATION_SETTLE_MS, left)));
  }

  private flush(): void {
    this.flushTimer = undefined;
    if (this.abort.signal.aborted) return;
    const doc = this.env.doc;
    const nodes = [...this.pending];
    this.pending.clear();
    const roots: (Element | ShadowRoot)[] = [];
    const add = (root: Element | ShadowRoot) => {
      if (roots.some((r) => r === root || r.contains(root))) return;
      for (let i = roots.length - 1; i >= 0; i--) if (root.contains(roots[i])) roots.splice(i, 1);
      roots.push(root);
    };
    // The page replaced the article (a framework re-rendering it): find it again; text already read is skipped.
    if (this.root && !this.root.isConnected) {
      this.root = findArticleRoot(doc);
      add(this.root);
    }
    if (this.overflow && this.root) add(this.root);
    this.overflow = false;
    for (const node of nodes) {
      if (!node.isConnected) continue;
      const parent = node.nodeType === 1 ? (node as Element) : node.parentNode;
      if (!parent || (parent.nodeType !== 1 && parent.nodeType !== 11)) continue;
      const el = parent as Element | ShadowRoot;
      if (!this.wanted(el)) continue;
      add(el);
    }
    if (!roots.length) return;
    void this.run(() => roots);
  }

  /** Whether added content is part of what Backstory reads: the article, a new story, not the site around it. */
  private wanted(el: Element | ShadowRoot): boolean {
    const host = el.nodeType === 11 ? (el as ShadowRoot).host : (el as Element);
    if (host.closest(MARK_TAG) || (el.nodeType === 1 && isSkipped(el as Element)) || hasSkippedAncestor(el)) return false;
    const root = this.root;
    if (!root || root === this.env.doc.body || root === this.env.doc.documentElement) return true;
    for (let p: Element | null = host; p; p = parentAcrossShadow(p)) if (p === root) return true;
    if (host.closest(STORY_SELECTOR)) return true;
    if (el.nodeType !== 1) return false;
    let chars = 0;
    for (const p of (el as Element).querySelectorAll('p')) {
      chars += p.textContent?.length ?? 0;
      if (chars >= NEW_STORY_CHARS) return true;
    }
    return false;
  }

  page(): PageReport {
    return { active: true, found: [...this.state.found.values()] };
  }

  reveal(id: string): boolean {
    const group = this.highlighter.all.find((m) => m.spec.id === id);
    if (!group) return false;
    this.cards().reveal(String(group.spec.group));
    return true;
  }

  /**
   * Stops every observer, listener and timer, and puts the page back exactly as found. Small restores are done at
   * once; a large one (thousands of highlights) is spread over frames, like the wrapping, and the promise says when
   * the page is exact again.
   */
  destroy(): Promise<void> {
    this.abort.abort();
    this.observer?.disconnect();
    this.observer = null;
    this.flushTimer?.cancel();
    this.navTimer?.cancel();
    this.pending.clear();
    this.shadowRoots.clear();
    this.cardsMade?.destroy();
    if (this.highlighter.size <= RESTORE_PER_FRAME) {
      this.highlighter.restore();
      return Promise.resolve();
    }
    return (async () => {
      while (this.highlighter.restoreSome(RESTORE_PER_FRAME)) await afterNextFrame();
    })();
  }
}

function groupMarks(marks: readonly WrappedMark[]): Group[] {
  const groups = new Map<number, Group>();
  for (const { el, spec } of marks) {
    let g = groups.get(spec.group);
    if (!g) groups.set(spec.group, (g = { key: String(spec.group), id: spec.id, claim: spec.claim, els: [], focusTarget: null }));
    g.els.push(el);
  }
  return [...groups.values()];
}

export interface ContentApp {
  /** Resolves when the current settings have been applied (and the first pass is done, if on). */
  ready(): Promise<void>;
  page(): PageReport;
  reveal(id: string): boolean;
  destroy(): void;
}


/** Starts Backstory on a page. Returns the handle whose `destroy` leaves the page exactly as found. */
export function startContent(env: ContentEnv): ContentApp {
  let session: Session | null = null;
  let engine: Promise<Engine> | null = null;
  let applied: string | null = null;
  let destroyed = false;
  let chain: Promise<void> = Promise.resolve();
  const hostname = env.hostname ?? env.doc.location?.hostname ?? '';

  const getEngine = () =>
    (engine ??= env.loadData().then(({ entries }) => {
      const e: Engine = { entries, scan: (texts, base) => env.scanBlocks({ texts, base }).then((r) => r.candidates) };
      const detect = env.detectClaims;
      if (detect) e.detectClaims = (blocks) => detect({ blocks });
      return e;
    }));

  const report = () => env.report(session ? session.page() : { active: false, found: [] });
  let loaderRoot = env.root;

  const apply = (settings: Settings) => {
    chain = chain.then(async () => {
      if (destroyed) return;
      const on = activeOn(settings, hostname);
      const key = on ? JSON.stringify([settings.kinds, settings.everyMention]) : null;
      if (key === applied) return;
      const old = session;
      session = null;
      applied = key;
      // A new pass starts only on a page that is exact again: it must not read half-restored text.
      await old?.destroy();
      if (!on) return report();
      // Only the first session may take the loader's root: later ones start after a switch or a navigation.
      const rootHint = loaderRoot;
      loaderRoot = undefined;
      const s = new Session(env, await getEngine(), settings, report, () => {
        // The page showed another article in place: start over, so its first mentions are highlighted too.
        if (session !== s) return;
        applied = null;
        void apply(settings);
      }, rootHint);
      if (destroyed || applied !== key) return s.destroy();
      session = s;
      await s.done;
    }).catch((err) => {
      console.error('Backstory:', err);
    });
    return chain;
  };

  const unwatch = env.watchSettings((s) => void apply(s));
  let first = env.getSettings().then(apply);

  return {
    ready: () => first.then(() => chain),
    page: () => (session ? session.page() : { active: false, found: [] }),
    reveal: (id) => session?.reveal(id) ?? false,
    destroy: () => {
      destroyed = true;
      unwatch();
      session?.destroy();
      session = null;
      first = Promise.resolve();
    },
  };
}
