/**
 * Providers for a Live session in Angular's dependency injection, in the style of
 * `provideHttpClient(withFetch())`: plain functions returning providers, no decorators, so the
 * package needs no Angular compiler.
 */
import { InjectionToken, inject, type Provider } from '@angular/core';
import { createLiveSession, type LiveSession } from '../session/liveSession';
import type { LiveSessionOptions } from '../session/options';
import { globalWebSocketFactory } from '../transport/globalWebSocket';

/** `liveSession` of the core entry, without importing the whole entry. */
const browserLiveSession = (options: LiveSessionOptions): LiveSession => createLiveSession(options, globalWebSocketFactory);

/**
 * Makes a session from its options: `liveSession` from `rx-gemini-live` unless provided.
 *
 * @category angular
 * @since 0.2.0
 */
export type LiveSessionFactory = (options: LiveSessionOptions) => LiveSession;

/**
 * The options of the session that {@link provideLiveSession} provides.
 *
 * @category angular
 * @since 0.2.0
 */
export const LIVE_SESSION_OPTIONS = new InjectionToken<LiveSessionOptions>('rx-gemini-live LIVE_SESSION_OPTIONS');

/**
 * How sessions are made. Defaults to `liveSession` from `rx-gemini-live`, which reads
 * `globalThis.WebSocket` only when a conversation connects, so creating it on a server is safe.
 * Provide another with {@link withLiveSessionFactory}: `liveSession` from `rx-gemini-live/node` for
 * Node 20, or `() => fakeLiveSession(…)` in tests.
 *
 * @category angular
 * @since 0.2.0
 */
export const LIVE_SESSION_FACTORY = new InjectionToken<LiveSessionFactory>('rx-gemini-live LIVE_SESSION_FACTORY', {
  providedIn: 'root',
  factory: () => browserLiveSession,
});

/**
 * The session itself, made once per injector that {@link provideLiveSession} was given to. Nothing
 * connects until a conversation starts.
 *
 * @category angular
 * @since 0.2.0
 */
export const LIVE_SESSION = new InjectionToken<LiveSession>('rx-gemini-live LIVE_SESSION');

/**
 * An optional part of {@link provideLiveSession}, made by a `with…` function.
 *
 * @category angular
 * @since 0.2.0
 */
export interface LiveSessionFeature {
  readonly kind: 'factory';
  readonly providers: readonly Provider[];
}

/**
 * Provides a Live session: its options, and the session made from them on first use.
 *
 * - In `bootstrapApplication(App, { providers: [...] })` (or a route's providers) the whole app
 *   shares one session; each conversation still connects and hangs up on its own, and the socket
 *   closes (1000) when the last one stops.
 * - In a component's `providers`, the session belongs to that component and its children.
 *
 * `options` may be a function: it runs in an injection context when the session is first needed,
 * so it can `inject()` your configuration or a service holding a short-lived `auth_tokens/…`
 * credential.
 *
 * @example
 * ```ts
 * import { bootstrapApplication } from '@angular/platform-browser';
 * import { provideZonelessChangeDetection } from '@angular/core';
 * import { provideLiveSession } from 'rx-gemini-live/angular';
 * import { Conversation } from './conversation';
 *
 * bootstrapApplication(Conversation, {
 *   providers: [
 *     provideZonelessChangeDetection(),
 *     provideLiveSession({ model: 'gemini-live-2.5-flash-preview', apiKey: 'auth_tokens/…', config: { responseModalities: ['TEXT'] } }),
 *   ],
 * });
 * ```
 *
 * @category angular
 * @since 0.2.0
 */
export function provideLiveSession(options: LiveSessionOptions | (() => LiveSessionOptions), ...features: LiveSessionFeature[]): Provider[] {
  return [
    typeof options === 'function' ? { provide: LIVE_SESSION_OPTIONS, useFactory: options } : { provide: LIVE_SESSION_OPTIONS, useValue: options },
    { provide: LIVE_SESSION, useFactory: () => inject(LIVE_SESSION_FACTORY)(inject(LIVE_SESSION_OPTIONS)) },
    ...features.flatMap((feature) => feature.providers),
  ];
}

/**
 * Makes the session with `factory` instead of `liveSession` from `rx-gemini-live`: `liveSession`
 * from `rx-gemini-live/node` on Node 20 (server-side rendering that does connect), or a test double.
 *
 * @example
 * ```ts
 * import { provideLiveSession, withLiveSessionFactory } from 'rx-gemini-live/angular';
 * import { fakeLiveSession } from 'rx-gemini-live/testing';
 *
 * const providers = provideLiveSession({ model: 'gemini-live-2.5-flash-preview' }, withLiveSessionFactory(() => fakeLiveSession()));
 * ```
 *
 * @category angular
 * @since 0.2.0
 */
export function withLiveSessionFactory(factory: LiveSessionFactory): LiveSessionFeature {
  return { kind: 'factory', providers: [{ provide: LIVE_SESSION_FACTORY, useValue: factory }] };
}
