/**
 * Wraps mentions in `<backstory-mark>` elements and puts the page back exactly as it was.
 *
 * Why not mark.js: its `markRanges` walks the whole body for every call (about 126 ms on a 1 MB page even for
 * 50 ranges) and its `unmark` calls `normalize()`, which replaces the page's own text nodes. Here the offsets are
 * already known from the reader, so wrapping touches only the nodes that hold a mention, and each split node keeps
 * its identity: the original Text node stays the first piece and gets its whole text back on restore.
 * See docs/decisions/002-wrapper.md.
 */
import { locate, MARK_TAG, type TextBlock } from './reader';

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
  /** Top-level nodes that took the original node's place, in order. */
  pieces: Node[];
}

/** Inline, !important: page CSS (even `* { all: unset !important }`) cannot hide or restyle a highlight. */
const ENTITY_STYLE: [string, string][] = [
  ['display', 'inline'], ['visibility', 'visible'], ['opacity', '1'],
  ['background-color', '#ffe69c'], ['color', '#1a1a1a'], ['border-radius', '2px'],
  ['box-shadow', 'inset 0 -2px 0 #d39e00'], ['text-decoration', 'none'], ['cursor', 'help'],
  ['padding', '0'], ['margin', '0'], ['outline-offset', '1px'],
];
const CLAIM_STYLE: [string, string][] = [
  ['display', 'inline'], ['visibility', 'visible'], ['opacity', '1'],
  ['background-color', 'transparent'], ['color', 'inherit'],
  ['text-decoration-line', 'underline'], ['text-decoration-style', 'dotted'], ['text-decoration-color', '#7b4fd6'],
  ['text-decoration-thickness', '2px'], ['text-underline-offset', '3px'], ['cursor', 'help'],
  ['padding', '0'], ['margin', '0'], ['outline-offset', '1px'],
];

const CLAIM_UNDERLINE = CLAIM_STYLE.filter(([p]) => p.startsWith('text-decoration') || p === 'text-underline-offset');

export function styleMark(el: HTMLElement, claim: boolean): void {
  for (const [prop, value] of claim ? CLAIM_STYLE : ENTITY_STYLE) el.style.setProperty(prop, value, 'important');
}

export interface WrappedMark {
  el: HTMLElement;
  spec: MarkSpec;
}

export class Highlighter {
  private records: Record[] = [];
  private marks: WrappedMark[] = [];

  constructor(private readonly doc: Document) {}

  /** All marks made so far, in the order they were made. */
  get all(): readonly WrappedMark[] {
    return this.marks;
  }

  /** Wraps the given spans of one block. Spans of one kind must not overlap; a claim may contain entities. */
  wrapBlock(block: TextBlock, specs: readonly MarkSpec[]): WrappedMark[] {
    const perNode = new Map<number, { from: number; to: number; spec: MarkSpec }[]>();
    for (const spec of specs) {
      const a = locate(block, spec.start);
      const b = locate(block, spec.end - 1);
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
    const record: Record = { node, data, pieces: [] };
    const made: WrappedMark[] = [];
    const anchor = node.nextSibling;
    for (let k = 0; k + 1 < points.length; k++) {
      const [from, to] = [points[k], points[k + 1]];
      const text = k === 0 ? node : this.doc.createTextNode(data.slice(from, to));
      if (k === 0) node.data = data.slice(from, to);
      const active = spans.filter((s) => s.from <= from && s.to >= to).map((s) => s.spec);
      const entity = active.find((a) => !a.claim);
      const claim = active.find((a) => a.claim);
      let top: Node = text;
      // No nesting: inside a claim sentence, an entity piece is the entity's mark, underlined like the claim.
      // Two interactive elements one inside the other would confuse keyboards and screen readers.
      const spec = entity ?? claim;
      if (spec) {
        const el = this.doc.createElement(MARK_TAG);
        el.setAttribute('data-entry-id', spec.id);
        if (spec.claim) el.setAttribute('data-claim-id', spec.id);
        styleMark(el, spec.claim);
        if (entity && claim) {
          el.setAttribute('data-in-claim', claim.id);
          for (const [prop, value] of CLAIM_UNDERLINE) el.style.setProperty(prop, value, 'important');
        }
        el.appendChild(text);
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

  /** Puts every touched text node back, with its original text and identity; removes every mark. */
  restore(): void {
    for (let r = this.records.length - 1; r >= 0; r--) {
      const { node, data, pieces } = this.records[r];
      const first = pieces[0];
      const parent = first.parentNode;
      if (parent) {
        if (first !== node) parent.insertBefore(node, first);
        for (const piece of pieces) if (piece !== node) piece.parentNode?.removeChild(piece);
      }
      node.data = data;
    }
    this.records = [];
    this.marks = [];
  }
}
