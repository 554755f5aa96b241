import type { SchedulerLike } from 'rxjs';
import type { LiveConnectConfig } from '../protocol/liveConnectConfig';
import type { LiveEndpointOptions } from '../transport/endpointOptions';
import type { WebSocketFactory } from '../transport/webSocketLike';
import type { OutboxLimits } from './outbox';

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
}

/** @since 0.1.0 */
export const DEFAULT_SETUP_TIMEOUT_MS = 30_000;
