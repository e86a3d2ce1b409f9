import { describe, expect, it, vi } from 'vitest';
import type { Runtime } from 'webextension-polyfill';
import type { BackgroundCalls } from '../../src/core/messages';
import { isEnvelope } from '../../src/core/messages';
import { handleMessages, makeSender, type MessagingApi } from '../../src/platform/messaging';

type Listener = (message: unknown, sender: Runtime.MessageSender) => Promise<unknown> | undefined;

/** A fake `runtime`: records listeners, and delivers a message as the browser would, with a sender. */
function fakeRuntime(id = 'backstory-id') {
  const listeners = new Set<Listener>();
  const sent: unknown[] = [];
  const api: MessagingApi = {
    runtime: {
      id,
      sendMessage: (async (message: unknown) => {
        sent.push(message);
        return 'reply';
      }) as never,
      onMessage: {
        addListener: (l: Listener) => listeners.add(l),
        removeListener: (l: Listener) => listeners.delete(l),
        hasListener: (l: Listener) => listeners.has(l),
        hasListeners: () => listeners.size > 0,
      } as never,
    },
  };
  const deliver = (message: unknown, sender: Runtime.MessageSender) => [...listeners].map((l) => l(message, sender));
  return { api, deliver, listeners, sent };
}

const envelope = (name: string, payload: unknown = {}) => ({ backstory: 1, name, payload });
const FROM_US = { id: 'backstory-id', tab: { id: 3 } } as Runtime.MessageSender;

describe('handleMessages', () => {
  it('answers a well-formed message from this extension with its handler', async () => {
    const { api, deliver } = fakeRuntime();
    const getCard = vi.fn(async ({ id }: { id: string }) => ({ id }) as never);
    handleMessages<BackgroundCalls>(api, { getCard });
    const [reply] = deliver(envelope('getCard', { id: 'nato' }), FROM_US);
    expect(await reply).toEqual({ id: 'nato' });
    expect(getCard).toHaveBeenCalledWith({ id: 'nato' }, FROM_US);
  });

  it('ignores messages from other extensions and from pages (no reply, no handler call)', () => {
    const { api, deliver } = fakeRuntime();
    const getCard = vi.fn();
    handleMessages<BackgroundCalls>(api, { getCard });
    const strangers: Runtime.MessageSender[] = [
      { id: 'another-extension' },
      {},
      { url: 'https://evil.example/' },
      { id: undefined, tab: { id: 1 } as never },
    ];
    for (const sender of strangers) expect(deliver(envelope('getCard', { id: 'nato' }), sender), JSON.stringify(sender)).toEqual([undefined]);
    expect(getCard).not.toHaveBeenCalled();
  });

  it('ignores messages that are not envelopes of the contract, or name no handler', () => {
    const { api, deliver } = fakeRuntime();
    const getCard = vi.fn();
    handleMessages<BackgroundCalls>(api, { getCard });
    const junk = [null, undefined, 'getCard', 42, [], { name: 'getCard', payload: {} }, { backstory: 2, name: 'getCard', payload: {} },
      { backstory: 1, name: 7, payload: {} }, { backstory: 1, name: 'getCard' }, { backstory: 1, name: 'getCard', payload: null },
      envelope('toString'), envelope('__proto__'), envelope('constructor'), envelope('reportPage')];
    for (const message of junk) expect(deliver(message, FROM_US), JSON.stringify(message)).toEqual([undefined]);
    expect(getCard).not.toHaveBeenCalled();
  });

  it('can reply through sendResponse (the bare chrome API), failures as an empty reply', async () => {
    const { api, listeners } = fakeRuntime();
    handleMessages<BackgroundCalls>(api, { getCard: async ({ id }) => (id === 'bad' ? Promise.reject(new Error('no')) : ({ id } as never)) }, { viaSendResponse: true });
    const [listener] = [...listeners] as unknown as ((m: unknown, s: Runtime.MessageSender, r: (v: unknown) => void) => unknown)[];
    const replies: unknown[] = [];
    const done = () => new Promise((r) => setTimeout(r, 0));
    expect(listener(envelope('getCard', { id: 'nato' }), FROM_US, (v) => replies.push(v))).toBe(true);
    expect(listener(envelope('getCard', { id: 'bad' }), FROM_US, (v) => replies.push(v))).toBe(true);
    expect(listener(envelope('getCard', { id: 'x' }), { id: 'another-extension' }, (v) => replies.push(v))).toBeUndefined();
    expect(listener(envelope('toString'), FROM_US, (v) => replies.push(v))).toBeUndefined();
    await done();
    expect(replies).toEqual([{ id: 'nato' }, undefined]);
  });

  it('returns its teardown, after which nothing is answered', () => {
    const { api, deliver, listeners } = fakeRuntime();
    const stop = handleMessages<BackgroundCalls>(api, { getCard: vi.fn() });
    expect(listeners.size).toBe(1);
    stop();
    expect(listeners.size).toBe(0);
    expect(deliver(envelope('getCard', { id: 'x' }), FROM_US)).toEqual([]);
  });
});

describe('makeSender', () => {
  it('wraps every message in the envelope the handlers accept', async () => {
    const { api, sent } = fakeRuntime();
    expect(await makeSender<BackgroundCalls>(api)('getCard', { id: 'nato' })).toBe('reply');
    expect(sent).toEqual([envelope('getCard', { id: 'nato' })]);
    expect(isEnvelope(sent[0])).toBe(true);
  });
});
