/**
 * Hover and focus state of the card, as a small reducer (the Page Previews model): dwell, show, abandon.
 * The adapter feeds events and runs the returned effect; timers carry a token so a late timer is ignored.
 */

/** Pointer must rest this long on a highlight before its card opens: long enough to skip pointers passing by. */
export const SHOW_DELAY_MS = 400;
/** Time to move the pointer from the highlight onto the card (or back) before the card closes. */
export const HIDE_DELAY_MS = 300;

export type HoverState =
  | { phase: 'idle'; target: null; token: number }
  | { phase: 'dwell'; target: string; token: number }
  | { phase: 'open'; target: string; token: number; via: 'pointer' | 'focus' }
  | { phase: 'leaving'; target: string; token: number; via: 'pointer' | 'focus' };

export type HoverEvent =
  | { type: 'enter'; target: string }
  | { type: 'leave' }
  | { type: 'focus'; target: string }
  | { type: 'blur' }
  | { type: 'cardEnter' }
  | { type: 'cardLeave' }
  | { type: 'escape' }
  | { type: 'timer'; token: number };

export type HoverEffect = { type: 'schedule'; ms: number; token: number } | { type: 'none' };

export const initialHover: HoverState = { phase: 'idle', target: null, token: 0 };

export function hoverReducer(state: HoverState, event: HoverEvent): { state: HoverState; effect: HoverEffect } {
  const none: HoverEffect = { type: 'none' };
  const token = state.token + 1;
  switch (event.type) {
    case 'enter':
      if ((state.phase === 'open' || state.phase === 'leaving') && state.target === event.target) {
        return { state: { phase: 'open', target: state.target, token, via: state.via }, effect: none };
      }
      if (state.phase === 'dwell' && state.target === event.target) return { state, effect: none };
      return { state: { phase: 'dwell', target: event.target, token }, effect: { type: 'schedule', ms: SHOW_DELAY_MS, token } };
    case 'focus':
      // Keyboard focus is a clear intent: open at once.
      return { state: { phase: 'open', target: event.target, token, via: 'focus' }, effect: none };
    case 'leave':
    case 'cardLeave':
    case 'blur':
      if (state.phase === 'dwell') return { state: { phase: 'idle', target: null, token }, effect: none };
      if (state.phase === 'open') {
        return { state: { phase: 'leaving', target: state.target, token, via: state.via }, effect: { type: 'schedule', ms: HIDE_DELAY_MS, token } };
      }
      return { state, effect: none };
    case 'cardEnter':
      if (state.phase === 'leaving' || state.phase === 'open') {
        return { state: { phase: 'open', target: state.target, token, via: state.via }, effect: none };
      }
      return { state, effect: none };
    case 'escape':
      return { state: { phase: 'idle', target: null, token }, effect: none };
    case 'timer':
      if (event.token !== state.token) return { state, effect: none };
      if (state.phase === 'dwell') return { state: { phase: 'open', target: state.target, token, via: 'pointer' }, effect: none };
      if (state.phase === 'leaving') return { state: { phase: 'idle', target: null, token }, effect: none };
      return { state, effect: none };
  }
}
