import type { MonoTypeOperatorFunction } from 'rxjs';
import { LiveOutboxOverflowError } from '../errors';
import { gatedQueue, type QueueOptions } from './gatedQueue';

/**
 * @category operators
 * @since 0.2.0
 */
export interface BoundedFifoOptions extends QueueOptions {
  /** What the values are, for the error message (e.g. `'toolResponse'`). Default `'queued'`. */
  readonly name?: string;
}

/**
 * Reliable buffering, the session outbox's policy for clientContent and toolResponse:
 * while the `gate` is closed up to `limit` values wait in order, nothing is ever dropped, and one more
 * errors the stream with `LiveOutboxOverflowError` rather than lose it.
 *
 * @example
 * ```ts
 * import { BehaviorSubject, Subject } from 'rxjs';
 * import { boundedFifo } from 'rx-gemini-live';
 *
 * const connected = new BehaviorSubject(false);
 * const messages = new Subject<string>();
 * messages.pipe(boundedFifo({ limit: 256, gate: connected, name: 'chat' })).subscribe({
 *   next: (text) => console.log('send', text),
 *   error: (error: Error) => console.error(error.message),
 * });
 * ```
 *
 * @category operators
 * @since 0.2.0
 */
export function boundedFifo<T>(options: BoundedFifoOptions): MonoTypeOperatorFunction<T> {
  return gatedQueue<T>('boundedFifo', options, () => {
    throw new LiveOutboxOverflowError(options.name ?? 'queued', options.limit);
  });
}
