/**
 * The content script's life: read settings, annotate when highlights are on here, follow settings changes and
 * content the page adds later, and put the page back exactly as found when turned off.
 * Every browser API arrives through {@link ContentEnv}, so this runs in DOM tests with fakes.
 */
import type { CardModel } from '../src/core/card';
import type { CompiledClaims } from '../src/core/claims-types';
import { ClaimDetector } from '../src/core/claims';
import type { CompiledIndex } from '../src/core/compiled';
import { Matcher } from '../src/core/matcher';
import type { PageReport } from '../src/core/messages';
import { activeOn, type Settings } from '../src/core/settings';
import type { Translate } from '../src/ui/Card';
import { annotatePass, newPageState, type Engine, type PageState } from './annotator';
import { CardController, type Group } from './cards';
import { Highlighter, type WrappedMark } from './highlighter';
import { findArticleRoot, hasSkippedAncestor, HOST_TAG, isSkipped, MARK_TAG } from './reader';
import { Slicer } from './schedule';

export interface ContentEnv {
  doc: Document;
  /** The compiled dataset (asked of the background once per page). */
  loadData(): Promise<{ index: CompiledIndex; claims: CompiledClaims }>;
  lookup(id: string): Promise<CardModel | null>;
  getSettings(): Promise<Settings>;
  /** Calls back on every settings change; returns the teardown. */
  watchSettings(callback: (settings: Settings) => void): () => void;
  report(report: PageReport): void;
  t: Translate;
}

/** Content the page adds later is annotated in batches at most this often. */
export const MUTATION_BATCH_MS = 250;

/** One period of highlights on the page, from turning on to turning off. */
class Session {
  private readonly abort = new AbortController();
  private readonly highlighter: Highlighter;
  private readonly cards: CardController;
  private readonly state: PageState = newPageState();
  private observer: MutationObserver | null = null;
  private pending = new Set<Node>();
  private flushTimer: ReturnType<typeof setTimeout> | undefined;
  private running: Promise<void> = Promise.resolve();
  private root: Element | null = null;
  private url: string;
  done: Promise<void>;

  constructor(private readonly env: ContentEnv, private readonly engine: Engine, private readonly settings: Settings, private readonly onChange: () => void) {
    this.highlighter = new Highlighter(env.doc);
    this.cards = new CardController({ doc: env.doc, lookup: env.lookup, t: env.t });
    this.url = env.doc.location?.href ?? '';
    this.done = this.run(() => {
      this.root = findArticleRoot(env.doc);
      return [this.root];
    }).then(() => this.observe());
  }

  private run(roots: () => (Element | ShadowRoot)[]): Promise<void> {
    this.running = this.running.then(async () => {
      if (this.abort.signal.aborted) return;
      const slicer = new Slicer(this.abort.signal);
      const result = await annotatePass(roots(), this.engine, this.settings, this.state, this.highlighter, slicer).catch((err: unknown) => {
        if ((err as Error)?.name === 'AbortError') return null;
        throw err;
      });
      if (!result || this.abort.signal.aborted) return;
      this.cards.addGroups(groupMarks(result.marks));
      this.onChange();
    });
    return this.running;
  }

  /** Follows content added later: batches added nodes, ignores our own. */
  private observe(): void {
    if (this.abort.signal.aborted) return;
    const body = this.env.doc.body;
    if (!body) return;
    const win = this.env.doc.defaultView;
    this.observer = new (win?.MutationObserver ?? MutationObserver)((records) => {
      for (const r of records) {
        for (const node of r.addedNodes) {
          if (node.nodeType === 1) {
            const tag = (node as Element).tagName.toLowerCase();
            if (tag === MARK_TAG || tag === HOST_TAG) continue;
          } else if (node.nodeType !== 3) continue;
          if (node.parentElement?.closest(MARK_TAG)) continue;
          this.pending.add(node);
        }
      }
      if (this.env.doc.location && this.env.doc.location.href !== this.url) {
        // In-app navigation (pushState): the article changed; start over.
        this.url = this.env.doc.location.href;
        this.onNavigate?.();
        return;
      }
      if (this.pending.size && this.flushTimer === undefined) {
        this.flushTimer = setTimeout(() => this.flush(), MUTATION_BATCH_MS);
      }
    });
    this.observer.observe(body, { childList: true, subtree: true });
  }

  onNavigate?: () => void;

  private flush(): void {
    this.flushTimer = undefined;
    const nodes = [...this.pending];
    this.pending.clear();
    const roots: Element[] = [];
    for (const node of nodes) {
      if (!node.isConnected) continue;
      const el = node.nodeType === 1 ? (node as Element) : node.parentElement;
      if (!el || roots.some((r) => r.contains(el))) continue;
      if (this.root && this.root !== this.env.doc.body && !this.root.contains(el) && !el.contains(this.root)) continue;
      if (isSkipped(el) || hasSkippedAncestor(el) || el.closest(MARK_TAG)) continue;
      // A text node added alone: read its parent block, skipping what is already highlighted.
      for (let i = roots.length - 1; i >= 0; i--) if (el.contains(roots[i])) roots.splice(i, 1);
      roots.push(el);
    }
    if (!roots.length) return;
    void this.run(() => roots);
    // Our own wrapping mutates the page; drop those records.
    void this.running.then(() => this.observer?.takeRecords());
  }

  page(): PageReport {
    return { active: true, found: [...this.state.found.values()] };
  }

  reveal(id: string): boolean {
    const group = this.highlighter.all.find((m) => m.spec.id === id);
    if (!group) return false;
    this.cards.reveal(String(group.spec.group));
    return true;
  }

  destroy(): void {
    this.abort.abort();
    this.observer?.disconnect();
    clearTimeout(this.flushTimer);
    this.cards.destroy();
    this.highlighter.restore();
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
  const hostname = env.doc.location?.hostname ?? '';

  const getEngine = () =>
    (engine ??= env.loadData().then(({ index, claims }) => {
      const matcher = new Matcher(index);
      const e: Engine = { index, matcher };
      if (claims?.claims?.length) {
        const detector = new ClaimDetector(claims);
        e.detectClaims = (text, mentions, base) =>
          detector.detect(text, mentions, base).map((c) => ({ id: c.id, name: claims.claims[c.claim].name, start: c.start, end: c.end }));
      }
      return e;
    }));

  const report = () => env.report(session ? session.page() : { active: false, found: [] });

  const apply = (settings: Settings) => {
    chain = chain.then(async () => {
      if (destroyed) return;
      const on = activeOn(settings, hostname);
      const key = on ? JSON.stringify([settings.kinds, settings.everyMention]) : null;
      if (key === applied) return;
      session?.destroy();
      session = null;
      applied = key;
      if (!on) return report();
      const s = new Session(env, await getEngine(), settings, report);
      if (destroyed || applied !== key) return s.destroy();
      s.onNavigate = () => {
        applied = null;
        apply(settings);
      };
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
