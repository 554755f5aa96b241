/**
 * Playback of the model's voice for a component, as signals, flushed the moment the user barges in.
 */
import { computed, type Injector, signal, type Signal } from '@angular/core';
import { filter, map, merge, skip, type Subscription } from 'rxjs';
import { speaker, type SpeakerOptions, type SpeakerState } from '../browser/speaker';
import type { PlaybackCommand } from '../operators/playbackQueue';
import { isConnectionReplaced, type LiveServerMessage } from '../protocol/serverMessages';
import type { LiveConversation } from './injectLiveConversation';
import { injectionContext } from './injectionContext';

/**
 * Options of {@link injectLiveSpeaker}: those of `speaker()`.
 *
 * @category angular
 * @since 0.2.0
 */
export interface LiveSpeakerOptions extends SpeakerOptions {
  /** Where to inject from, outside an injection context. */
  readonly injector?: Injector;
}

/**
 * The model's voice, played through Web Audio.
 *
 * @category angular
 * @since 0.2.0
 */
export interface LiveSpeaker {
  /** Playback is set up: audio that arrives is played. */
  readonly on: Signal<boolean>;
  /** Audio is scheduled and not finished: the model is speaking. */
  readonly playing: Signal<boolean>;
  /** The speaker's last report (chunks played, flushes, milliseconds queued), `undefined` while off. */
  readonly state: Signal<SpeakerState | undefined>;
  /** Why playback stopped by itself (no Web Audio, for one). */
  readonly error: Signal<Error | undefined>;
  /** Starts playback; call it from a click (browsers keep audio suspended until a gesture). */
  start(): void;
  /** Stops at once and closes the AudioContext. */
  stop(): void;
  toggle(): void;
}

/**
 * Plays the model's audio from a conversation with `speaker()`: chunks back to back, flushed at
 * once on `interrupted` (the user barged in), when a reconnecting session replaces its connection
 * (the resumed turn starts again) and when the connection closes. It stops when the injecting
 * context is destroyed.
 *
 * @example
 * ```ts
 * import { Component } from '@angular/core';
 * import { injectLiveConversation, injectLiveSpeaker } from 'rx-gemini-live/angular';
 *
 * @Component({
 *   selector: 'app-listen',
 *   template: `<button (click)="live.start(); speaker.start()">Listen</button> {{ speaker.playing() ? 'speaking…' : '' }}`,
 * })
 * export class Listen {
 *   protected readonly live = injectLiveConversation();
 *   protected readonly speaker = injectLiveSpeaker(this.live);
 * }
 * ```
 *
 * @category angular
 * @since 0.2.0
 */
export function injectLiveSpeaker(conversation: LiveConversation, options: LiveSpeakerOptions = {}): LiveSpeaker {
  const { destroyRef } = injectionContext(injectLiveSpeaker, options.injector);
  const on = signal(false);
  const state = signal<SpeakerState | undefined>(undefined);
  const error = signal<Error | undefined>(undefined);
  let playback: Subscription | undefined;

  const ended = (): void => {
    playback = undefined;
    on.set(false);
    state.set(undefined);
  };
  const stop = (): void => {
    playback?.unsubscribe();
    ended();
  };
  const start = (): void => {
    if (playback !== undefined) return;
    error.set(undefined);
    on.set(true);
    const flush: PlaybackCommand = { kind: 'flush' };
    const subscription = merge(
      conversation.messages$.pipe(map((message): LiveServerMessage | PlaybackCommand => (isConnectionReplaced(message) ? flush : message))),
      // A hang-up or a failed connection silences what was still queued.
      conversation.session.state$.pipe(
        skip(1),
        filter((current) => current.status === 'closed'),
        map(() => flush),
      ),
    )
      .pipe(speaker(options))
      .subscribe({
        next: (report) => state.set(report),
        error: (failure: unknown) => {
          error.set(failure instanceof Error ? failure : new Error(String(failure)));
          ended();
        },
        complete: ended,
      });
    if (!subscription.closed) playback = subscription;
  };
  destroyRef.onDestroy(() => playback?.unsubscribe());
  return {
    on: on.asReadonly(),
    playing: computed(() => state()?.playing === true),
    state: state.asReadonly(),
    error: error.asReadonly(),
    start,
    stop,
    toggle: () => (playback === undefined ? start() : stop()),
  };
}
