/**
 * Gapless playback of the model's audio with an instant flush on barge-in. Each
 * chunk becomes an AudioBufferSourceNode started exactly where the previous one ends on the
 * AudioContext clock, so there are no gaps or clicks between chunks however they arrive; `interrupted`
 * stops every scheduled node at once instead of letting seconds of stale speech play out.
 */
import { Observable, Subject, type OperatorFunction } from 'rxjs';
import { type PlaybackCommand, playbackQueue } from '../operators/playbackQueue';
import type { LiveServerMessage } from '../protocol/serverMessages';
import { LiveConfigError, LiveMediaUnavailableError } from '../errors';
import { pcm16ToFloat32 } from '../audio/pcm16';
import { createResampler, type Resampler, type ResamplerQuality } from '../audio/resample';
import { type AudioBufferSourceNodeLike, type AudioContextLike, browserGlobals } from './webAudioLike';

/**
 * @category browser
 * @since 0.2.0
 */
export interface SpeakerOptions {
  /**
   * Audio scheduled ahead whenever playback starts from silence, in milliseconds: a small jitter
   * buffer so that a late network chunk does not leave a gap. Default 60.
   */
  readonly leadMs?: number;
  /** Quality of the conversion from the model's rate (24 kHz) to the context's. Default `medium`. */
  readonly quality?: ResamplerQuality;
  /**
   * Makes the playback context; `new AudioContext()` (the output device's rate) when absent. It is
   * closed when the subscription ends, so return a new one each time.
   */
  readonly createAudioContext?: () => AudioContextLike;
}

/**
 * What the speaker is doing, emitted at subscribe and after every change.
 *
 * @category browser
 * @since 0.2.0
 */
export interface SpeakerState {
  /** What just happened: `ready` (subscribed), `queued` (a chunk was scheduled), `drained` (the last scheduled chunk finished), `flushed` (barge-in). */
  readonly event: 'ready' | 'queued' | 'drained' | 'flushed';
  /** Audio is scheduled and not finished. */
  readonly playing: boolean;
  /** Scheduled audio not yet heard, in milliseconds of the context clock. */
  readonly queuedMs: number;
  /** Chunks scheduled since subscribing. */
  readonly chunks: number;
  /** Flushes since subscribing. */
  readonly flushes: number;
  /** Audio the last flush cut off (0 when it found the speaker idle), in milliseconds. */
  readonly flushedMs: number;
}

/**
 * Plays the model's audio. Give it the session's messages (it applies `playbackQueue()` itself: play
 * each audio chunk in order, flush on `interrupted`, drop the interrupted turn's stale chunks) or
 * `playbackQueue()` commands you already made. Emits a {@link SpeakerState} at subscribe and after
 * every change, which is how a page shows "speaking" and a test sees playback start and stop.
 *
 * Chunks (24 kHz from the Live API) are resampled to the AudioContext's own rate with
 * `createResampler` and scheduled back to back; a flush stops every scheduled node at once. When the
 * source completes, what is queued plays out, then the stream completes; on error or unsubscribe
 * playback stops at once. The AudioContext is created at subscribe and closed at the end, so
 * subscribe from a user gesture (browsers keep audio suspended until one). Invalid options throw
 * `LiveConfigError` at call time; a runtime without Web Audio errors with
 * `LiveMediaUnavailableError`.
 *
 * @example
 * ```ts
 * import { liveSession } from 'rx-gemini-live';
 * import { speaker } from 'rx-gemini-live/browser';
 *
 * const session = liveSession({
 *   model: 'gemini-2.5-flash-native-audio-preview-09-2025',
 *   apiKey: 'auth_tokens/…',
 *   config: { responseModalities: ['AUDIO'] },
 * });
 * session.pipe(speaker()).subscribe(({ playing, queuedMs }) => console.log(playing ? `speaking, ${queuedMs} ms queued` : 'quiet'));
 * ```
 *
 * @category browser
 * @since 0.2.0
 */
export function speaker(options: SpeakerOptions = {}): OperatorFunction<LiveServerMessage | PlaybackCommand, SpeakerState> {
  const leadMs = options.leadMs ?? 60;
  if (typeof leadMs !== 'number' || !Number.isFinite(leadMs) || leadMs < 0) {
    throw new LiveConfigError('speaker.leadMs', `expected a duration in milliseconds (finite, not negative), got ${String(leadMs)}`);
  }
  return (source) =>
    new Observable<SpeakerState>((subscriber) => {
      let context: AudioContextLike;
      try {
        context = createContext(options);
      } catch (error: unknown) {
        subscriber.error(error);
        return undefined;
      }
      const scheduled = new Set<AudioBufferSourceNodeLike>();
      let resampler: { rate: number; resampler: Resampler } | undefined;
      let scheduleEnd = 0;
      let chunks = 0;
      let flushes = 0;
      let flushedMs = 0;
      let sourceDone = false;

      const queuedMs = (): number => Math.max(0, (scheduleEnd - context.currentTime) * 1000);
      const emit = (event: SpeakerState['event']): void => {
        subscriber.next({ event, playing: scheduled.size > 0, queuedMs: scheduled.size > 0 ? queuedMs() : 0, chunks, flushes, flushedMs });
      };
      const stopAll = (): void => {
        for (const node of scheduled) {
          node.onended = null;
          node.stop();
          node.disconnect();
        }
        scheduled.clear();
        scheduleEnd = 0;
        resampler = undefined;
      };
      const finish = (): void => {
        stopAll();
        if (context.state !== 'closed') context.close().catch(() => undefined);
      };

      const schedule = (converted: Int16Array): void => {
        if (converted.length === 0) return;
        if (context.state === 'suspended') context.resume().catch(() => undefined);
        const buffer = context.createBuffer(1, converted.length, context.sampleRate);
        buffer.copyToChannel(pcm16ToFloat32(converted), 0);
        const node = context.createBufferSource();
        node.buffer = buffer;
        node.connect(context.destination);
        const now = context.currentTime;
        // Back to back on the context clock; after an underrun, start again a little ahead.
        const startAt = scheduleEnd > now ? scheduleEnd : now + leadMs / 1000;
        scheduleEnd = startAt + converted.length / context.sampleRate;
        node.onended = () => {
          scheduled.delete(node);
          node.disconnect();
          if (scheduled.size > 0) return;
          emit('drained');
          if (sourceDone) {
            finish();
            subscriber.complete();
          }
        };
        scheduled.add(node);
        node.start(startAt);
        chunks += 1;
        emit('queued');
      };
      const play = (samples: Int16Array, rate: number): void => {
        if (resampler === undefined || resampler.rate !== rate) {
          resampler = { rate, resampler: createResampler({ from: rate, to: context.sampleRate, quality: options.quality ?? 'medium' }) };
        }
        schedule(resampler.resampler.process(samples));
      };
      /** The turn is over: the resampler's last couple of milliseconds play now, not before the next turn. */
      const endOfTurn = (): void => {
        const tail = resampler?.resampler.flush();
        if (tail !== undefined) schedule(tail);
      };
      const flush = (): void => {
        flushedMs = scheduled.size > 0 ? queuedMs() : 0;
        flushes += 1;
        stopAll();
        emit('flushed');
      };
      const run = (command: PlaybackCommand): void => {
        if (command.kind === 'flush') flush();
        else play(command.chunk.samples, command.chunk.sampleRate);
      };

      emit('ready');
      const messages = new Subject<LiveServerMessage>();
      const fromMessages = messages.pipe(playbackQueue()).subscribe(run);
      const upstream = source.subscribe({
        next: (value) => {
          if (isPlaybackCommand(value)) {
            run(value);
            return;
          }
          messages.next(value);
          if (value.serverContent?.turnComplete === true) endOfTurn();
        },
        error: (error: unknown) => {
          finish();
          subscriber.error(error);
        },
        complete: () => {
          sourceDone = true;
          endOfTurn();
          if (scheduled.size === 0) {
            finish();
            subscriber.complete();
          }
        },
      });
      return () => {
        upstream.unsubscribe();
        fromMessages.unsubscribe();
        finish();
      };
    });
}

function isPlaybackCommand(value: LiveServerMessage | PlaybackCommand): value is PlaybackCommand {
  const kind: unknown = (value as { readonly kind?: unknown }).kind;
  return kind === 'play' || kind === 'flush';
}

function createContext(options: SpeakerOptions): AudioContextLike {
  if (options.createAudioContext !== undefined) return options.createAudioContext();
  const { AudioContext } = browserGlobals();
  if (AudioContext === undefined) throw new LiveMediaUnavailableError('speaker', 'AudioContext');
  return new AudioContext();
}
