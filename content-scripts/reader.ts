/**
 * Reads "the article" of a page as blocks of text, with the map back to text nodes.
 *
 * Only element names and attributes are consulted (never computed style), so reading costs no layout.
 * See docs/decisions/003-reading-the-article.md.
 */
import { HOST_TAG, MARK_TAG } from '../src/core/tags';
import { hasWord } from '../src/core/text';

/** Elements whose content is not prose a reader reads, or belongs to the page's UI. */
const SKIP_TAGS = new Set([
  'SCRIPT', 'STYLE', 'NOSCRIPT', 'TEMPLATE', 'HEAD', 'TITLE', 'META', 'LINK',
  'INPUT', 'TEXTAREA', 'SELECT', 'OPTION', 'OPTGROUP', 'BUTTON', 'DATALIST', 'OUTPUT', 'FORM', 'LABEL',
  'CODE', 'PRE', 'KBD', 'SAMP', 'VAR', 'TT',
  'SVG', 'MATH', 'IFRAME', 'FRAME', 'OBJECT', 'EMBED', 'CANVAS', 'VIDEO', 'AUDIO', 'MAP', 'IMG', 'PICTURE',
  'NAV', 'FOOTER', 'DIALOG', 'MENU',
  MARK_TAG.toUpperCase(), HOST_TAG.toUpperCase(),
]);

const SKIP_ROLES = new Set(['navigation', 'banner', 'contentinfo', 'search', 'menu', 'menubar', 'toolbar', 'form', 'dialog', 'alertdialog', 'complementary', 'textbox', 'combobox', 'code', 'math']);

/** Elements that start a new run of text: words on either side never join into one name. */
export const BLOCK_TAGS = new Set([
  'ADDRESS', 'ARTICLE', 'ASIDE', 'BLOCKQUOTE', 'BODY', 'BR', 'CAPTION', 'DD', 'DETAILS', 'DIV', 'DL', 'DT',
  'FIELDSET', 'FIGCAPTION', 'FIGURE', 'H1', 'H2', 'H3', 'H4', 'H5', 'H6', 'HEADER', 'HGROUP', 'HR', 'HTML', 'LI',
  'MAIN', 'OL', 'P', 'SECTION', 'SUMMARY', 'TABLE', 'TBODY', 'TD', 'TFOOT', 'TH', 'THEAD', 'TR', 'UL',
]);

/**
 * The elements that can host a shadow root, besides custom elements (DOM standard, attachShadow): the walk reads
 * `shadowRoot` only on these, not on every link and list item.
 */
export const SHADOW_HOSTS = new Set(['ARTICLE', 'ASIDE', 'BLOCKQUOTE', 'BODY', 'DIV', 'FOOTER', 'H1', 'H2', 'H3', 'H4', 'H5', 'H6', 'HEADER', 'MAIN', 'NAV', 'P', 'SECTION', 'SPAN']);

/** A run of text inside one block, and the text nodes it is made of. */
export interface TextBlock {
  /** Concatenated data of `nodes`. */
  text: string;
  nodes: Text[];
  /** Offset of each node's first character within `text`. */
  starts: number[];
}

/** Blocks longer than this are cut at a node boundary so one block never makes a long task. */
const MAX_BLOCK_CHARS = 20_000;

const XHTML = 'http://www.w3.org/1999/xhtml';

/** True for elements whose subtree Backstory never reads or touches. */
export function isSkipped(el: Element): boolean {
  return skippedAs(el, upperTag(el));
}

/** The element's tag name in upper case (HTML elements already have it so: no new string). */
export function upperTag(el: Element): string {
  const tag = el.tagName;
  return tag.length < 12 && tag.charCodeAt(0) < 91 ? tag : tag.toUpperCase();
}

/** {@link isSkipped} for a walk that has read the tag name already. */
export function skippedAs(el: Element, upper: string): boolean {
  // Called for every element of the article: the cheap tests first, attributes only when there are any. Asked with
  // hasAttributes(): reading `attributes.length` makes a NamedNodeMap per element, 6-11 ms over wikipedia-2's 9,224
  // elements in the content script's world, against 2-3 ms for this test and the five lookups together.
  if (SKIP_TAGS.has(upper)) return true;
  if (el.namespaceURI !== XHTML && el.namespaceURI) return true; // SVG, MathML
  if (el.hasAttributes()) {
    if (el.hasAttribute('hidden') || el.hasAttribute('inert') || el.getAttribute('aria-hidden') === 'true') return true;
    const editable = el.getAttribute('contenteditable');
    if (editable !== null && editable !== 'false') return true;
    const role = el.getAttribute('role');
    if (role && SKIP_ROLES.has(role)) return true;
  }
  if ((upper === 'UL' || upper === 'OL') && isLinkList(el)) return true;
  // A site header (not an article's own header with its headline).
  if (upper === 'HEADER' && !el.closest('article')) return true;
  return false;
}

/** A list is judged by this many of its first items (a list is rarely links at the top and prose below). */
const LINK_LIST_SAMPLE = 12;

/** Characters of `s` that are not white space: markup indentation must not count as text. */
const solidLength = (s: string | null): number => (s ? s.replace(/\s+/g, '').length : 0);

/**
 * A list whose text is nearly all link text (related stories, tags, menus, navigation boxes), judged by its first
 * items. Counting white space made pretty-printed link lists look like prose (Wikipedia's navigation boxes: 3% link
 * text with the indentation, 100% without), and building the text of every link of a 300-item reference list was
 * most of this test's cost.
 */
function isLinkList(list: Element): boolean {
  let total = 0;
  let linked = 0;
  let items = 0;
  for (let item = list.firstElementChild; item && items < LINK_LIST_SAMPLE; item = item.nextElementSibling, items++) {
    total += solidLength(item.textContent);
    for (const a of item.querySelectorAll('a')) linked += solidLength(a.textContent);
  }
  return total > 0 && linked / total > 0.8;
}

function textLength(el: Element): number {
  return (el.textContent ?? '').length;
}

/** Characters an article root must hold (its `textContent`, as {@link textLength} counts). */
const MIN_ROOT_TEXT = 200;

/** True when the text under `el` has at least `min` characters: a text-only walk that stops once it has them. */
function hasText(el: Element, min: number): boolean {
  const walker = el.ownerDocument.createTreeWalker(el, 4 /* NodeFilter.SHOW_TEXT */);
  let length = 0;
  for (let n = walker.nextNode(); n; n = walker.nextNode()) if ((length += (n as Text).data.length) >= min) return true;
  return false;
}

/**
 * The element holding the page's main text: the largest `article` (or `[itemprop=articleBody]`), else `main` /
 * `[role=main]`, else the parent of the most paragraph text, else the body.
 */
export function findArticleRoot(doc: Document): Element {
  const body = doc.body ?? doc.documentElement;
  const largest = (selector: string): Element | null => {
    const found = [...doc.querySelectorAll(selector)].filter((el) => !el.closest('[contenteditable]:not([contenteditable="false"])'));
    // The usual page has one candidate: it only needs enough text, which a walk that stops early tells without
    // building the whole text (yahoo-3's main holds 215,000 characters, most of them inline scripts).
    if (found.length === 1) return hasText(found[0], MIN_ROOT_TEXT) ? found[0] : null;
    let best: Element | null = null;
    let bestLen = 0;
    for (const el of found) {
      const len = textLength(el);
      if (len > bestLen) [best, bestLen] = [el, len];
    }
    return bestLen >= MIN_ROOT_TEXT ? best : null;
  };
  const article = largest('[itemprop="articleBody"]') ?? largest('article');
  if (article) return article;
  const main = largest('main, [role="main"]');
  if (main) return storyIn(main) ?? main;
  const { best, weight } = paragraphParent(doc);
  return best && weight >= MIN_STORY_TEXT ? best : body;
}

/** Paragraph text the parent of the most of it must hold to count as a page's story. */
const MIN_STORY_TEXT = 500;

/**
 * The element whose `p` children hold the most text within `scope`, that text, the next parent's, and all
 * paragraph text there.
 */
function paragraphParent(scope: Document | Element): { best: Element | null; weight: number; second: number; total: number } {
  const weights = new Map<Element, number>();
  let total = 0;
  for (const p of scope.querySelectorAll('p')) {
    const parent = p.parentElement;
    const length = textLength(p);
    total += length;
    if (parent) weights.set(parent, (weights.get(parent) ?? 0) + length);
  }
  let best: Element | null = null;
  let weight = 0;
  let second = 0;
  for (const [el, w] of weights) {
    if (w > weight) [best, weight, second] = [el, w, weight];
    else if (w > second) second = w;
  }
  return { best, weight, second, total };
}

/**
 * The story inside a page's main region, when the region holds more than the story (a video player's menus,
 * comments, a stream of other stories): the nearest ancestor of the parent of its story paragraphs (most of the
 * paragraph text, or three times any other parent's) that also holds a headline (`h1`). Null, keeping the whole
 * region, where no such ancestor is smaller than the region.
 */
function storyIn(region: Element): Element | null {
  const { best, weight, second, total } = paragraphParent(region);
  // Most of the region's paragraph text, or far more than any other parent holds (a stream of teasers around it).
  if (!best || weight < MIN_STORY_TEXT || (weight < total / 2 && weight < 3 * second)) return null;
  for (let el: Element | null = best; el && el !== region; el = el.parentElement) if (el.querySelector('h1')) return el;
  return null;
}

export interface ReadOptions {
  /** Text nodes to leave out: already read by an earlier pass, or made by Backstory. */
  skip?: (node: Text) => boolean;
  /** Called with each open shadow root met inside `root` (its text is read too, as blocks of its own). */
  onShadowRoot?: (root: ShadowRoot) => void;
}

/**
 * Walks `root` and yields its readable text as blocks, in document order. A generator, so the caller can stop
 * between blocks and yield to the page. Open shadow roots inside `root` are read too (a shadow tree's text makes
 * blocks of its own, after the host's light children): web components that render article text keep it there.
 */
export function* readBlocks(root: Element | ShadowRoot, options: ReadOptions = {}): Generator<TextBlock> {
  if (hasSkippedAncestor(root)) return;
  // The block elements the walk is inside, innermost last: entered on the way down, left on the way up (no lookup
  // per text node; a map from parents to their blocks was ~18% of the read on wikipedia-2, docs/performance.md).
  const blocks: Node[] = [root];
  let current: Node | null = null;
  let nodes: Text[] = [];
  let starts: number[] = [];
  let parts: string[] = [];
  let length = 0;
  const flush = (): TextBlock | null => {
    const text = parts.join('');
    const out = hasWord(text) ? { text, nodes, starts } : null;
    nodes = [];
    starts = [];
    parts = [];
    length = 0;
    return out;
  };
  /** Shadow roots met so far, read when the walk leaves their host's subtree (so blocks stay in document order). */
  const shadows: { host: Element; root: ShadowRoot }[] = [];
  const drainShadows = function* (before: Node | null): Generator<TextBlock> {
    while (shadows.length) {
      const last = shadows[shadows.length - 1];
      if (before && last.host.contains(before)) return;
      shadows.pop();
      const done = flush();
      if (done) yield done;
      current = null;
      yield* readBlocks(last.root, options);
    }
  };
  // A plain pre-order walk over firstChild / nextSibling. A TreeWalker with a filter callback calls back into
  // script for every node, which measured 2-3x slower on wikipedia-2 (docs/performance.md).
  let node: Node | null = root.firstChild;
  let descend = true;
  const advance = (from: Node, intoChildren: boolean): Node | null => {
    if (intoChildren && from.firstChild) return from.firstChild;
    for (let n: Node | null = from; n && n !== root; n = n.parentNode) {
      if (blocks[blocks.length - 1] === n) blocks.pop(); // leaving it
      if (n.nextSibling) return n.nextSibling;
    }
    return null;
  };
  for (; node; node = advance(node, descend)) {
    descend = false;
    const type = node.nodeType;
    if (type === 1) {
      const el = node as Element;
      const upper = upperTag(el);
      if (skippedAs(el, upper)) continue;
      descend = true;
      if (BLOCK_TAGS.has(upper)) blocks.push(el);
      if (shadows.length) yield* drainShadows(node);
      if (upper === 'BR') current = null; // a line break ends the run
      const shadow = upper.includes('-') || SHADOW_HOSTS.has(upper) ? el.shadowRoot : null;
      if (shadow) {
        options.onShadowRoot?.(shadow);
        shadows.push({ host: el, root: shadow });
      }
      continue;
    }
    if (type !== 3) continue;
    if (shadows.length) yield* drainShadows(node);
    const text = node as Text;
    if (options.skip?.(text)) {
      current = null; // text on either side of a skipped node never joins into one name
      continue;
    }
    const block = blocks[blocks.length - 1];
    if (block !== current || length > MAX_BLOCK_CHARS) {
      const done = flush();
      if (done) yield done;
      current = block;
    }
    const data = text.data; // one call into the DOM per node, not two
    nodes.push(text);
    starts.push(length);
    parts.push(data);
    length += data.length;
  }
  yield* drainShadows(null);
  const done = flush();
  if (done) yield done;
}

/** The parent of a node, or the host of the shadow root it is the top of. */
export function parentAcrossShadow(node: Node): Element | null {
  if (node.nodeType === 11) return (node as ShadowRoot).host ?? null;
  if (node.parentElement) return node.parentElement;
  const parent = node.parentNode;
  return parent && parent.nodeType === 11 ? ((parent as ShadowRoot).host ?? null) : null;
}

/**
 * True when an ancestor of `el` (outside it, across shadow roots) is one Backstory never reads, e.g. new content
 * inside a form.
 */
export function hasSkippedAncestor(el: Node): boolean {
  // A form around the whole page (as some frameworks render) does not make the article a form.
  for (let p = parentAcrossShadow(el); p; p = parentAcrossShadow(p)) if (p.tagName !== 'FORM' && isSkipped(p)) return true;
  return false;
}

/**
 * Collects from mutation records the added nodes a later read should cover: elements and text, not Backstory's own
 * marks and card host, nor what `ignore` names. Adds to `into` up to `max` nodes; returns true when some were left
 * out (the caller then reads the whole article again instead).
 */
export function collectAdded(records: readonly MutationRecord[], into: Set<Node>, max: number, ignore?: (node: Node) => boolean): boolean {
  let overflow = false;
  for (const r of records) {
    for (const node of r.addedNodes) {
      if (ignore?.(node)) continue;
      if (node.nodeType === 1) {
        const tag = (node as Element).tagName.toLowerCase();
        if (tag === MARK_TAG || tag === HOST_TAG) continue;
      } else if (node.nodeType !== 3) continue;
      if (into.size >= max) overflow = true;
      else into.add(node);
    }
  }
  return overflow;
}

/** Finds the node and offset holding character `offset` of a block (binary search over node starts). */
export function locate(block: TextBlock, offset: number): { index: number; offset: number } {
  let lo = 0;
  let hi = block.starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (block.starts[mid] <= offset) lo = mid;
    else hi = mid - 1;
  }
  return { index: lo, offset: offset - block.starts[lo] };
}
