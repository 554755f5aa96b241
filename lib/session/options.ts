import type { SchedulerLike } from 'rxjs';
import type { LiveConnectConfig } from '../protocol/liveConnectConfig';
import type { LiveEndpointOptions } from '../transport/endpointOptions';
import type { WebSocketFactory } from '../transport/webSocketLike';
import type { OutboxLimits } from './outbox';
import type { ReconnectOptions } from './reconnect';

/**
 * Everything `liveSession` needs. The auth fields (`apiKey`, `vertex`, `baseUrl`, `apiVersion`,
 * `headers`) come from `LiveEndpointOptions`.
 *
 * @since 0.1.0
 */
export interface LiveSessionOptions extends LiveEndpointOptions {
  /** The model, e.g. `gemini-2.5-flash-native-audio-preview-09-2025`; `models/` is added when missing. */
  readonly model: string;
  /** The session configuration, with the field names of `@google/genai`'s `LiveConnectConfig`. */
  readonly config?: LiveConnectConfig;
  /**
   * Opens sockets. The core entry defaults to `globalThis.WebSocket` (read at subscribe time); the
   * `rx-gemini-live/node` entry defaults to the `ws` package.
   */
  readonly webSocketFactory?: WebSocketFactory;
  /** How long to wait, from subscribing, for `setupComplete`. Default 30 000 ms. */
  readonly setupTimeoutMs?: number;
  /** Outbox limits: pending messages, realtime frames held, socket high-water mark. */
  readonly outbox?: Partial<OutboxLimits>;
  /** Scheduler for the session's timers; tests pass a `TestScheduler`. Default `asyncScheduler`. */
  readonly scheduler?: SchedulerLike;
  /**
   * Survive the end of a connection: `true` for the defaults, or a `ReconnectOptions`. Turns on
   * `sessionResumption` in setup, keeps the newest handle, rotates on `goAway`, retries retryable
   * closes with backoff, and replays what the server had not consumed (docs/resilience.md). Off by
   * default: the setup frame is then exactly the official SDK's.
   *
   * @example
   * ```ts
   * import { liveSession } from 'rx-gemini-live/node';
   *
   * const session = liveSession({ model: 'gemini-live-2.5-flash-preview', apiKey: process.env.GEMINI_API_KEY, reconnect: true });
   * session.state$.subscribe(({ status }) => console.log(status)); // … open, reconnecting, open …
   * ```
   *
   * @since 0.2.0
   */
  readonly reconnect?: boolean | ReconnectOptions;
}

/** @since 0.1.0 */
export const DEFAULT_SETUP_TIMEOUT_MS = 30_000;
