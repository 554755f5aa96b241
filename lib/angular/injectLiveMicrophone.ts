/**
 * The microphone of a voice conversation, switched on and off from a component, as signals.
 */
import { type Injector, signal, type Signal } from '@angular/core';
import type { Observable, Subscription } from 'rxjs';
import { batchAudio } from '../audio/batchAudio';
import { microphone$, type MicrophoneOptions } from '../browser/microphone';
import { toRealtimeAudio } from '../audio/toRealtimeAudio';
import type { LiveConversation } from './injectLiveConversation';
import { injectionContext } from './injectionContext';

/**
 * Options of {@link injectLiveMicrophone}: those of `microphone$`, plus the frame length sent.
 *
 * @category angular
 * @since 0.2.0
 */
export interface LiveMicrophoneOptions extends MicrophoneOptions {
  /** Milliseconds of audio per `realtimeInput` frame. Default 40. */
  readonly frameMs?: number;
  /** Where the PCM16 comes from instead of `microphone$(options)`: a recording, or a test's frames. */
  readonly source?: () => Observable<Int16Array>;
  /** Where to inject from, outside an injection context. */
  readonly injector?: Injector;
}

/**
 * The microphone feeding a conversation's `session.realtimeInput`.
 *
 * @category angular
 * @since 0.2.0
 */
export interface LiveMicrophone {
  /** Capturing and sending. */
  readonly on: Signal<boolean>;
  /** Why the microphone stopped by itself (`NotAllowedError` when permission was refused, …). */
  readonly error: Signal<Error | undefined>;
  /** Asks for the microphone and starts sending; call it from a click (browsers want a gesture). */
  start(): void;
  /**
   * Releases the microphone and sends `audioStreamEnd`, so the server's voice detection flushes the
   * audio it holds instead of waiting for more.
   */
  stop(): void;
  toggle(): void;
}

/**
 * The microphone for a voice conversation: `start()` captures at the Live API's 16 kHz (browser
 * echo cancellation on), frames of `frameMs`, and sends them on `conversation.session.realtimeInput`;
 * `stop()` releases the device and sends `audioStreamEnd`. It stops when the injecting context is
 * destroyed. The model's voice detection hears the user speak and interrupts its own reply.
 *
 * @example
 * ```ts
 * import { Component } from '@angular/core';
 * import { injectLiveConversation, injectLiveMicrophone, injectLiveSpeaker } from 'rx-gemini-live/angular';
 *
 * @Component({
 *   selector: 'app-voice',
 *   template: `<button (click)="live.start(); speaker.start(); mic.toggle()">{{ mic.on() ? 'Mute' : 'Talk' }}</button>`,
 * })
 * export class Voice {
 *   protected readonly live = injectLiveConversation();
 *   protected readonly mic = injectLiveMicrophone(this.live);
 *   protected readonly speaker = injectLiveSpeaker(this.live);
 * }
 * ```
 *
 * @category angular
 * @since 0.2.0
 */
export function injectLiveMicrophone(conversation: LiveConversation, options: LiveMicrophoneOptions = {}): LiveMicrophone {
  const { destroyRef } = injectionContext(injectLiveMicrophone, options.injector);
  const sampleRate = options.sampleRate ?? 16000;
  const frames = (): Observable<Int16Array> => (options.source === undefined ? microphone$({ ...options, sampleRate }) : options.source());
  const on = signal(false);
  const error = signal<Error | undefined>(undefined);
  let capture: Subscription | undefined;

  const stop = (): void => {
    if (capture === undefined) return;
    capture.unsubscribe();
    capture = undefined;
    on.set(false);
    send({ audioStreamEnd: true });
  };
  const send = (value: Parameters<LiveConversation['session']['realtimeInput']['next']>[0]): void => {
    try {
      conversation.session.realtimeInput.next(value);
    } catch (failure: unknown) {
      error.set(failure instanceof Error ? failure : new Error(String(failure)));
    }
  };
  const start = (): void => {
    if (capture !== undefined) return;
    error.set(undefined);
    on.set(true);
    const subscription = frames()
      .pipe(batchAudio({ ms: options.frameMs ?? 40, sampleRate }), toRealtimeAudio({ sampleRate }))
      .subscribe({
        next: send,
        error: (failure: unknown) => {
          error.set(failure instanceof Error ? failure : new Error(String(failure)));
          stop();
        },
        complete: stop,
      });
    if (!subscription.closed) capture = subscription;
    else on.set(false);
  };
  destroyRef.onDestroy(() => {
    capture?.unsubscribe();
    capture = undefined;
  });
  return { on: on.asReadonly(), error: error.asReadonly(), start, stop, toggle: () => (capture === undefined ? start() : stop()) };
}
