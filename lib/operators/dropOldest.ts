import type { MonoTypeOperatorFunction } from 'rxjs';
import { gatedQueue, type QueueOptions } from './gatedQueue';

/**
 * @category operators
 * @since 0.2.0
 */
export interface DropOldestOptions<T> extends QueueOptions {
  /** Called with each value dropped to make room. */
  readonly onDrop?: (value: T) => void;
}

/**
 * Freshest-wins buffering for realtime media, the session outbox's policy for audio and video:
 * while the `gate` is closed up to `limit` values wait, and one more pushes out the
 * oldest, which is counted and handed to `onDrop`. Stale audio is never sent late in bulk. With
 * `limit: 0` nothing waits: values that arrive while the gate is closed are dropped.
 *
 * @example
 * ```ts
 * import { BehaviorSubject, Subject } from 'rxjs';
 * import { dropOldest, type QueueStats } from 'rx-gemini-live';
 *
 * const canSend = new BehaviorSubject(false);
 * const stats = new BehaviorSubject<QueueStats>({ depth: 0, dropped: 0 });
 * const frames = new Subject<Int16Array>();
 * frames.pipe(dropOldest({ limit: 50, gate: canSend, stats })).subscribe((frame) => console.log(frame.length));
 * stats.subscribe(({ depth, dropped }) => console.log(`${depth} waiting, ${dropped} dropped`));
 * ```
 *
 * @category operators
 * @since 0.2.0
 */
export function dropOldest<T>(options: DropOldestOptions<T>): MonoTypeOperatorFunction<T> {
  return gatedQueue<T>('dropOldest', options, (queue, value) => {
    queue.push(value);
    const oldest = queue.shift() as T;
    options.onDrop?.(oldest);
  });
}
