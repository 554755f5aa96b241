import { NEVER, Observable, type SchedulerLike, Subscription } from 'rxjs';
import { isConnectionReplaced, type LiveServerMessage, type UsageMetadata } from '../protocol/serverMessages';
import type { LiveSession } from '../session/liveSession';
import { sessionClock, type WrittenFrame } from '../session/writtenFrames';
import { audioChunksOf, modelParts, visibleText } from './toAudioChunk';

/**
 * What told us the user's turn had ended, most reliable first:
 * - `app`: the application said so (`TurnMetricsOptions.userTurnEnded$`, e.g. its own VAD);
 * - `turnComplete`: a `clientContent` with `turnComplete: true` was written;
 * - `text`: a `realtimeInput.text` was written;
 * - `activityEnd`: manual activity detection's end marker was written;
 * - `audioStreamEnd`: the microphone stream was ended (and no audio followed it);
 * - `lastAudio`: with server-side VAD and none of the above, the last audio frame written before the
 *   model answered. The client cannot see where the server heard the speech end, so this is the best
 *   signal available: a microphone that keeps sending silence makes it late, and the times measured
 *   from it too short.
 *
 * @category conversations
 * @since 0.2.0
 */
export type UserTurnEndSignal = 'app' | 'turnComplete' | 'text' | 'activityEnd' | 'audioStreamEnd' | 'lastAudio';

/**
 * Timings and counts of one model turn. Times are milliseconds on the clock of `turnMetrics`
 * (`scheduler.now()`, else `performance.now()`); durations are differences of them.
 *
 * @category conversations
 * @since 0.2.0
 */
export interface TurnMetrics {
  /** 1 for the first turn seen by this subscription. */
  readonly index: number;
  /** When the user's turn ended and how we know; absent when nothing preceded the model's turn. */
  readonly userTurnEnd?: { readonly at: number; readonly signal: UserTurnEndSignal };
  /** From the end of the user's turn to the first model output of any kind (part, transcript, tool call). */
  readonly timeToFirstOutputMs?: number;
  /** From the end of the user's turn to the first text part. */
  readonly timeToFirstTextMs?: number;
  /** From the end of the user's turn to the first audio chunk. */
  readonly timeToFirstAudioMs?: number;
  /** When the first model output arrived. */
  readonly firstOutputAt?: number;
  /** When the turn ended (`turnComplete` arrived). */
  readonly endedAt: number;
  /** From the first model output (or, without one, the end of the turn) to `turnComplete`. */
  readonly durationMs: number;
  /** The model was interrupted (barge-in). */
  readonly interrupted: boolean;
  /** From `interrupted` to the local playback flush (given `TurnMetricsOptions.playbackFlushed$`). */
  readonly flushMs?: number;
  /** The turn's last `usageMetadata`. */
  readonly usage?: UsageMetadata;
  /** `usage.promptTokenCount`. */
  readonly promptTokens?: number;
  /** `usage.responseTokenCount` (Vertex: `candidatesTokenCount`). */
  readonly responseTokens?: number;
  /** `usage.totalTokenCount`. */
  readonly totalTokens?: number;
  /** Seconds of audio written since the previous turn ended. */
  readonly audioInSeconds: number;
  /** Seconds of audio the model sent in this turn. */
  readonly audioOutSeconds: number;
}

/**
 * Options of `turnMetrics`.
 *
 * @category conversations
 * @since 0.2.0
 */
export interface TurnMetricsOptions {
  /** The session's scheduler, when it was given one: both must share a clock. Default `performance.now()`. */
  readonly scheduler?: SchedulerLike;
  /** Emits when the application knows the user stopped speaking (its own VAD, the end of a file). */
  readonly userTurnEnded$?: Observable<unknown>;
  /**
   * Emits when local playback was flushed after an interruption: emit after the player stopped on a
   * `playbackQueue()` `flush`. Gives `flushMs`; an interrupted turn's record then waits for it (or
   * for the next turn).
   */
  readonly playbackFlushed$?: Observable<unknown>;
}

/** Signals whose latest occurrence before the model answers ends the user's turn. */
const EXPLICIT_SIGNALS: Partial<Record<WrittenFrame['kind'], UserTurnEndSignal>> = {
  text: 'text',
  activityEnd: 'activityEnd',
};

interface Mark {
  readonly at: number;
  readonly signal: UserTurnEndSignal;
}

/** The turn being measured, as a class so each piece of state has a name. */
class TurnMeter {
  private index = 0;
  private explicit: Mark | undefined;
  private streamEnd: Mark | undefined;
  private lastAudio: Mark | undefined;
  private audioInMs = 0;
  private userTurnEnd: Mark | undefined;
  private firstOutputAt: number | undefined;
  private firstTextAt: number | undefined;
  private firstAudioAt: number | undefined;
  private interruptedAt: number | undefined;
  private flushedAt: number | undefined;
  private audioOutMs = 0;
  private usage: UsageMetadata | undefined;
  /**
   * A flush seen before the `interrupted` that caused it: a player that reacts to the same message
   * may be told first. It belongs to the next interruption of the turn.
   */
  private earlyFlushAt: number | undefined;
  /** An interrupted turn's record waiting for the playback flush, and when it was interrupted. */
  private held: { readonly metrics: TurnMetrics; readonly interruptedAt: number } | undefined;

  constructor(
    private readonly emit: (metrics: TurnMetrics) => void,
    private readonly waitForFlush: boolean,
  ) {}

  wrote(frame: WrittenFrame): void {
    if (frame.kind === 'audio') {
      this.lastAudio = { at: frame.at, signal: 'lastAudio' };
      this.audioInMs += frame.audioMs ?? 0;
      return;
    }
    if (frame.kind === 'audioStreamEnd') this.streamEnd = { at: frame.at, signal: 'audioStreamEnd' };
    const signal = frame.kind === 'clientContent' && frame.turnComplete === true ? 'turnComplete' : EXPLICIT_SIGNALS[frame.kind];
    if (signal !== undefined) this.explicit = { at: frame.at, signal };
  }

  userSaidDone(at: number): void {
    this.explicit = { at, signal: 'app' };
  }

  flushed(at: number): void {
    const held = this.held;
    if (held !== undefined) {
      this.held = undefined;
      this.emit({ ...held.metrics, flushMs: at - held.interruptedAt });
      return;
    }
    if (this.interruptedAt === undefined) this.earlyFlushAt = at;
    else this.flushedAt ??= at;
  }

  received(message: LiveServerMessage, at: number): void {
    if (isConnectionReplaced(message)) {
      const end = this.userTurnEnd;
      this.abandonTurn();
      if (end !== undefined) this.carryOver(end);
      return;
    }
    const content = message.serverContent;
    if (message.usageMetadata !== undefined) this.usage = message.usageMetadata;
    if (content === undefined) {
      if (message.toolCall !== undefined) this.output(at);
      return;
    }
    const parts = modelParts(content);
    if (parts.length > 0 || (content.outputTranscription?.text ?? '') !== '') this.output(at);
    if (this.firstTextAt === undefined && parts.some((part) => visibleText(part) !== '')) this.firstTextAt = at;
    for (const chunk of audioChunksOf(content)) {
      this.firstAudioAt ??= at;
      this.audioOutMs += (chunk.samples.length / chunk.sampleRate) * 1000;
    }
    if (content.interrupted === true && this.interruptedAt === undefined) {
      this.interruptedAt = at;
      if (this.earlyFlushAt !== undefined) this.flushedAt = Math.max(this.earlyFlushAt, at);
    }
    if (content.turnComplete === true) this.turnComplete(at);
  }

  /** The source ended: an interrupted turn still waiting for its flush is reported without it. */
  ended(): void {
    this.releaseHeld();
  }

  private output(at: number): void {
    if (this.firstOutputAt !== undefined) return;
    this.firstOutputAt = at;
    // The user's turn ended at the latest signal before the model spoke; each signal serves one turn.
    const streamEnd = this.streamEnd !== undefined && (this.lastAudio === undefined || this.streamEnd.at >= this.lastAudio.at) ? this.streamEnd : undefined;
    this.userTurnEnd = this.explicit ?? streamEnd ?? this.lastAudio;
    this.explicit = undefined;
    this.streamEnd = undefined;
    this.lastAudio = undefined;
  }

  private turnComplete(at: number): void {
    const said = this.firstOutputAt !== undefined || this.interruptedAt !== undefined || this.usage !== undefined;
    if (!said) return;
    this.releaseHeld();
    this.index += 1;
    const since = (time: number | undefined): number | undefined =>
      time === undefined || this.userTurnEnd === undefined ? undefined : time - this.userTurnEnd.at;
    const usage = this.usage;
    const metrics: TurnMetrics = {
      index: this.index,
      ...(this.userTurnEnd === undefined ? {} : { userTurnEnd: this.userTurnEnd }),
      ...optional('timeToFirstOutputMs', since(this.firstOutputAt)),
      ...optional('timeToFirstTextMs', since(this.firstTextAt)),
      ...optional('timeToFirstAudioMs', since(this.firstAudioAt)),
      ...optional('firstOutputAt', this.firstOutputAt),
      endedAt: at,
      durationMs: at - (this.firstOutputAt ?? at),
      interrupted: this.interruptedAt !== undefined,
      ...optional('flushMs', this.interruptedAt === undefined || this.flushedAt === undefined ? undefined : this.flushedAt - this.interruptedAt),
      ...(usage === undefined ? {} : { usage }),
      ...optional('promptTokens', usage?.promptTokenCount),
      ...optional('responseTokens', usage?.responseTokenCount ?? usage?.candidatesTokenCount),
      ...optional('totalTokens', usage?.totalTokenCount),
      audioInSeconds: this.audioInMs / 1000,
      audioOutSeconds: this.audioOutMs / 1000,
    };
    const interruptedAt = this.interruptedAt;
    this.audioInMs = 0;
    this.abandonTurn();
    if (this.waitForFlush && interruptedAt !== undefined && metrics.flushMs === undefined) this.held = { metrics, interruptedAt };
    else this.emit(metrics);
  }

  private releaseHeld(): void {
    const held = this.held;
    this.held = undefined;
    if (held !== undefined) this.emit(held.metrics);
  }

  /**
   * The abandoned turn's question still waits for its answer on the next connection: its end stays
   * the reference (the reconnect is part of the wait the user feels) unless a newer signal comes.
   */
  private carryOver(end: Mark): void {
    if (end.signal === 'lastAudio') this.lastAudio ??= end;
    else if (end.signal === 'audioStreamEnd') this.streamEnd ??= end;
    else this.explicit ??= end;
  }

  private abandonTurn(): void {
    this.userTurnEnd = undefined;
    this.firstOutputAt = undefined;
    this.firstTextAt = undefined;
    this.firstAudioAt = undefined;
    this.interruptedAt = undefined;
    this.flushedAt = undefined;
    this.earlyFlushAt = undefined;
    this.audioOutMs = 0;
    this.usage = undefined;
  }
}

function optional<K extends string>(key: K, value: number | undefined): { [P in K]?: number } {
  return (value === undefined ? {} : { [key]: value }) as { [P in K]?: number };
}

/**
 * One `TurnMetrics` per model turn of `session`, emitted when the turn ends (`turnComplete`; turns in
 * which the model said nothing are skipped): when the user's turn ended and how we know it, the time
 * to the first output, text and audio, the turn's duration, whether it was interrupted (and how long
 * the local playback took to flush), its tokens, and the audio seconds in and out.
 *
 * Subscribing subscribes to `session` (joining its connection) and to `session.written$`, which
 * tells when the user's frames were written. Times come from the scheduler when one is given, so in
 * marble tests (give the same `TestScheduler` to the session or `fakeLiveSession`) they are exact;
 * otherwise from `performance.now()`. A reconnect (the `{connectionReplaced}` marker) abandons the
 * turn in progress: it is not reported.
 *
 * @example
 * ```ts
 * import { turnMetrics } from 'rx-gemini-live';
 * import { liveSession } from 'rx-gemini-live/node';
 *
 * const session = liveSession({ model: 'gemini-2.5-flash-native-audio-preview-09-2025', apiKey: process.env.GEMINI_API_KEY });
 * turnMetrics(session).subscribe((turn) => console.log(`turn ${turn.index}: first audio after ${turn.timeToFirstAudioMs} ms`));
 * ```
 *
 * @category conversations
 * @since 0.2.0
 */
export function turnMetrics(session: LiveSession, options: TurnMetricsOptions = {}): Observable<TurnMetrics> {
  return new Observable<TurnMetrics>((subscriber) => {
    const now = sessionClock(options.scheduler);
    const meter = new TurnMeter((metrics) => subscriber.next(metrics), options.playbackFlushed$ !== undefined);
    const subscription = new Subscription();
    // written$ first: frames are described only while it has a subscriber.
    subscription.add(session.written$.subscribe((frame) => meter.wrote(frame)));
    // The session before the flushes: a flush derived from the session's `interrupted` then comes after it.
    subscription.add(
      session.subscribe({
        next: (message) => meter.received(message, now()),
        error: (error: unknown) => {
          meter.ended();
          subscriber.error(error);
        },
        complete: () => {
          meter.ended();
          subscriber.complete();
        },
      }),
    );
    subscription.add((options.userTurnEnded$ ?? NEVER).subscribe(() => meter.userSaidDone(now())));
    subscription.add((options.playbackFlushed$ ?? NEVER).subscribe(() => meter.flushed(now())));
    return subscription;
  });
}
