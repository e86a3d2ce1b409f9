/**
 * Cooperative scheduling: work in slices well under the 50 ms long-task threshold, yielding to the page between.
 */

/** Budget of one slice. 8 ms leaves the rest of a 16 ms frame to the page. */
export const SLICE_MS = 8;

interface SchedulerLike {
  yield?: () => Promise<void>;
}

/**
 * Yields to the page: `scheduler.yield()` where the browser has it (keeps our priority), else a message-channel
 * task (not throttled like setTimeout in background tabs).
 */
export function yieldToPage(win: Window & typeof globalThis = globalThis as never): Promise<void> {
  const scheduler = (win as unknown as { scheduler?: SchedulerLike }).scheduler;
  if (scheduler?.yield) return scheduler.yield();
  return new Promise((resolve) => {
    const channel = new MessageChannel();
    channel.port1.onmessage = () => {
      channel.port1.close();
      resolve();
    };
    channel.port2.postMessage(null);
  });
}

/** Tracks one slice; `due()` says when to yield. Counts busy time (time not spent yielding). */
export class Slicer {
  private sliceStart = performance.now();
  busy = 0;

  constructor(private readonly signal: AbortSignal, private readonly budget = SLICE_MS) {}

  due(): boolean {
    return performance.now() - this.sliceStart >= this.budget;
  }

  /** Yields if the slice is spent. Throws an AbortError when the session was torn down meanwhile. */
  async maybeYield(): Promise<void> {
    if (!this.due()) return;
    await this.yieldNow();
  }

  async yieldNow(): Promise<void> {
    this.busy += performance.now() - this.sliceStart;
    await yieldToPage();
    this.signal.throwIfAborted();
    this.sliceStart = performance.now();
  }

  /** Ends the last slice and returns total busy time. */
  finish(): number {
    this.busy += performance.now() - this.sliceStart;
    this.sliceStart = performance.now();
    return this.busy;
  }
}
