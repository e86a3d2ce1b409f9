/**
 * How the loader (content.js, on every page) and the engine (engine.js, injected by the background once the loader
 * has found a key) meet: both run in the extension's isolated world of the frame, which the page cannot see, and
 * the engine leaves its entry point there under this name.
 */
export const ENGINE_GLOBAL = '__backstoryEngine';

export interface EngineEntry {
  /**
   * Starts Backstory in a document (this frame's, or a srcdoc frame inside it). `top` says whether it answers the
   * popup and the keyboard command; `root` is the article root the loader's check has just read; `sheet` says the
   * background inserted the highlights' style sheet into `doc` (the frame's own document only). Returns the
   * teardown that leaves the page exactly as found.
   */
  start(options: { top: boolean; doc: Document; root?: Element; sheet?: boolean }): { destroy(): void };
}
