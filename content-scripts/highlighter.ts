/**
 * Wraps mentions in `<backstory-mark>` elements and puts the page back exactly as it was.
 *
 * Why not mark.js: its `markRanges` walks the whole body for every call (about 126 ms on a 1 MB page even for
 * 50 ranges) and its `unmark` calls `normalize()`, which replaces the page's own text nodes. Here the offsets are
 * already known from the reader, so wrapping touches only the nodes that hold a mention, and each split node keeps
 * its identity: the original Text node stays the first piece and gets its whole text back on restore.
 * See docs/decisions/002-wrapper.md.
 */
import { CLAIM_CSS, ENTITY_CSS, IN_CLAIM_CSS } from '../src/core/mark-style';
import { MARK_TAG } from '../src/core/tags';
import { locate, type TextBlock } from './reader';

export interface MarkSpec {
  /** Offsets in the block's text. */
  start: number;
  end: number;
  /** Entry or claim id, written to `data-entry-id`. */
  id: string;
  claim: boolean;
  /** Numbers one mention; its pieces share it (a name split across `<em>` makes two pieces). */
  group: number;
}

interface Record {
  node: Text;
  data: string;
  /** The text the original node kept (its first piece): if the page has changed it since, the page's text stays. */
  kept: string;
  /** Top-level nodes that took the original node's place, in order. */
  pieces: Node[];
}

/**
 * One `cssText` assignment per look (through the CSSOM, which page CSP does not govern), not one `setProperty` per
 * declaration: the benchmark saw dozens of calls per mark add up on pages with many mentions.
 */
export function styleMark(el: HTMLElement, claim: boolean, inClaim = false): void {
  el.style.cssText = claim ? CLAIM_CSS : inClaim ? IN_CLAIM_CSS : ENTITY_CSS;
}

/** The looks of a mark: an entity, a claim, an entity inside a claim sentence (inline styles); styled by the sheet. */
type Look = 0 | 1 | 2 | 3;

export interface WrappedMark {
  el: HTMLElement;
  spec: MarkSpec;
}

export class Highlighter {
  private records: Record[] = [];
  private marks: WrappedMark[] = [];
  /** Every node this highlighter put in the page (marks and the text pieces of split nodes). */
  private readonly made = new WeakSet<Node>();
  /**
   * A styled, empty mark per look, cloned for each highlight: a clone copies the parsed inline style, where
   * assigning `cssText` to every mark parsed its ~40 declarations again (1.2 ms of the reference article's 93).
   */
  private readonly looks: (HTMLElement | undefined)[] = [];

  /**
   * `sheet`: the highlights' user-origin style sheet is in `doc` (the background inserts it with the engine), so marks
   * in the document itself need no inline style; marks in open shadow roots keep theirs (Chromium applies a user sheet
   * there too; that is not relied on).
   */
  constructor(
    private readonly doc: Document,
    private readonly options: { sheet?: boolean } = {},
  ) {}

  private newMark(look: Look): HTMLElement {
    let model = this.looks[look];
    if (!model) {
      model = this.doc.createElement(MARK_TAG);
      if (look !== 3) styleMark(model, look === 1, look === 2);
      this.looks[look] = model;
    }
    return model.cloneNode(false) as HTMLElement;
  }

  /** True for a node Backstory made: the mutation observer ignores them, later passes do not read them again. */
  owns(node: Node): boolean {
    return this.made.has(node);
  }

  /** All marks made so far, in the order they were made. */
  get all(): readonly WrappedMark[] {
    return this.marks;
  }

  /** Wraps the given spans of one block. Spans of one kind must not overlap; a claim may contain entities. */
  wrapBlock(block: TextBlock, specs: readonly MarkSpec[]): WrappedMark[] {
    const perNode = new Map<number, { from: number; to: number; spec: MarkSpec }[]>();
    // A pass yields (and waits for claims) between reading and wrapping: a node the page has changed or removed
    // since it was read no longer holds the text the offsets are about, so spans over it are left alone.
    const fresh = new Map<number, boolean>();
    const isFresh = (i: number) => {
      let ok = fresh.get(i);
      if (ok === undefined) {
        const node = block.nodes[i];
        const end = i + 1 < block.starts.length ? block.starts[i + 1] : block.text.length;
        fresh.set(i, (ok = !!node.parentNode && node.data === block.text.slice(block.starts[i], end)));
      }
      return ok;
    };
    for (const spec of specs) {
      const a = locate(block, spec.start);
      const b = locate(block, spec.end - 1);
      let ok = true;
      for (let i = a.index; i <= b.index && ok; i++) ok = isFresh(i);
      if (!ok) continue;
      for (let i = a.index; i <= b.index; i++) {
        const len = block.nodes[i].data.length;
        const from = i === a.index ? a.offset : 0;
        const to = i === b.index ? b.offset + 1 : len;
        if (to <= from) continue;
        let list = perNode.get(i);
        if (!list) perNode.set(i, (list = []));
        list.push({ from, to, spec });
      }
    }
    const made: WrappedMark[] = [];
    for (const [i, spans] of perNode) made.push(...this.wrapNode(block.nodes[i], spans));
    made.sort((x, y) => x.spec.group - y.spec.group);
    this.marks.push(...made);
    return made;
  }

  private wrapNode(node: Text, spans: { from: number; to: number; spec: MarkSpec }[]): WrappedMark[] {
    const parent = node.parentNode;
    if (!parent) return [];
    const data = node.data;
    const cuts = new Set<number>([0, data.length]);
    for (const s of spans) cuts.add(s.from).add(s.to);
    const points = [...cuts].sort((x, y) => x - y);
    const record: Record = { node, data, kept: '', pieces: [] };
    const made: WrappedMark[] = [];
    const anchor = node.nextSibling;
    const bySheet = !!this.options.sheet && node.getRootNode() === this.doc;
    for (let k = 0; k + 1 < points.length; k++) {
      const [from, to] = [points[k], points[k + 1]];
      const text = k === 0 ? node : this.doc.createTextNode(data.slice(from, to));
      if (k === 0) node.data = record.kept = data.slice(from, to);
      else this.made.add(text);
      const active = spans.filter((s) => s.from <= from && s.to >= to).map((s) => s.spec);
      const entity = active.find((a) => !a.claim);
      const claim = active.find((a) => a.claim);
      let top: Node = text;
      // No nesting: inside a claim sentence, an entity piece is the entity's mark, underlined like the claim.
      // Two interactive elements one inside the other would confuse keyboards and screen readers.
      const spec = entity ?? claim;
      if (spec) {
        const el = this.newMark(bySheet ? 3 : spec.claim ? 1 : entity && claim ? 2 : 0);
        el.setAttribute('data-entry-id', spec.id);
        if (spec.claim) el.setAttribute('data-claim-id', spec.id);
        if (entity && claim) el.setAttribute('data-in-claim', claim.id);
        el.appendChild(text);
        this.made.add(el);
        top = el;
        made.push({ el, spec });
      }
      if (k === 0) {
        if (top !== node) parent.insertBefore(top, anchor ?? null);
        // insertBefore with the original node already inside `top` moved it; nothing else to do.
      } else {
        parent.insertBefore(top, anchor);
      }
      record.pieces.push(top);
    }
    // The first piece must sit where the original node was: when it was wrapped, it went in before `anchor`
    // after the node was moved into it, so order is kept.
    this.records.push(record);
    return made;
  }

  /** Number of text nodes split so far (each is one step of a restore). */
  get size(): number {
    return this.records.length;
  }

  /**
   * Puts every touched text node back, with its original text and identity; removes every mark.
   * Where the page has since changed a split node's text itself (a framework re-rendering it), the page's text is
   * kept and only our pieces go.
   */
  restore(): void {
    this.restoreSome(Infinity);
  }

  /**
   * Restores the last `max` split nodes (newest first). Returns true while some remain, so a large restore can be
   * spread over frames; the page is exact once it returns false.
   */
  restoreSome(max: number): boolean {
    const stop = Math.max(0, this.records.length - max);
    for (let r = this.records.length - 1; r >= stop; r--) {
      const { node, data, kept, pieces } = this.records[r];
      const first = pieces[0];
      const parent = first.parentNode;
      if (parent) {
        if (first !== node) parent.insertBefore(node, first);
        for (const piece of pieces) if (piece !== node) piece.parentNode?.removeChild(piece);
      }
      if (node.data === kept) node.data = data;
    }
    this.records.length = stop;
    if (stop === 0) this.marks = [];
    return stop > 0;
  }
}
