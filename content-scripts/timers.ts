/**
 * Delayed calls that still fire where the page's JavaScript is turned off. A site whose scripts the reader blocks
 * (browser site settings) still runs content scripts, but the browser never fires their `setTimeout` and
 * `setInterval` callbacks there (measured in Chromium with JavaScript off: `setTimeout` never ran, while
 * `scheduler.postTask({ delay })`, message channels, animation frames and observers did). Without this, cards
 * would never open after the hover delay, and added content would never be read.
 * https://developer.mozilla.org/docs/Web/API/Scheduler/postTask
 */

export interface Timer {
  cancel(): void;
}

interface PostTaskScheduler {
  postTask(callback: () => void, options: { delay: number }): Promise<void>;
}

/**
 * Calls `fn` after `ms` milliseconds, unless cancelled first.
 * Cancelling sets a flag rather than aborting a `signal` given to `postTask`: `scheduler.yield()` inherits the
 * signal of the task it runs in, through every await (https://wicg.github.io/scheduling-apis/#sec-scheduling-state),
 * so a pass started from a timer's callback would die with an AbortError when that spent timer was cancelled.
 */
export function later(fn: () => void, ms: number): Timer {
  const scheduler = (globalThis as unknown as { scheduler?: Partial<PostTaskScheduler> }).scheduler;
  if (typeof scheduler?.postTask === 'function') {
    let cancelled = false;
    scheduler.postTask(() => {
      if (!cancelled) fn();
    }, { delay: Math.max(0, ms) }).catch((err: unknown) => console.error('Backstory:', err));
    return {
      cancel: () => {
        cancelled = true;
      },
    };
  }
  const id = setTimeout(fn, ms);
  return { cancel: () => clearTimeout(id) };
}
