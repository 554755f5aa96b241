import { type NextObserver, Observable, type Subscription } from 'rxjs';
import { LiveConfigError } from '../errors';

/**
 * How full a queue is: values `depth` waiting now, `dropped` since subscription.
 *
 * @category operators
 * @since 0.2.0
 */
export interface QueueStats {
  readonly depth: number;
  readonly dropped: number;
}

/**
 * What `dropOldest` and `boundedFifo` share.
 *
 * @category operators
 * @since 0.2.0
 */
export interface QueueOptions {
  /** Values that may wait. */
  readonly limit: number;
  /**
   * Values flow while the gate's latest value is `true` and wait while it is `false` (or before it
   * first emits): for example "the socket is connected and not congested". Without a gate nothing
   * ever waits and the operator passes values straight through. A gate that completes keeps its last
   * value.
   */
  readonly gate?: Observable<boolean>;
  /** Told the queue's depth and drops after every change, and once on subscribe (a `BehaviorSubject` will do). */
  readonly stats?: NextObserver<QueueStats>;
}

/** What to do with a value that does not fit: throw to error the stream, or say which waiting value to drop. */
export type OverflowPolicy<T> = (queue: T[], value: T) => void;

/**
 * A FIFO in front of a gate. Order is always kept: a value that arrives while others wait queues behind
 * them. On source completion the output completes once the queue is empty (possibly when the gate next
 * opens); errors and unsubscription discard what waits.
 */
export function gatedQueue<T>(operator: string, options: QueueOptions, overflow: OverflowPolicy<T>): (source: Observable<T>) => Observable<T> {
  const { limit, gate, stats } = options;
  if (!(Number.isInteger(limit) && limit >= 0)) throw new LiveConfigError(`${operator}.limit`, `expected a non-negative integer, got ${String(limit)}`);
  return (source) =>
    new Observable<T>((subscriber) => {
      const queue: T[] = [];
      let open = gate === undefined;
      let dropped = 0;
      let sourceDone = false;
      let draining = false;
      const publish = (): void => stats?.next({ depth: queue.length, dropped });

      const drain = (): void => {
        if (draining) return;
        draining = true;
        try {
          let changed = false;
          while (open && queue.length > 0 && !subscriber.closed) {
            const value = queue.shift() as T;
            changed = true;
            subscriber.next(value);
          }
          if (changed) publish();
          if (sourceDone && queue.length === 0) subscriber.complete();
        } finally {
          draining = false;
        }
      };

      publish();
      const gateSubscription: Subscription | undefined = gate?.subscribe({
        next: (isOpen) => {
          open = isOpen;
          drain();
        },
        error: (error: unknown) => subscriber.error(error),
      });
      const sourceSubscription = source.subscribe({
        next: (value) => {
          if (open && queue.length === 0 && !draining) {
            subscriber.next(value);
            return;
          }
          // While open, a value queued re-entrantly (from a subscriber) goes out in this drain: no overflow.
          if (queue.length >= limit && !open) {
            const before = queue.length;
            try {
              overflow(queue, value);
            } catch (error) {
              subscriber.error(error);
              return;
            }
            dropped += before + 1 - queue.length;
          } else {
            queue.push(value);
          }
          publish();
          drain();
        },
        error: (error: unknown) => subscriber.error(error),
        complete: () => {
          sourceDone = true;
          drain();
        },
      });
      return () => {
        sourceSubscription.unsubscribe();
        gateSubscription?.unsubscribe();
      };
    });
}
