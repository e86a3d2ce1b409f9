/**
 * Where a card goes: below its anchor if it fits, else above (flip), shifted sideways to stay in the viewport.
 * Pure maths (the floating-ui idea): the DOM side measures, this decides.
 */
export interface Rect {
  left: number;
  top: number;
  width: number;
  height: number;
}

export interface Placement {
  left: number;
  top: number;
  side: 'below' | 'above';
}

/** Space kept between the card and the anchor, and between the card and the viewport edge. */
export const GAP_PX = 8;

export function placeCard(anchor: Rect, card: { width: number; height: number }, viewport: { width: number; height: number }): Placement {
  const below = anchor.top + anchor.height + GAP_PX;
  const above = anchor.top - GAP_PX - card.height;
  const fitsBelow = below + card.height <= viewport.height - GAP_PX;
  const fitsAbove = above >= GAP_PX;
  const side: Placement['side'] = fitsBelow || !fitsAbove ? (fitsBelow || anchor.top < viewport.height / 2 ? 'below' : 'above') : 'above';
  let top = side === 'below' ? below : above;
  top = Math.max(GAP_PX, Math.min(top, viewport.height - card.height - GAP_PX));
  let left = anchor.left;
  left = Math.min(left, viewport.width - card.width - GAP_PX);
  left = Math.max(GAP_PX, left);
  return { left, top, side };
}
