/**
 * The default socket of the browser-safe core: the runtime's own `WebSocket` (browsers, Deno, Bun,
 * Node ≥ 22; Node 20 only behind `--experimental-websocket`).
 */

import { LiveWebSocketUnavailableError } from '../errors';
import type { SocketRequest, WebSocketFactory, WebSocketLike } from './webSocketLike';

/** The WHATWG constructor, as much of it as we call. */
type GlobalWebSocketConstructor = new (url: string) => WebSocketLike;

/**
 * Opens `request.url` with `globalThis.WebSocket`, looked up at each call rather than at import, so a
 * polyfill installed later is found and importing this module has no side effect.
 *
 * `request.headers` are **not sent**: the WHATWG WebSocket has no way to set upgrade headers. Only
 * credentials in the URL work through this factory (`?key=` / `?access_token=`), so a
 * Vertex access token, express-mode key or any custom header needs a proxy (Vertex proxy mode) or the
 * `ws` factory from `rx-gemini-live/node`. It does not throw when headers are present, because our
 * default identification headers are always there.
 *
 * `binaryType` is set to `'arraybuffer'` at once: the server sends JSON in binary frames, and a `Blob`
 * could only be read asynchronously, which may reorder messages.
 *
 * @throws LiveWebSocketUnavailableError when the runtime has no `WebSocket`.
 * @category transport
 * @since 0.1.0
 */
export const globalWebSocketFactory: WebSocketFactory = (request: SocketRequest): WebSocketLike => {
  const runtime: { readonly WebSocket?: unknown } = globalThis;
  const WebSocketConstructor = runtime.WebSocket;
  if (typeof WebSocketConstructor !== 'function') throw new LiveWebSocketUnavailableError();
  const socket = new (WebSocketConstructor as GlobalWebSocketConstructor)(request.url);
  socket.binaryType = 'arraybuffer';
  return socket;
};
