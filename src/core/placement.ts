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
  /**
   * Set when the card fits neither below nor above: it is given this height (it scrolls inside) on the roomier side,
   * rather than being laid over the text it is about.
   */
  maxHeight: number | null;
}

/**
 * The box around a highlight's line boxes (all its elements' client rects), empty ones left out; null when there
 * are none. A card is placed against this box, so for a highlight that wraps onto several lines (a claim often
 * does) it goes below the last line or above the first, never over the highlighted text itself.
 */
export function spanRect(rects: Iterable<Rect>): Rect | null {
  let left = Infinity;
  let top = Infinity;
  let right = -Infinity;
  let bottom = -Infinity;
  for (const r of rects) {
    if (!r.width && !r.height) continue;
    left = Math.min(left, r.left);
    top = Math.min(top, r.top);
    right = Math.max(right, r.left + r.width);
    bottom = Math.max(bottom, r.top + r.height);
  }
  return left === Infinity ? null : { left, top, width: right - left, height: bottom - top };
}

/** Space kept between the card and the anchor, and between the card and the viewport edge. */
export const GAP_PX = 8;

/** Below this height a card is not shrunk to fit beside its anchor: it keeps its height and may cover the text. */
export const MIN_SHRUNK_PX = 160;

export function placeCard(anchor: Rect, card: { width: number; height: number }, viewport: { width: number; height: number }): Placement {
  const below = anchor.top + anchor.height + GAP_PX;
  const above = anchor.top - GAP_PX - card.height;
  const fitsBelow = below + card.height <= viewport.height - GAP_PX;
  const fitsAbove = above >= GAP_PX;
  let side: Placement['side'] = fitsBelow || !fitsAbove ? (fitsBelow || anchor.top < viewport.height / 2 ? 'below' : 'above') : 'above';
  let top = side === 'below' ? below : above;
  let maxHeight: number | null = null;
  if (!fitsBelow && !fitsAbove) {
    const roomBelow = viewport.height - GAP_PX - below;
    const roomAbove = anchor.top - 2 * GAP_PX;
    const room = Math.max(roomBelow, roomAbove);
    if (room >= MIN_SHRUNK_PX) {
      side = roomBelow >= roomAbove ? 'below' : 'above';
      maxHeight = Math.floor(room);
      top = side === 'below' ? below : anchor.top - GAP_PX - maxHeight;
    }
  }
  top = Math.max(GAP_PX, Math.min(top, viewport.height - (maxHeight ?? card.height) - GAP_PX));
  let left = anchor.left;
  left = Math.min(left, viewport.width - card.width - GAP_PX);
  left = Math.max(GAP_PX, left);
  return { left, top, side, maxHeight };
}
