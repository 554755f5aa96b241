import { type Observable, Subject } from 'rxjs';
import type { ClientContentMessage, ContextUpdateMessage, RealtimeInputMessage, ToolResponseMessage } from '../protocol/clientMessages';
import { type LiveClientContentInput, toClientContent } from '../protocol/toClientContent';
import { type LiveContextUpdateInput, toContextUpdate } from '../protocol/toContextUpdate';
import { type LiveRealtimeInput, toRealtimeInput } from '../protocol/toRealtimeInput';
import { type LiveToolResponseInput, toToolResponse } from '../protocol/toToolResponse';
import type { LiveBackend } from '../transport/endpointOptions';
import { LiveInputError, LiveOutboxOverflowError, type LiveSinkError } from '../errors';

/**
 * The name of one of a session's sinks.
 *
 * @since 0.2.0
 */
export type LiveSinkName = 'clientContent' | 'realtimeInput' | 'toolResponse' | 'contextUpdate';

/**
 * One of a session's inputs (`clientContent`, `realtimeInput`, `toolResponse`, `contextUpdate`).
 *
 * A `Subject` owned by the session, not by a socket, so it outlives connections. `next(value)` checks,
 * converts and serialises the value first. A value that cannot be sent (invalid, not serialisable as
 * JSON, or beyond the outbox's limit) is refused: nothing of it is queued, and the `LiveInputError`
 * or `LiveOutboxOverflowError` is emitted on the session's `refused$`. `next` never throws, so
 * `source.subscribe(session.toolResponse)` cannot turn a bad value into an unhandled error that ends
 * the host process. Subscribers of the sink see every accepted value.
 *
 * `complete()` and `error()` only mean "this source of input has ended": they neither close the socket
 * nor stop the sink, so `mic$.subscribe(session.realtimeInput)` can stop and start again. A source's
 * error is its own business; handle it before the sink.
 *
 * @since 0.1.0
 */
export class LiveSink<In> extends Subject<In> {
  /** @internal Sinks are built by the session; `refuse` receives every value's refusal. */
  constructor(
    private readonly sink: LiveSinkName,
    private readonly accept: (value: In) => void,
    private readonly refuse: (error: LiveSinkError) => void,
  ) {
    super();
  }

  override next(value: In): void {
    try {
      this.accept(value);
    } catch (thrown) {
      this.refuse(asSinkError(this.sink, thrown));
      return;
    }
    // Most sinks are never subscribed to; `Subject.next` would still allocate per value.
    if (this.observed) super.next(value);
  }

  override error(_error: unknown): void {
    // Ending one input source must not end the session's input: other sources keep feeding it.
  }

  override complete(): void {
    // As above: a completed microphone stream is "no more input", not "hang up".
  }
}

/** The four inputs every `LiveSession` has, and where their refusals go. */
export interface LiveSessionSinks {
  readonly clientContent: LiveSink<LiveClientContentInput>;
  readonly realtimeInput: LiveSink<LiveRealtimeInput>;
  readonly toolResponse: LiveSink<LiveToolResponseInput>;
  readonly contextUpdate: LiveSink<LiveContextUpdateInput>;
  /** Every refused value's error, whichever sink refused it. */
  readonly refused$: Observable<LiveSinkError>;
}

/**
 * Where converted sink values go: the outbox of a real session, the recorder of a fake one. Each gets
 * the message and its JSON frame, serialised once.
 */
export interface SinkTargets {
  clientContent(message: ClientContentMessage, frame: string): void;
  realtimeInput(message: RealtimeInputMessage, frame: string): void;
  toolResponse(message: ToolResponseMessage, frame: string): void;
  contextUpdate(message: ContextUpdateMessage, frame: string): void;
}

/**
 * Builds a session's sinks. Real and fake sessions share this, so a test double refuses exactly the
 * values the real session refuses, with the same `LiveInputError`. Each sink, and the subject behind
 * `refused$`, is built on first use: a server process holds many sessions, and most use one sink.
 */
export function sessionSinks(backend: LiveBackend, targets: SinkTargets): LiveSessionSinks {
  return new LazySessionSinks(backend, targets);
}

class LazySessionSinks implements LiveSessionSinks {
  private clientContentSink: LiveSink<LiveClientContentInput> | undefined;
  private realtimeInputSink: LiveSink<LiveRealtimeInput> | undefined;
  private toolResponseSink: LiveSink<LiveToolResponseInput> | undefined;
  private contextUpdateSink: LiveSink<LiveContextUpdateInput> | undefined;
  private refusals: Subject<LiveSinkError> | undefined;
  private refusalStream: Observable<LiveSinkError> | undefined;
  /** Nobody can listen to a refusal before `refused$` is read, so until then it has nowhere to go. */
  private readonly refuse = (error: LiveSinkError): void => this.refusals?.next(error);

  constructor(
    private readonly backend: LiveBackend,
    private readonly targets: SinkTargets,
  ) {}

  get clientContent(): LiveSink<LiveClientContentInput> {
    this.clientContentSink ??= this.sink('clientContent', (value: LiveClientContentInput) => toClientContent(value, this.backend), (m, f) => this.targets.clientContent(m, f));
    return this.clientContentSink;
  }

  get realtimeInput(): LiveSink<LiveRealtimeInput> {
    this.realtimeInputSink ??= this.sink('realtimeInput', toRealtimeInput, (m, f) => this.targets.realtimeInput(m, f));
    return this.realtimeInputSink;
  }

  get toolResponse(): LiveSink<LiveToolResponseInput> {
    this.toolResponseSink ??= this.sink('toolResponse', (value: LiveToolResponseInput) => toToolResponse(value, this.backend), (m, f) => this.targets.toolResponse(m, f));
    return this.toolResponseSink;
  }

  get contextUpdate(): LiveSink<LiveContextUpdateInput> {
    this.contextUpdateSink ??= this.sink('contextUpdate', (value: LiveContextUpdateInput) => toContextUpdate(value, this.backend), (m, f) => this.targets.contextUpdate(m, f));
    return this.contextUpdateSink;
  }

  get refused$(): Observable<LiveSinkError> {
    if (this.refusalStream === undefined) {
      this.refusals = new Subject<LiveSinkError>();
      this.refusalStream = this.refusals.asObservable();
    }
    return this.refusalStream;
  }

  private sink<In, Message>(name: LiveSinkName, convert: (value: In) => Message, target: (message: Message, frame: string) => void): LiveSink<In> {
    return new LiveSink<In>(
      name,
      (value) => {
        const message = convert(value);
        target(message, toFrame(name, message));
      },
      this.refuse,
    );
  }
}

/**
 * The message as a JSON frame. `JSON.stringify` throws a plain `TypeError` on a `BigInt` or a cycle
 * (in a tool result, say); that becomes the sink's `LiveInputError`, like any other unsendable value.
 */
function toFrame(sink: LiveSinkName, message: unknown): string {
  try {
    return JSON.stringify(message);
  } catch (thrown) {
    throw new LiveInputError(sink, `cannot be serialised as JSON: ${thrown instanceof Error ? thrown.message : String(thrown)}`);
  }
}

/** Whatever `accept` threw, as a `LiveError` of the sink family: refusals are always typed. */
function asSinkError(sink: LiveSinkName, thrown: unknown): LiveSinkError {
  if (thrown instanceof LiveInputError || thrown instanceof LiveOutboxOverflowError) return thrown;
  return new LiveInputError(sink, `cannot be sent: ${thrown instanceof Error ? thrown.message : String(thrown)}`);
}
