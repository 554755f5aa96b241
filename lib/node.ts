/**
 * `rx-gemini-live/node`: everything from the core entry, with `liveSession` opening sockets through the
 * `ws` package, which can send auth headers and works on Node 20 (no global WebSocket there without a
 * flag).
 *
 * @packageDocumentation
 */
import { createLiveSession, type LiveSession } from './session/liveSession';
import type { LiveSessionOptions } from './session/options';
import { nodeWebSocketFactory } from './transport/nodeWebSocket';
import type { WebSocketFactory } from './transport/webSocketLike';

export * from './index';
export { nodeWebSocketFactory, type NodeWebSocketOptions } from './transport/nodeWebSocket';
// Ephemeral tokens are minted where the API key lives: on a server, never in a page (docs/browser.md).
export { createAuthToken, type CreateAuthTokenOptions } from './protocol/createAuthToken';
export type { AuthTokenConstraints, LiveConnectConstraints } from './protocol/authTokenBody';
export type { LiveAuthToken } from './transport/authTokenRequest';
export { LiveAuthTokenError } from './transport/authTokenError';

const nodeSockets = nodeWebSocketFactory();

/**
 * The default sockets receive binary frames as `Buffer`s: `decodeServerFrame` reads any byte view,
 * and this spares `ws` a copy of every frame into an `ArrayBuffer` (as costly as the `JSON.parse`
 * of a streamed chunk, docs/benchmarks.md).
 */
const defaultFactory: WebSocketFactory = (request) => {
  const socket = nodeSockets(request);
  socket.binaryType = 'nodebuffer';
  return socket;
};

/**
 * Creates a Live session whose sockets come from the `ws` package (unless `webSocketFactory` is
 * given). Invalid options throw a `LiveConfigError` here, before any socket is opened.
 *
 * @example
 * ```ts
 * import { liveSession } from 'rx-gemini-live/node';
 *
 * const session = liveSession({ model: 'gemini-live-2.5-flash-preview', apiKey: process.env.GEMINI_API_KEY, config: { responseModalities: ['TEXT'] } });
 * session.subscribe((message) => console.log(JSON.stringify(message)));
 * session.clientContent.next({ turns: 'Hello!' });
 * ```
 *
 * @category session
 * @since 0.1.0
 */
export function liveSession(options: LiveSessionOptions): LiveSession {
  return createLiveSession(options, defaultFactory);
}
