/**
 * Typed `send` and `handle` over `runtime` / `tabs` messaging. The browser object is passed in, so tests use a fake.
 */
import type { Runtime, Tabs } from 'webextension-polyfill';
import { isEnvelope, type Envelope } from '../core/messages';

/** A call map: message name -> payload and reply types. */
type Calls<C> = { [K in keyof C]: { payload: unknown; reply: unknown } };

export interface MessagingApi {
  runtime: Pick<Runtime.Static, 'sendMessage' | 'onMessage' | 'id'>;
  tabs?: Pick<Tabs.Static, 'sendMessage'>;
}

/** Sends a message to the background (or, with `tabId`, to that tab's content script). */
export function makeSender<C extends Calls<C>>(api: MessagingApi, tabId?: number) {
  return async function send<K extends keyof C & string>(name: K, payload: C[K]['payload']): Promise<C[K]['reply']> {
    const envelope: Envelope<K, C[K]['payload']> = { backstory: 1, name, payload };
    if (tabId === undefined) return (await api.runtime.sendMessage(envelope)) as C[K]['reply'];
    if (!api.tabs) throw new Error('tabs API not available here');
    return (await api.tabs.sendMessage(tabId, envelope)) as C[K]['reply'];
  };
}

export type Handlers<C extends Calls<C>> = {
  [K in keyof C]?: (payload: C[K]['payload'], sender: Runtime.MessageSender) => C[K]['reply'] | Promise<C[K]['reply']>;
};

/**
 * Answers messages named in `handlers`. Messages from other extensions, from pages, or not in the contract are
 * ignored (no reply), so another responder can answer them. Returns the teardown.
 *
 * The reply is the listener's returned promise (webextension-polyfill, Firefox), or with `viaSendResponse` it goes
 * through `sendResponse` (the listener returns true), which the bare `chrome` API needs too: the content script
 * runs without the polyfill. A handler's failure then reaches the sender as an empty reply.
 */
export function handleMessages<C extends Calls<C>>(api: MessagingApi, handlers: Handlers<C>, { viaSendResponse = false } = {}): () => void {
  const listener = (message: unknown, sender: Runtime.MessageSender, sendResponse?: (reply: unknown) => void): Promise<unknown> | true | undefined => {
    if (sender.id !== api.runtime.id || !isEnvelope(message)) return undefined;
    // Own handlers only: a message named "toString" or "constructor" must not reach Object.prototype.
    const handler = Object.hasOwn(handlers, message.name) ? handlers[message.name as keyof C] : undefined;
    if (!handler) return undefined;
    const reply = Promise.resolve(handler(message.payload as never, sender));
    if (!viaSendResponse || !sendResponse) return reply;
    reply.then(sendResponse, () => sendResponse(undefined));
    return true;
  };
  api.runtime.onMessage.addListener(listener as never);
  return () => api.runtime.onMessage.removeListener(listener as never);
}
