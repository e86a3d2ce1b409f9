/**
 * How a highlight looks, held so whatever the page's CSS says: the declarations (all `!important`) as one user-origin
 * style sheet ({@link markSheet}), which the background inserts into a frame with the engine, and as inline styles,
 * for marks it does not reach (srcdoc frames: another document), marks in open shadow roots (Chromium applies user
 * sheets there, but we do not rely on every browser doing so) and wherever it is missing. Pure: no DOM.
 */

import { MARK_TAG } from './tags';

/**
 * Every declaration `!important`, so page CSS (even `* { all: unset !important }` or `backstory-mark { display: none
 * !important }`) cannot hide or restyle a highlight: in the user-origin sheet, important user declarations beat every
 * author rule, inline styles and cascade layers included; inline, declarations in a style attribute beat every style
 * sheet rule of the same importance (https://www.w3.org/TR/css-cascade-5/#cascade-sort). Besides our look, every
 * property a page rule could use to hide, move, shrink or recolour the element is pinned.
 * Not `all: revert`: it expands to some 400 declarations per mark, which costs style time and memory on pages with
 * thousands of highlights (measured: about twice the style and layout work per frame).
 */
const GUARD: [string, string][] = [
  ['display', 'inline'], ['visibility', 'visible'], ['opacity', '1'], ['position', 'static'], ['float', 'none'],
  ['transform', 'none'], ['filter', 'none'], ['clip-path', 'none'], ['mask', 'none'], ['content-visibility', 'visible'],
  ['mix-blend-mode', 'normal'], ['z-index', 'auto'], ['zoom', '1'], ['font', 'inherit'], ['letter-spacing', 'inherit'],
  ['word-spacing', 'inherit'], ['text-transform', 'inherit'], ['text-shadow', 'none'], ['vertical-align', 'baseline'],
  ['-webkit-text-stroke-width', '0'], ['background-image', 'none'], ['background-clip', 'border-box'], ['border', 'none'],
  ['outline', 'none'], ['padding', '0'], ['margin', '0'], ['pointer-events', 'auto'], ['animation', 'none'],
  ['transition', 'none'], ['cursor', 'help'], ['outline-offset', '1px'],
];
const ENTITY_STYLE: [string, string][] = [...GUARD,
  ['background-color', '#ffe69c'], ['color', '#1a1a1a'], ['-webkit-text-fill-color', 'currentcolor'], ['border-radius', '2px'],
  ['box-shadow', 'inset 0 -2px 0 #d39e00'], ['text-decoration', 'none'],
];
const CLAIM_STYLE: [string, string][] = [...GUARD,
  ['background-color', 'transparent'], ['color', 'inherit'], ['-webkit-text-fill-color', 'inherit'], ['box-shadow', 'none'],
  ['text-decoration-line', 'underline'], ['text-decoration-style', 'dotted'], ['text-decoration-color', '#7b4fd6'],
  ['text-decoration-thickness', '2px'], ['text-underline-offset', '3px'],
];

const CLAIM_UNDERLINE: [string, string][] = CLAIM_STYLE.filter(([p]) => p.startsWith('text-decoration') || p === 'text-underline-offset');

export const css = (rules: [string, string][]) => rules.map(([p, v]) => `${p}: ${v} !important`).join('; ');
export const ENTITY_CSS = css(ENTITY_STYLE);
export const CLAIM_CSS = css(CLAIM_STYLE);
export const IN_CLAIM_CSS = `${ENTITY_CSS}; ${css(CLAIM_UNDERLINE)}`;

/** The keyboard focus ring of a highlight, and its own values without it. */
export const FOCUS_RING: [string, string][] = [['outline', '2px solid #0b57d0'], ['outline-offset', '2px']];
export const NO_FOCUS_RING: [string, string][] = [['outline', 'none'], ['outline-offset', '1px']];
/** Set on a highlight while it (or the page's control around it) has keyboard focus: the sheet draws the ring. */
export const FOCUS_ATTR = 'data-backstory-focus';

/**
 * The user-origin style sheet of highlights (`scripting.insertCSS` with origin `USER`): the same looks as the inline
 * styles, chosen by the marks' attributes, with the focus ring last (same specificity as the claim rule, so it wins).
 * Marks it styles carry no style attribute: less for the page to parse, copy and restyle (measured: wrapping the
 * reference article's 46 marks 1.8-2.0 -> 1.3 ms).
 */
export function markSheet(): string {
  return [
    `${MARK_TAG} { ${ENTITY_CSS} }`,
    `${MARK_TAG}[data-claim-id] { ${CLAIM_CSS} }`,
    `${MARK_TAG}[data-in-claim] { ${css(CLAIM_UNDERLINE)} }`,
    `${MARK_TAG}[${FOCUS_ATTR}] { ${css(FOCUS_RING)} }`,
  ].join('\n');
}
