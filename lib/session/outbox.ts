import { Observable, type SchedulerLike, Subject, type Subscription, timer } from 'rxjs';
import { LiveConfigError, LiveOutboxOverflowError } from '../errors';
import { checkTimerMs } from '../util/timerLimit';
import type { WrittenNote } from './writtenFrames';

/**
 * Limits of the outbox: every queue is bounded, and what overflows is reported, never lost silently.
 *
 * @since 0.1.0
 */
export interface OutboxLimits {
  /**
   * clientContent/toolResponse/contextUpdate messages that may wait, for a connection or for a
   * congested socket. One more is refused with `LiveOutboxOverflowError`: these are never dropped.
   * Default 256.
   */
  readonly maxPendingMessages: number;
  /**
   * Realtime signals (`text`, `activityStart`, `activityEnd`, `audioStreamEnd`) that may wait, for a
   * connection or for a congested socket. One more is refused with `LiveOutboxOverflowError`: signals
   * are never dropped either, since a lost `activityEnd` or typed text would change the conversation.
   * Default 256.
   *
   * @since 0.2.0
   */
  readonly maxPendingSignals: number;
  /**
   * Realtime audio/video frames held while the connection is not ready or the socket is congested.
   * Beyond it the oldest frame is dropped and counted. Default 50 (2 s of 40 ms frames).
   */
  readonly maxPendingRealtime: number;
  /**
   * Socket `bufferedAmount` in bytes above which nothing more is written: every frame waits in the
   * outbox, under the limits above, rather than in the socket's own unbounded buffer. Default 256 KiB.
   */
  readonly highWaterMark: number;
  /** How often a congested socket is checked again, in ms (WebSockets have no drain event). Default 20. */
  readonly drainIntervalMs: number;
}

/** @since 0.1.0 */
export const DEFAULT_OUTBOX_LIMITS: OutboxLimits = {
  maxPendingMessages: 256,
  maxPendingSignals: 256,
  maxPendingRealtime: 50,
  highWaterMark: 256 * 1024,
  drainIntervalMs: 20,
};

/**
 * The outbox limits with defaults filled in; throws `LiveConfigError` for a limit that is not a whole
 * number (counts) or not a usable delay, so a typo cannot turn a bound off.
 */
export function outboxLimits(given: Partial<OutboxLimits> | undefined): OutboxLimits {
  if (given !== undefined && (typeof given !== 'object' || given === null)) {
    throw new LiveConfigError('outbox', 'expected an object of outbox limits');
  }
  const limits: OutboxLimits = { ...DEFAULT_OUTBOX_LIMITS, ...given };
  for (const name of ['maxPendingMessages', 'maxPendingSignals', 'maxPendingRealtime', 'highWaterMark'] as const) {
    const value = limits[name];
    if (!Number.isSafeInteger(value) || value < 0) throw new LiveConfigError(`outbox.${name}`, 'expected a whole number ≥ 0');
  }
  checkTimerMs('outbox.drainIntervalMs', limits.drainIntervalMs);
  return limits;
}

/**
 * Counters for flow control, emitted by `session.stats$`.
 *
 * @since 0.1.0
 */
export interface OutboxStats {
  /** Reliable messages waiting for a connection. */
  readonly pendingMessages: number;
  /** Realtime frames waiting for the connection or for the socket to drain. */
  readonly pendingRealtime: number;
  /** Realtime audio/video frames dropped, oldest first, since the session was created. */
  readonly realtimeDropped: number;
  /** Frames written to a socket since the session was created (setup excluded). */
  readonly framesSent: number;
  /** Characters of JSON written to sockets (setup excluded). */
  readonly charsSent: number;
}

/** The part of a socket the outbox writes to. */
export interface OutboxTarget {
  readonly bufferedAmount: number;
  send(frame: string): void;
}

/** The sinks whose messages are never dropped, and replayed after a reconnect. */
export type ReliableSink = 'clientContent' | 'toolResponse' | 'contextUpdate';

/** A serialised clientContent, toolResponse or contextUpdate message. */
export interface ReliableFrame {
  readonly frame: string;
  readonly sink: ReliableSink;
}

/** Told what the outbox writes, for session resumption's replay log. */
export interface OutboxLog {
  /** A connection's `setupComplete` arrived; writes to it follow. */
  attached(): void;
  /** A frame was written; `reliable` names its sink, `undefined` for realtime input. */
  wrote(frame: string, reliable: ReliableSink | undefined): void;
}

/**
 * A frame waiting to be written. `reliable`: clientContent, toolResponse, contextUpdate. `signal`:
 * realtime text, activity markers, audioStreamEnd (never dropped either). `media`: realtime audio and
 * video, which may be dropped under pressure.
 */
interface PendingFrame {
  readonly frame: string;
  readonly kind: 'reliable' | 'signal' | 'media';
  readonly sink?: ReliableSink;
  /** What `session.written$` reports when it is written; only while someone listens. */
  readonly note?: WrittenNote;
}

/**
 * Orders and gates everything the client sends after `setup`, in one FIFO so the wire shows the
 * order of the calls, as with the official SDK.
 *
 * - Nothing is written while there is no ready connection, or while the socket holds more than the
 *   high-water mark: frames wait here, where they are counted and bounded, never in the socket's own
 *   buffer, which has no limit.
 * - Reliable messages and realtime signals are never dropped: each kind has its own limit, checked
 *   whenever a frame must wait, and the one that does not fit is refused with
 *   `LiveOutboxOverflowError` before it is queued.
 * - Realtime audio/video is freshest-wins: once too many media frames wait the oldest are dropped and
 *   counted, and media left when a connection ends is dropped (stale audio is worse than a gap).
 */
export class Outbox {
  private readonly queue: PendingFrame[] = [];
  private target: OutboxTarget | undefined;
  private drainTimer: Subscription | undefined;
  private pendingReliable = 0;
  private pendingSignals = 0;
  private pendingMedia = 0;
  private dropped = 0;
  private framesSent = 0;
  private charsSent = 0;
  /**
   * Built on the first subscription to `stats$`, and fed only while it has subscribers: a snapshot
   * per frame is a cost only a reader should pay (`stats` computes its own on demand).
   */
  private statsSubject: Subject<OutboxStats> | undefined;
  private statsStream: Observable<OutboxStats> | undefined;
  /** Told of each frame written that carries a note (`session.written$`). */
  writtenLog: { wrote(note: WrittenNote): void } | undefined;

  constructor(
    private readonly limits: OutboxLimits,
    private readonly scheduler: SchedulerLike,
    private readonly log?: OutboxLog,
  ) {}

  /** The current counters first, then after every change of them. */
  get stats$(): Observable<OutboxStats> {
    this.statsStream ??= new Observable<OutboxStats>((subscriber) => {
      this.statsSubject ??= new Subject<OutboxStats>();
      // As a BehaviorSubject does: subscribed first, then the current value.
      const subscription = this.statsSubject.subscribe(subscriber);
      if (!subscription.closed) subscriber.next(this.snapshot());
      return subscription;
    });
    return this.statsStream;
  }

  get stats(): OutboxStats {
    return this.snapshot();
  }

  /** Queues (or sends) a reliable frame; throws `LiveOutboxOverflowError` rather than drop it. */
  sendReliable(frame: string, sink: ReliableSink, note?: WrittenNote): void {
    if (this.writeNow(frame, sink, note)) return;
    if (this.pendingReliable >= this.limits.maxPendingMessages) {
      throw new LiveOutboxOverflowError(sink, this.limits.maxPendingMessages);
    }
    this.enqueue({ frame, kind: 'reliable', sink, note });
  }

  /**
   * Queues (or sends) a realtime frame; `droppable` for audio/video. A signal that would have to wait
   * beyond `maxPendingSignals` throws `LiveOutboxOverflowError`.
   */
  sendRealtime(frame: string, droppable: boolean, note?: WrittenNote): void {
    if (this.writeNow(frame, undefined, note)) return;
    if (!droppable && this.pendingSignals >= this.limits.maxPendingSignals) {
      throw new LiveOutboxOverflowError('realtimeInput', this.limits.maxPendingSignals);
    }
    this.enqueue({ frame, kind: droppable ? 'media' : 'signal', note });
  }

  /** The connection is ready (`setupComplete` arrived): everything waiting goes out in order. */
  attach(target: OutboxTarget): void {
    this.target = target;
    this.log?.attached();
    this.drain();
  }

  /**
   * Puts frames written on a lost connection back at the head of the queue, ahead of what never left,
   * so the next connection sees them in their first order. Never refused: they were accepted already.
   */
  requeue(frames: readonly ReliableFrame[]): void {
    this.queue.unshift(...frames.map((item): PendingFrame => ({ frame: item.frame, kind: 'reliable', sink: item.sink, note: { kind: item.sink } })));
    this.pendingReliable += frames.length;
    this.publish();
  }

  /** Rewrites (or, for `undefined`, removes) the reliable frames still waiting. */
  retainReliable(keep: (frame: string, sink: ReliableSink) => string | undefined): void {
    for (let index = this.queue.length - 1; index >= 0; index -= 1) {
      const item = this.queue[index] as PendingFrame;
      if (item.sink === undefined) continue;
      const frame = keep(item.frame, item.sink);
      if (frame === undefined) {
        this.queue.splice(index, 1);
        this.pendingReliable -= 1;
      } else if (frame !== item.frame) {
        this.queue[index] = { ...item, frame };
      }
    }
    this.publish();
  }

  /**
   * The connection is gone. Reliable messages and signals wait for the next one; media is stale by
   * then, so it is dropped and counted.
   */
  detach(): void {
    this.target = undefined;
    this.stopDrainTimer();
    if (this.pendingMedia > 0) {
      const kept = this.queue.filter((item) => item.kind !== 'media');
      this.dropped += this.queue.length - kept.length;
      this.queue.splice(0, this.queue.length, ...kept);
      this.pendingMedia = 0;
    }
    this.publish();
  }

  /**
   * The conversation is over (its last subscriber left, or it ended): what still waits belongs to it
   * and must not open the next one. A stale toolResponse would make the server close the new session
   * with 1007. Media is counted as dropped; reliable messages and signals were accepted for a
   * conversation that no longer exists.
   */
  clear(): void {
    this.detach();
    this.queue.length = 0;
    this.pendingReliable = 0;
    this.pendingSignals = 0;
    this.publish();
  }

  /**
   * Writes the frame at once when nothing waits and the socket has room, as `drain` would write it;
   * false when it has to wait. Tried before any queue item is built: the common case, per audio frame.
   */
  private writeNow(frame: string, sink: ReliableSink | undefined, note: WrittenNote | undefined): boolean {
    const target = this.target;
    if (target === undefined || this.queue.length > 0 || target.bufferedAmount > this.limits.highWaterMark) return false;
    this.write(target, frame, sink, note);
    this.publish();
    return true;
  }

  /** Queues a frame that cannot be written now, then writes what the socket takes. */
  private enqueue(item: PendingFrame): void {
    this.queue.push(item);
    if (item.kind === 'reliable') this.pendingReliable++;
    if (item.kind === 'signal') this.pendingSignals++;
    if (item.kind === 'media') {
      this.pendingMedia++;
      this.dropOldestMedia();
    }
    this.drain();
  }

  private drain(): void {
    const target = this.target;
    while (target !== undefined && this.queue.length > 0) {
      // Everything waits behind a congested socket, not only media: `bufferedAmount` has no limit of
      // its own, so a stalled peer would otherwise hold every reliable frame in memory.
      if (target.bufferedAmount > this.limits.highWaterMark) {
        this.scheduleDrain();
        break;
      }
      const head = this.queue.shift() as PendingFrame;
      if (head.kind === 'reliable') this.pendingReliable--;
      if (head.kind === 'signal') this.pendingSignals--;
      if (head.kind === 'media') this.pendingMedia--;
      this.write(target, head.frame, head.sink, head.note);
    }
    this.publish();
  }

  private dropOldestMedia(): void {
    while (this.pendingMedia > this.limits.maxPendingRealtime) {
      this.queue.splice(this.queue.findIndex((item) => item.kind === 'media'), 1);
      this.pendingMedia--;
      this.dropped++;
    }
  }

  private scheduleDrain(): void {
    if (this.drainTimer !== undefined && !this.drainTimer.closed) return;
    this.drainTimer = timer(this.limits.drainIntervalMs, this.scheduler).subscribe(() => {
      this.drainTimer = undefined;
      this.drain();
    });
  }

  private stopDrainTimer(): void {
    this.drainTimer?.unsubscribe();
    this.drainTimer = undefined;
  }

  private write(target: OutboxTarget, frame: string, sink: ReliableSink | undefined, note: WrittenNote | undefined): void {
    target.send(frame);
    this.framesSent++;
    this.charsSent += frame.length;
    this.log?.wrote(frame, sink);
    if (note !== undefined) this.writtenLog?.wrote(note);
  }

  private snapshot(): OutboxStats {
    return {
      pendingMessages: this.pendingReliable,
      pendingRealtime: this.queue.length - this.pendingReliable,
      realtimeDropped: this.dropped,
      framesSent: this.framesSent,
      charsSent: this.charsSent,
    };
  }

  private publish(): void {
    if (this.statsSubject?.observed === true) this.statsSubject.next(this.snapshot());
  }
}
