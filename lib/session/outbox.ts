import { BehaviorSubject, type Observable, type SchedulerLike, type Subscription, timer } from 'rxjs';
import { LiveOutboxOverflowError } from './errors';

/**
 * Limits of the outbox (DESIGN.md §3 "Ordering").
 *
 * @since 0.1.0
 */
export interface OutboxLimits {
  /**
   * clientContent/toolResponse/contextUpdate messages that may wait for a connection. One more is
   * refused with `LiveOutboxOverflowError`: these are never dropped. Default 256.
   */
  readonly maxPendingMessages: number;
  /**
   * Realtime audio/video frames held while the connection is not ready or the socket is congested.
   * Beyond it the oldest frame is dropped and counted. Default 50 (2 s of 40 ms frames).
   */
  readonly maxPendingRealtime: number;
  /** Socket `bufferedAmount` in bytes above which realtime media waits. Default 256 KiB. */
  readonly highWaterMark: number;
  /** How often a congested socket is checked again, in ms (WebSockets have no drain event). Default 20. */
  readonly drainIntervalMs: number;
}

/** @since 0.1.0 */
export const DEFAULT_OUTBOX_LIMITS: OutboxLimits = {
  maxPendingMessages: 256,
  maxPendingRealtime: 50,
  highWaterMark: 256 * 1024,
  drainIntervalMs: 20,
};

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

interface RealtimeFrame {
  readonly frame: string;
  /** Audio/video may be dropped under pressure; text, activity signals and audioStreamEnd may not. */
  readonly droppable: boolean;
}

/**
 * Orders and gates everything the client sends after `setup`. Reliable messages (clientContent,
 * toolResponse, contextUpdate) go out in order and are never dropped. Realtime input goes out in order
 * too, but its audio/video is freshest-wins: it waits while the socket is over the high-water mark and
 * the oldest frames are dropped once too many wait. Realtime and reliable streams are not ordered
 * relative to each other, which the server does not promise either (PROTOCOL.md §3.3).
 */
export class Outbox {
  private readonly reliable: string[] = [];
  private readonly realtime: RealtimeFrame[] = [];
  private target: OutboxTarget | undefined;
  private drainTimer: Subscription | undefined;
  private dropped = 0;
  private framesSent = 0;
  private charsSent = 0;
  private readonly statsSubject: BehaviorSubject<OutboxStats>;

  constructor(
    private readonly limits: OutboxLimits,
    private readonly scheduler: SchedulerLike,
  ) {
    this.statsSubject = new BehaviorSubject(this.snapshot());
  }

  /** Emits after every change of the counters. */
  get stats$(): Observable<OutboxStats> {
    return this.statsSubject.asObservable();
  }

  get stats(): OutboxStats {
    return this.statsSubject.value;
  }

  /** Queues (or sends) a reliable frame; throws `LiveOutboxOverflowError` rather than drop it. */
  sendReliable(frame: string, sink: string): void {
    if (this.target !== undefined && this.reliable.length === 0) {
      this.write(this.target, frame);
    } else if (this.reliable.length >= this.limits.maxPendingMessages) {
      throw new LiveOutboxOverflowError(sink, this.limits.maxPendingMessages);
    } else {
      this.reliable.push(frame);
    }
    this.publish();
  }

  /** Queues a realtime frame and sends what the socket can take now. */
  sendRealtime(frame: string, droppable: boolean): void {
    this.realtime.push({ frame, droppable });
    if (droppable) this.dropOverflow();
    this.drain();
  }

  /** The connection is ready (`setupComplete` arrived): everything waiting goes out in order. */
  attach(target: OutboxTarget): void {
    this.target = target;
    this.drain();
  }

  /**
   * The connection is gone. Reliable messages keep waiting for the next one; realtime media is stale
   * by then, so it is dropped and counted (DESIGN.md §3).
   */
  detach(): void {
    this.target = undefined;
    this.stopDrainTimer();
    const before = this.realtime.length;
    const kept = this.realtime.filter((item) => !item.droppable);
    this.dropped += before - kept.length;
    this.realtime.splice(0, before, ...kept);
    this.publish();
  }

  /** Stops timers; the outbox is not used afterwards. */
  dispose(): void {
    this.target = undefined;
    this.stopDrainTimer();
    this.statsSubject.complete();
  }

  private drain(): void {
    const target = this.target;
    if (target === undefined) {
      this.publish();
      return;
    }
    for (let frame = this.reliable.shift(); frame !== undefined; frame = this.reliable.shift()) {
      this.write(target, frame);
    }
    while (this.realtime.length > 0) {
      const head = this.realtime[0] as RealtimeFrame;
      if (head.droppable && target.bufferedAmount > this.limits.highWaterMark) {
        this.scheduleDrain();
        break;
      }
      this.realtime.shift();
      this.write(target, head.frame);
    }
    this.publish();
  }

  private dropOverflow(): void {
    let media = 0;
    for (const item of this.realtime) if (item.droppable) media++;
    while (media > this.limits.maxPendingRealtime) {
      const oldest = this.realtime.findIndex((item) => item.droppable);
      this.realtime.splice(oldest, 1);
      this.dropped++;
      media--;
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

  private write(target: OutboxTarget, frame: string): void {
    target.send(frame);
    this.framesSent++;
    this.charsSent += frame.length;
  }

  private snapshot(): OutboxStats {
    return {
      pendingMessages: this.reliable.length,
      pendingRealtime: this.realtime.length,
      realtimeDropped: this.dropped,
      framesSent: this.framesSent,
      charsSent: this.charsSent,
    };
  }

  private publish(): void {
    if (!this.statsSubject.closed) this.statsSubject.next(this.snapshot());
  }
}
