import { Subject } from 'rxjs';
import type { ClientContentMessage, ContextUpdateMessage, RealtimeInputMessage, ToolResponseMessage } from '../protocol/clientMessages';
import { type LiveClientContentInput, toClientContent } from '../protocol/toClientContent';
import { type LiveContextUpdateInput, toContextUpdate } from '../protocol/toContextUpdate';
import { type LiveRealtimeInput, toRealtimeInput } from '../protocol/toRealtimeInput';
import { type LiveToolResponseInput, toToolResponse } from '../protocol/toToolResponse';
import type { LiveBackend } from '../transport/endpointOptions';

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

/** The four inputs every `LiveSession` has. */
export interface LiveSessionSinks {
  readonly clientContent: LiveSink<LiveClientContentInput>;
  readonly realtimeInput: LiveSink<LiveRealtimeInput>;
  readonly toolResponse: LiveSink<LiveToolResponseInput>;
  readonly contextUpdate: LiveSink<LiveContextUpdateInput>;
}

/** Where converted sink values go: the outbox of a real session, the recorder of a fake one. */
export interface SinkTargets {
  clientContent(message: ClientContentMessage): void;
  realtimeInput(message: RealtimeInputMessage): void;
  toolResponse(message: ToolResponseMessage): void;
  contextUpdate(message: ContextUpdateMessage): void;
}

/**
 * Builds a session's sinks. Real and fake sessions share this, so a test double refuses exactly the
 * values the real session refuses, with the same `LiveInputError`.
 */
export function sessionSinks(backend: LiveBackend, targets: SinkTargets): LiveSessionSinks {
  return {
    clientContent: new LiveSink((value) => targets.clientContent(toClientContent(value, backend))),
    realtimeInput: new LiveSink((value) => targets.realtimeInput(toRealtimeInput(value))),
    toolResponse: new LiveSink((value) => targets.toolResponse(toToolResponse(value, backend))),
    contextUpdate: new LiveSink((value) => targets.contextUpdate(toContextUpdate(value, backend))),
  };
}
