/**
 * The content script's User Timing records outside its passes (the benchmark adds them to the passes, see
 * docs/performance.md). Its own module, so the loader (`content.js`) can record without importing the engine.
 */

/**
 * Records work outside a pass as a `backstory:setup` measure, `detail.what` naming it: the loader's key sets, starting
 * a session, giving a pass's marks their cards.
 */
export function recordSetup(what: 'keys' | 'session' | 'cards', start: number): void {
  const busyMs = performance.now() - start;
  performance.measure('backstory:setup', { start, duration: busyMs, detail: { what, busyMs, chars: 0, mentions: 0 } });
}
