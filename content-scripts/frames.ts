/** Which frame a copy of the content script runs in, and which site it speaks for. */

/**
 * Where this copy runs. The script is injected into every frame (`all_frames`, `match_about_blank`), so article
 * text in a same-origin iframe (an embedded story, a srcdoc frame) is highlighted and restored by the copy inside
 * it. Cross-origin frames (ads, embeds from other sites) are left alone: their `frameElement` is hidden from us.
 * See docs/decisions/006-frames-shadow-dynamic.md.
 */
export function frameRole(win: Window): 'top' | 'same-origin-frame' | 'foreign-frame' {
  if (win === win.top) return 'top';
  try {
    return win.frameElement ? 'same-origin-frame' : 'foreign-frame';
  } catch {
    return 'foreign-frame';
  }
}

/** The hostname the per-site switch is about: the top page's, also from inside a same-origin frame. */
export function siteHostname(win: Window): string {
  let w: Window = win;
  try {
    while (w !== w.top && w.frameElement) w = w.frameElement.ownerDocument.defaultView ?? w.top!;
    return w.location.hostname || win.location.hostname;
  } catch {
    return win.location.hostname;
  }
}

