/**
 * `rx-gemini-live`: the browser-safe core. A Gemini Live session as an RxJS Observable, over
 * `globalThis.WebSocket`. Nothing here imports a Node built-in or `ws`.
 *
 * @packageDocumentation
 */
import { createLiveSession, type LiveSession } from './session/liveSession';
import type { LiveSessionOptions } from './session/options';
import { globalWebSocketFactory } from './transport/globalWebSocket';

/**
 * Creates a Live session over `globalThis.WebSocket` (browsers, Node ≥ 22, Deno, Bun), read when the
 * first subscriber connects, unless `webSocketFactory` is given. On Node 20 use
 * `rx-gemini-live/node`. Invalid options throw a `LiveConfigError` here, before any socket.
 *
 * @example
 * ```ts
 * import { liveSession } from 'rx-gemini-live';
 *
 * const session = liveSession({ model: 'gemini-live-2.5-flash-preview', apiKey: 'auth_tokens/…' });
 * session.subscribe((message) => console.log(message));
 * ```
 *
 * @category session
 * @since 0.1.0
 */
export function liveSession(options: LiveSessionOptions): LiveSession {
  return createLiveSession(options, globalWebSocketFactory);
}

// Session
export type { LiveSession } from './session/liveSession';
export { LiveSink, type LiveSinkName } from './session/sink';
export { DEFAULT_SETUP_TIMEOUT_MS, type LiveSessionOptions } from './session/options';
export { DEFAULT_OUTBOX_LIMITS, type OutboxLimits, type OutboxStats } from './session/outbox';
export { DEFAULT_RECONNECT, type ReconnectOptions } from './session/reconnect';
export type { LiveSessionState, LiveSessionStatus } from './session/liveSessionState';
export { sessionClock, type WrittenFrame, type WrittenFrameKind } from './session/writtenFrames';
export { closeOutcome } from './session/closeCodes';

// Errors
export {
  LiveAudioFormatError,
  LiveCloseError,
  LiveConfigError,
  LiveConnectionLostError,
  LiveConversationEndedError,
  LiveError,
  type LiveErrorKind,
  LiveHandshakeError,
  LiveInputError,
  LiveInvalidArgumentError,
  LiveMediaUnavailableError,
  LiveOutboxOverflowError,
  LivePolicyViolationError,
  LiveProtocolError,
  LiveResponseTimeoutError,
  LiveServerError,
  LiveSetupTimeoutError,
  type LiveSinkError,
  LiveSocketError,
  LiveWebSocketUnavailableError,
} from './errors';

// Protocol: the wire's types and their io-ts codecs (same names; `rx-gemini-live/codecs` has the
// codecs alone), setup, conversions, decoding. The codecs stay here too: the bundled declarations
// cannot export a name's type without its value, so a type-only root would claim codecs it lacks.
export * from './protocol/content';
export * from './protocol/serverMessages';
export * from './protocol/clientMessages';
export * from './protocol/liveConnectConfig';
export { buildSetup } from './protocol/buildSetup';
export { midSessionTextInput } from './protocol/modelName';
export { decodeServerFrame, type DecodeServerFrameOptions } from './protocol/decodeServerFrame';
export { parseDuration } from './protocol/duration';
export { toClientContent, type LiveClientContentInput } from './protocol/toClientContent';
export { toRealtimeInput, isDroppableRealtimeInput, type LiveRealtimeInput } from './protocol/toRealtimeInput';
export { toToolResponse, type LiveToolResponseInput } from './protocol/toToolResponse';
export { toContextUpdate, type LiveContextUpdateInput } from './protocol/toContextUpdate';

// Transport
export type {
  SocketCloseEventLike,
  SocketErrorEventLike,
  SocketMessageEventLike,
  SocketRequest,
  WebSocketFactory,
  WebSocketLike,
} from './transport/webSocketLike';
export type { AccessTokenSource, ApiKeySource, LiveBackend, LiveEndpointOptions, VertexOptions } from './transport/endpointOptions';
export { endpoint$, resolveEndpoint, type ResolvedEndpoint } from './transport/endpoint';
export { validateEndpointOptions } from './transport/endpointChecks';
export { globalWebSocketFactory } from './transport/globalWebSocket';
export { redactedExcerpt, redactSecrets, redactUrl, REDACTED } from './transport/redact';

// Operators
export * from './operators';
