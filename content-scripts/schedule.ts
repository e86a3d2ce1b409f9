/**
 * Cooperative scheduling: work in slices well under the 50 ms long-task threshold, yielding to the page between.
 */
import { later } from './timers';

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
  // scheduler.yield() rejects if the task it inherits from was aborted; a yield must never fail a pass.
  if (scheduler?.yield) return scheduler.yield().catch(() => channelTask());
  return channelTask();
}

function channelTask(): Promise<void> {
  return new Promise((resolve) => {
    const channel = new MessageChannel();
    channel.port1.onmessage = () => {
      channel.port1.close();
      resolve();
    };
    channel.port2.postMessage(null);
  });
}

/**
 * Longest wait for a frame: `requestAnimationFrame` does not run in throttled frames (an off-screen iframe), where
 * nothing is rendered anyway.
 */
const FRAME_WAIT_MAX_MS = 100;

/**
 * Resolves after the browser's next rendering step, so that the style and layout work our DOM changes cause is
 * paid before more changes come: each frame then lays out only what one batch touched. In a hidden document
 * (no rendering) it only yields.
 */
export function afterNextFrame(win: Window & typeof globalThis = globalThis as never): Promise<void> {
  if (win.document?.hidden || typeof win.requestAnimationFrame !== 'function') return yieldToPage(win);
  return new Promise((resolve) => {
    let done = false;
    const finish = () => {
      if (done) return;
      done = true;
      timer.cancel();
      // rAF callbacks run just before the frame's style and layout; one more task lands after them.
      void yieldToPage(win).then(resolve);
    };
    const timer = later(finish, FRAME_WAIT_MAX_MS);
    win.requestAnimationFrame(finish);
  });
}

/** Longest run of slices without letting the browser render a frame (three frames at 60 Hz). */
export const FRAME_GAP_MS = 48;

/** Tracks one slice; `due()` says when to yield. Counts busy time (time not spent yielding). */
export class Slicer {
  private sliceStart = performance.now();
  private lastFrame = performance.now();
  busy = 0;

  constructor(private readonly signal: AbortSignal, private readonly budget = SLICE_MS) {}

  /** True when the slice is spent; `now` saves a clock read where the caller has just taken one. */
  due(now = performance.now()): boolean {
    return now - this.sliceStart >= this.budget;
  }

  /** Yields if the slice is spent. Throws an AbortError when the session was torn down meanwhile. */
  async maybeYield(): Promise<void> {
    if (!this.due()) return;
    await this.yieldNow();
  }

  async yieldNow(): Promise<void> {
    // `scheduler.yield()` continuations run before rendering: without a frame now and then, a long pass would
    // hold frames back until the browser's starvation guard (about 100 ms) lets one through.
    if (performance.now() - this.lastFrame >= FRAME_GAP_MS) return this.nextFrame();
    this.busy += performance.now() - this.sliceStart;
    await yieldToPage();
    this.signal.throwIfAborted();
    this.sliceStart = performance.now();
  }

  /** Waits for `promise` (a reply from the background): the wait is not busy time. Throws if aborted meanwhile. */
  async wait<T>(promise: Promise<T>): Promise<T> {
    this.busy += performance.now() - this.sliceStart;
    const value = await promise;
    this.signal.throwIfAborted();
    this.sliceStart = this.lastFrame = performance.now();
    return value;
  }

  /** Like {@link yieldNow}, but waits until a frame has been rendered (see {@link afterNextFrame}). */
  async nextFrame(): Promise<void> {
    this.busy += performance.now() - this.sliceStart;
    await afterNextFrame();
    this.signal.throwIfAborted();
    this.sliceStart = this.lastFrame = performance.now();
  }

  /** Ends the last slice and returns total busy time. */
  finish(): number {
    this.busy += performance.now() - this.sliceStart;
    this.sliceStart = performance.now();
    return this.busy;
  }
}
