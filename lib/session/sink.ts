import { Subject } from 'rxjs';

/**
 * One of a session's inputs (`clientContent`, `realtimeInput`, `toolResponse`, `contextUpdate`).
 *
 * A `Subject` owned by the session, not by a socket, so it outlives connections. `next(value)` checks
 * and converts the value first and throws a `LiveInputError` (or `LiveOutboxOverflowError`) if it cannot
 * be sent, so nothing invalid is queued. Subscribers see every accepted value.
 *
 * `complete()` and `error()` only mean "this source of input has ended": they neither close the socket
 * nor stop the sink, so `mic$.subscribe(session.realtimeInput)` can stop and start again. A source's
 * error is its own business; handle it before the sink.
 *
 * @since 0.1.0
 */
export class LiveSink<In> extends Subject<In> {
  constructor(private readonly accept: (value: In) => void) {
    super();
  }

  override next(value: In): void {
    this.accept(value);
    super.next(value);
  }

  override error(_error: unknown): void {
    // Ending one input source must not end the session's input (DESIGN.md §2).
  }

  override complete(): void {
    // As above: a completed microphone stream is "no more input", not "hang up".
  }
}
