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

/** Characters of text a frame needs before Backstory reads it. */
const MIN_FRAME_TEXT = 200;

/** True when a frame's document holds prose: a fair amount of text, or one paragraph-like element with some. */
export function frameHasProse(doc: Document): boolean {
  if ((doc.body?.textContent ?? '').trim().length >= MIN_FRAME_TEXT) return true;
  for (const p of doc.querySelectorAll('p, article, blockquote, li')) if ((p.textContent ?? '').trim().length >= 20) return true;
  return false;
}

/** Characters of text (tags left out) a `srcdoc` needs before its frame is looked into. */
const MIN_SRCDOC_TEXT = 20;

/**
 * A `srcdoc` frame whose markup holds some text: told from the attribute, without reaching into the frame (see
 * {@link watchSrcdocFrames} for why that matters).
 */
function isSrcdocWithText(el: Element): boolean {
  const html = el.getAttribute('srcdoc');
  if (!html) return false;
  const text = html.replace(/<(script|style)\b[\s\S]*?<\/\1\s*>/gi, ' ').replace(/<[^>]*>/g, ' ').replace(/\s+/g, ' ').trim();
  return text.length >= MIN_SRCDOC_TEXT;
}

/**
 * `srcdoc` frames (an embedded story, a quote) get no copy of the content script: the manifest leaves out frames
 * without a URL of their own (no `match_about_blank`), because ad slots are `about:blank` frames and each copy
 * costs its evaluation (breitbart has about 20: ~70 ms of main-thread JavaScript per load). They share their
 * parent's origin, so the copy in the parent reads those whose markup holds text: `start` runs Backstory on such a
 * frame's document and returns its teardown. Blank frames a page writes into are left alone: reaching into a frame
 * costs the browser a script context for this extension there (measured: 20-60 ms for breitbart's frames), and
 * their content cannot be told from outside. Frames met now and frames that load later (a `load` event, caught in
 * the capture phase) are checked; a frame that loads another document is stopped and checked again. Returns the
 * teardown of all of it.
 */
export function watchSrcdocFrames(doc: Document, start: (frameDoc: Document) => () => void): () => void {
  const running = new Map<Element, { doc: Document; stop: () => void }>();
  const visit = (el: Element) => {
    let frameDoc: Document | null = null;
    if (isSrcdocWithText(el)) {
      try {
        frameDoc = (el as HTMLIFrameElement).contentDocument;
      } catch {
        frameDoc = null;
      }
    }
    const current = running.get(el);
    if (current && current.doc === frameDoc) return;
    current?.stop();
    running.delete(el);
    if (!frameDoc || !frameHasProse(frameDoc)) return;
    running.set(el, { doc: frameDoc, stop: start(frameDoc) });
  };
  const onLoad = (e: Event) => {
    const el = e.target as Element | null;
    if (el?.tagName?.toUpperCase() === 'IFRAME') visit(el);
  };
  doc.addEventListener('load', onLoad, true);
  for (const el of doc.querySelectorAll('iframe[srcdoc]')) visit(el);
  return () => {
    doc.removeEventListener('load', onLoad, true);
    for (const r of running.values()) r.stop();
    running.clear();
  };
}
