/**
 * The hover card on the page: a Preact tree in the shadow root of a `<backstory-card>` host placed outside the
 * page's content (a child of <html>, after <body>), driven by the hover reducer of `src/core/hover.ts`.
 * The host is made and put in the page on the first hover or focus of a highlight (its intent delay covers the style
 * work; a page that is only read pays nothing for it), and moved back to be the last child of <html> whenever
 * one opens, so a page overlay with the same huge z-index, added later, does not cover it (equal z-index: later in
 * tree order paints on top). The top layer (popover) would beat any z-index, but a page's `::backdrop` rule would
 * then dim the whole page while a card is open.
 */
import { render } from 'preact';
import type { CardModel } from '../src/core/card';
import { hoverReducer, initialHover, type HoverEvent, type HoverState } from '../src/core/hover';
import { placeCard, spanRect } from '../src/core/placement';
import { Card, type Translate } from '../src/ui/Card';
import { CARD_CSS } from '../src/ui/card-styles';
import { FOCUS_ATTR, FOCUS_RING, NO_FOCUS_RING } from '../src/core/mark-style';
import { HOST_TAG, MARK_TAG } from '../src/core/tags';
import { afterNextFrame } from './schedule';
import { later, type Timer } from './timers';

/** One mention on the page: its id and the marks it is made of (several when split across elements). */
export interface Group {
  key: string;
  id: string;
  claim: boolean;
  els: HTMLElement[];
  /** The element keyboard focus lands on for this group (the first mark, or a link around it). */
  focusTarget: HTMLElement | null;
}

const HOST_STYLE: [string, string][] = [
  ['all', 'initial'], ['display', 'block'], ['position', 'fixed'], ['top', '0'], ['left', '0'],
  ['width', '0'], ['height', '0'], ['overflow', 'visible'], ['z-index', '2147483647'],
  ['visibility', 'visible'], ['opacity', '1'], ['pointer-events', 'auto'], ['contain', 'none'],
];

const SHADOW_CSS = `
:host { all: initial; }
.wrap { position: fixed; width: min(380px, calc(100vw - 16px)); max-height: min(60vh, 460px); display: flex; }
.wrap[hidden] { display: none; }
.wrap > .card { width: 100%; max-height: inherit; animation: bs-in 120ms ease-out; }
@keyframes bs-in { from { opacity: 0; transform: translateY(2px); } to { opacity: 1; transform: none; } }
@media (prefers-reduced-motion: reduce) { .wrap > .card { animation: none; } }
${CARD_CSS}
`;


/**
 * Shows or hides a highlight's focus ring: the mark style sheet draws it from {@link FOCUS_ATTR}; a mark with an
 * inline style (not reached by the sheet) gets it inline too, back to the mark's own values afterwards.
 */
function ring(mark: HTMLElement, on: boolean): void {
  mark.toggleAttribute(FOCUS_ATTR, on);
  if (mark.style.length) for (const [p, v] of on ? FOCUS_RING : NO_FOCUS_RING) mark.style.setProperty(p, v, 'important');
}

export interface CardControllerOptions {
  doc: Document;
  lookup: (id: string) => Promise<CardModel | null>;
  t: Translate;
}

export class CardController {
  private readonly doc: Document;
  private readonly win: Window;
  /** Where cards are drawn: made on the first hover or focus of a highlight ({@link ui}). */
  private surface: { host: HTMLElement; shadow: ShadowRoot; mount: HTMLDivElement } | null = null;
  private readonly groups = new Map<string, Group>();
  private readonly byElement = new WeakMap<Element, Group>();
  private state: HoverState = initialHover;
  private timer: Timer | undefined;
  private readonly cache = new Map<string, CardModel | null>();
  private readonly loading = new Map<string, Promise<CardModel | null>>();
  private readonly abort = new AbortController();
  private shownKey: string | null = null;
  /** Set once the first card has been rendered ahead of time ({@link warmUp}). */
  private warm = false;
  /** Set while we move focus back to a highlight ourselves, so that focus does not reopen the card. */
  private returningFocus = false;
  private frame = 0;

  constructor(private readonly options: CardControllerOptions) {
    this.doc = options.doc;
    this.win = this.doc.defaultView ?? window;
    this.watchRoot(this.doc);
  }

  /**
   * The host, its shadow root and the card's mount, made the first time a highlight is hovered or focused, and put
   * in the page.
   */
  private ui(): { host: HTMLElement; shadow: ShadowRoot; mount: HTMLDivElement } {
    if (this.surface) return this.surface;
    const signal = this.abort.signal;
    const host = this.doc.createElement(HOST_TAG);
    for (const [p, v] of HOST_STYLE) host.style.setProperty(p, v, 'important');
    const shadow = host.attachShadow({ mode: 'open' });
    const style = this.doc.createElement('style');
    style.textContent = SHADOW_CSS;
    const mount = this.doc.createElement('div');
    mount.className = 'wrap';
    mount.hidden = true;
    shadow.append(style, mount);
    const on = (type: string, fn: () => void) => this.win.addEventListener(type, fn, { capture: true, passive: true, signal });
    on('scroll', () => this.schedulePosition());
    on('resize', () => this.schedulePosition());
    mount.addEventListener('pointerenter', () => this.dispatch({ type: 'cardEnter' }), { signal });
    mount.addEventListener('pointerleave', () => this.dispatch({ type: 'cardLeave' }), { signal });
    mount.addEventListener('focusin', () => this.dispatch({ type: 'cardEnter' }), { signal });
    mount.addEventListener('focusout', (e) => {
      if (!mount.contains(e.relatedTarget as Node | null)) this.dispatch({ type: 'cardLeave' });
    }, { signal });
    this.surface = { host, shadow, mount };
    this.raise();
    return this.surface;
  }

  /** True when `node` is the card's host or inside the card. */
  private inCard(node: EventTarget | null): boolean {
    return !!this.surface && (node === this.surface.host || this.surface.mount.contains(node as Node | null));
  }

  /**
   * Listens for hover, focus and keys in a document or an open shadow root. Events from inside a shadow root reach
   * the document retargeted to its host, so highlights inside one are followed from the shadow root itself.
   */
  watchRoot(root: Document | ShadowRoot): void {
    const on = <K extends keyof DocumentEventMap>(type: K, fn: (e: DocumentEventMap[K]) => void) =>
      root.addEventListener(type, fn as EventListener, { capture: true, passive: type !== 'keydown', signal: this.abort.signal });
    on('pointerover', (e) => this.onPointerOver(e));
    on('pointerout', (e) => this.onPointerOut(e));
    on('focusin', (e) => this.onFocusIn(e));
    on('focusout', (e) => this.onFocusOut(e));
    on('keydown', (e) => this.onKeyDown(e));
  }

  /** Registers the marks of new mentions: makes the first mark of each reachable by keyboard. */
  addGroups(groups: Iterable<Group>): void {
    for (const g of groups) {
      this.groups.set(g.key, g);
      for (const el of g.els) {
        this.byElement.set(el, g);
        el.setAttribute('data-backstory-group', g.key);
      }
      const first = g.els[0];
      // Inside a link or button the page's control keeps the focus; focusing it opens the card.
      const control = first.parentElement?.closest('a[href], button, summary, [tabindex], [role="button"], [role="link"]') as HTMLElement | null;
      if (control) {
        g.focusTarget = control;
        this.byElement.set(control, g);
      } else {
        first.tabIndex = 0;
        first.setAttribute('role', 'button');
        first.setAttribute('aria-haspopup', 'dialog');
        first.setAttribute('aria-expanded', 'false');
        g.focusTarget = first;
      }
    }
  }

  private groupOf(target: EventTarget | null): Group | undefined {
    if (!target || !(target as Node).nodeType || (target as Node).nodeType !== 1) return undefined;
    const el = target as Element;
    const direct = this.byElement.get(el);
    if (direct) return direct;
    const mark = el.closest(MARK_TAG);
    return mark ? this.byElement.get(mark) : undefined;
  }

  private onPointerOver(e: PointerEvent): void {
    const g = this.groupOf(e.target);
    if (!g || !(e.target as Element).closest?.(MARK_TAG)) return;
    // Make the card's host and fetch the card while the pointer dwells, so both are ready when the intent delay ends.
    this.ui();
    void this.load(g.id).then((model) => this.warmUp(model));
    this.dispatch({ type: 'enter', target: g.key });
  }

  /**
   * The page's first card is rendered once, invisible, while the pointer dwells on a mark: the first render runs cold
   * code (Preact's and the card's own: 14-18 ms on the benchmark's busy machine, which put the first card in the
   * second frame after the intent delay), and its first layout finds the card's fonts (5-6 ms of layout when the
   * card first showed); the delay hides both. The browser lays it out in its next frame, then it is taken away.
   * Nothing is rendered where no one hovers.
   */
  private warmUp(model: CardModel | null): void {
    const { mount } = this.ui();
    if (this.warm || this.shownKey || !mount.hidden) return;
    this.warm = true;
    render(<Card model={model} headingId="backstory-card-warm" t={this.options.t} onClose={() => undefined} />, mount);
    mount.style.visibility = 'hidden';
    mount.hidden = false;
    const done = () => {
      mount.style.visibility = '';
      if (this.shownKey) return; // a card opened meanwhile: it is in the mount now
      mount.hidden = true;
      render(null, mount);
    };
    void afterNextFrame(this.win as Window & typeof globalThis).then(done, done);
  }

  /** The card model of an entry, fetched once through the gateway and kept. */
  private load(id: string): Promise<CardModel | null> {
    let pending = this.loading.get(id);
    if (!pending) {
      pending = this.options.lookup(id).then((model) => {
        this.cache.set(id, model);
        return model;
      }, () => {
        this.cache.set(id, null);
        return null;
      });
      this.loading.set(id, pending);
    }
    return pending;
  }

  private onPointerOut(e: PointerEvent): void {
    const from = this.groupOf(e.target);
    if (!from || !(e.target as Element).closest?.(MARK_TAG)) return;
    const to = this.groupOf(e.relatedTarget);
    if (to === from) return;
    if (this.surface && e.relatedTarget === this.surface.host) return this.dispatch({ type: 'cardEnter' });
    this.dispatch({ type: 'leave' });
  }

  private onFocusIn(e: FocusEvent): void {
    const g = this.groupOf(e.target);
    if (!g || g.focusTarget !== e.target) return;
    ring(g.els[0], true);
    if (this.returningFocus) return;
    this.ui();
    this.dispatch({ type: 'focus', target: g.key });
  }

  private onFocusOut(e: FocusEvent): void {
    const g = this.groupOf(e.target);
    if (!g || g.focusTarget !== e.target) return;
    ring(g.els[0], false);
    if (this.inCard(e.relatedTarget)) return;
    this.dispatch({ type: 'blur' });
  }

  private onKeyDown(e: KeyboardEvent): void {
    if (this.state.phase !== 'open' && this.state.phase !== 'leaving') return;
    const g = this.groups.get(this.state.target);
    if (e.key === 'Escape') {
      const inCard = !!this.surface && e.composedPath().includes(this.surface.mount);
      this.dispatch({ type: 'escape' });
      if (inCard && g) this.returnFocus(g);
      e.stopPropagation();
      return;
    }
    // Enter or Space on the focused highlight moves focus into its card, so its links can be reached.
    if ((e.key === 'Enter' || e.key === ' ') && g && e.target === g.focusTarget && g.focusTarget === g.els[0]) {
      e.preventDefault();
      (this.surface?.mount.querySelector('[role="dialog"]') as HTMLElement | null)?.focus();
    }
  }

  private returnFocus(g: Group): void {
    this.returningFocus = true;
    try {
      g.focusTarget?.focus();
    } finally {
      this.returningFocus = false;
    }
  }

  /** Opens the card of a group at once (the popup's "show on page"). */
  reveal(key: string): void {
    const g = this.groups.get(key);
    if (!g) return;
    g.els[0].scrollIntoView({ block: 'center', behavior: this.prefersReducedMotion() ? 'auto' : 'smooth' });
    if (g.focusTarget) g.focusTarget.focus({ preventScroll: true });
    this.dispatch({ type: 'focus', target: key });
  }

  private prefersReducedMotion(): boolean {
    return this.win.matchMedia?.('(prefers-reduced-motion: reduce)').matches ?? false;
  }

  private dispatch(event: HoverEvent): void {
    const { state, effect } = hoverReducer(this.state, event);
    this.state = state;
    if (effect.type === 'schedule') {
      this.timer?.cancel();
      this.timer = later(() => this.dispatch({ type: 'timer', token: effect.token }), effect.ms);
    }
    this.sync();
  }

  private sync(): void {
    const key = this.state.phase === 'open' || this.state.phase === 'leaving' ? this.state.target : null;
    if (key === this.shownKey) return;
    const previous = this.shownKey ? this.groups.get(this.shownKey) : undefined;
    previous?.els[0].setAttribute('aria-expanded', 'false');
    this.shownKey = key;
    if (!key) {
      if (this.surface) {
        this.surface.mount.hidden = true;
        render(null, this.surface.mount);
      }
      return;
    }
    const g = this.groups.get(key);
    if (!g) return;
    if (g.focusTarget === g.els[0]) g.els[0].setAttribute('aria-expanded', 'true');
    const cached = this.cache.get(g.id);
    this.show(g, cached ?? null);
    if (cached === undefined) {
      void this.load(g.id).then((model) => {
        if (this.shownKey === key) this.show(g, model);
      });
    }
  }

  private show(g: Group, model: CardModel | null): void {
    const { mount, shadow } = this.ui();
    const close = () => {
      const wasInside = mount.contains(shadow.activeElement);
      this.dispatch({ type: 'escape' });
      if (wasInside) this.returnFocus(g);
    };
    render(
      <Card model={model} headingId="backstory-card-title" t={this.options.t} onClose={close} dialogProps={{ tabIndex: -1, 'aria-modal': 'false' } as never} />,
      mount,
    );
    if (mount.hidden) this.raise();
    mount.hidden = false;
    mount.style.visibility = '';
    this.position();
  }

  /** Puts the host last in <html> (see the file comment), or back in the page if the page removed it. */
  private raise(): void {
    const root = this.doc.documentElement;
    const host = this.surface?.host;
    if (host && (host.parentNode !== root || host.nextSibling)) root.appendChild(host);
  }

  private schedulePosition(): void {
    if (!this.shownKey || this.frame) return;
    this.frame = this.win.requestAnimationFrame(() => {
      this.frame = 0;
      this.position();
    });
  }

  private position(): void {
    const g = this.shownKey ? this.groups.get(this.shownKey) : undefined;
    if (!g || !g.els[0].isConnected || !this.surface) return;
    const { mount } = this.surface;
    const anchor = spanRect(g.els.flatMap((el) => [...el.getClientRects()])) ?? g.els[0].getBoundingClientRect();
    mount.style.maxHeight = ''; // its own height first (the style sheet's cap), then maybe less
    const size = { width: mount.offsetWidth, height: mount.offsetHeight };
    const viewport = { width: this.doc.documentElement.clientWidth || this.win.innerWidth, height: this.win.innerHeight };
    const place = placeCard(anchor, size, viewport);
    mount.style.left = `${place.left}px`;
    mount.style.top = `${place.top}px`;
    if (place.maxHeight !== null) mount.style.maxHeight = `${place.maxHeight}px`;
  }

  /** The card currently shown, for tests and the popup. */
  get openKey(): string | null {
    return this.shownKey;
  }

  destroy(): void {
    this.abort.abort();
    this.timer?.cancel();
    if (this.frame) this.win.cancelAnimationFrame(this.frame);
    if (this.surface) {
      render(null, this.surface.mount);
      this.surface.host.remove();
    }
    this.groups.clear();
  }
}
