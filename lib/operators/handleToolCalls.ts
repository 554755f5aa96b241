import {
  asyncScheduler,
  catchError,
  connect,
  defer,
  endWith,
  filter,
  finalize,
  from,
  ignoreElements,
  isObservable,
  map,
  merge,
  mergeMap,
  NEVER,
  type Observable,
  of,
  type OperatorFunction,
  type SchedulerLike,
  take,
  takeUntil,
  tap,
  timer,
} from 'rxjs';
import type { FunctionCall, FunctionResponse, FunctionResponseScheduling, JsonObject } from '../protocol/content';
import type { LiveServerMessage } from '../protocol/serverMessages';
import { checkTimerMs } from '../util/timerLimit';
import { LiveError } from '../errors';
import type { LiveToolResponseInput } from '../protocol/toToolResponse';
import { toolCalls } from './toolCalls';

/**
 * What a tool handler gets besides the arguments: an `AbortSignal` that aborts when the call is
 * cancelled (`toolCallCancellation`), times out, or the stream ends; and the call itself.
 *
 * @category operators
 * @since 0.2.0
 */
export interface ToolCallContext {
  readonly signal: AbortSignal;
  readonly call: FunctionCall;
}

/**
 * Runs one function: returns the result, a Promise of it, or an Observable whose first value is it.
 *
 * @category operators
 * @since 0.2.0
 */
export type ToolHandler = (args: JsonObject, context: ToolCallContext) => unknown | Promise<unknown> | Observable<unknown>;

/**
 * The handlers by function name, as declared in the session's `tools`.
 *
 * @category operators
 * @since 0.2.0
 */
export type ToolHandlers = Readonly<Record<string, ToolHandler>>;

/**
 * How the model takes the response of a `NON_BLOCKING` function: `SILENT` (use it, say nothing),
 * `WHEN_IDLE` (speak of it once idle), `INTERRUPT` (speak of it now).
 *
 * @category operators
 * @since 0.2.0
 */
export type ToolScheduling = Exclude<FunctionResponseScheduling, 'SCHEDULING_UNSPECIFIED'>;

/**
 * @category operators
 * @since 0.2.0
 */
export interface HandleToolCallsOptions {
  /** Milliseconds a handler may take; past it the call is answered `{error}` and its signal aborted. */
  readonly timeoutMs?: number;
  /**
   * `scheduling` to put on responses. Only `NON_BLOCKING` functions take it: give a constant only
   * when every handled function is one, otherwise a function of the call returning `undefined` for the
   * blocking ones.
   */
  readonly scheduling?: ToolScheduling | ((call: FunctionCall) => ToolScheduling | undefined);
  /** For `timeoutMs` (tests); default `asyncScheduler`. */
  readonly scheduler?: SchedulerLike;
}

/**
 * The reason an aborted handler's `signal.reason` carries (`signal.reason.cause` says why:
 * `'cancelled'`, `'timeout'` or `'teardown'`). A `LiveError` of kind `tool-call-aborted`; not
 * retryable, since the call is already answered or no longer wanted.
 *
 * @category errors
 * @since 0.2.0
 */
export class ToolCallAbortedError extends LiveError {
  readonly kind = 'tool-call-aborted';
  readonly retryable = false;

  constructor(
    readonly call: FunctionCall,
    override readonly cause: 'cancelled' | 'timeout' | 'teardown',
  ) {
    super(`Tool call ${call.name ?? '?'} (${call.id ?? 'no id'}) aborted: ${cause}`);
  }
}

function isPlainObject(value: unknown): value is JsonObject {
  if (typeof value !== 'object' || value === null) return false;
  const prototype: unknown = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}

function isPromiseLike(value: unknown): value is PromiseLike<unknown> {
  return (typeof value === 'object' || typeof value === 'function') && value !== null && typeof (value as { then?: unknown }).then === 'function';
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message || error.name : String(error);
}

/** A handler's result as a `response` object: plain objects as they are, `{}` for nothing, `{result}` otherwise. */
function toResponse(value: unknown): JsonObject {
  if (isPlainObject(value)) return value;
  return value === undefined ? {} : { result: value };
}

/**
 * The response as it is when it can be sent, else an `{error}` answer: `JSON.stringify` throws on a
 * `BigInt` or a cycle, and the sink would refuse the whole answer, leaving the model waiting for it.
 */
function sendable(call: FunctionCall, response: JsonObject): JsonObject {
  try {
    JSON.stringify(response);
    return response;
  } catch (thrown) {
    return { error: `The result of ${call.name ?? 'the function'} cannot be sent as JSON: ${errorMessage(thrown)}` };
  }
}

/** The handler's outcome as an Observable of its first value (undefined when it gives none). */
function invoke(handler: ToolHandler, call: FunctionCall, signal: AbortSignal): Observable<unknown> {
  return defer(() => {
    const result = handler(call.args ?? {}, { signal, call });
    return isObservable(result) || isPromiseLike(result) ? from(result) : of(result);
  }).pipe(take(1), endWith(undefined), take(1));
}

/**
 * Answers the model's function calls with `handlers`: `session.pipe(handleToolCalls({...}))
 * .subscribe(session.toolResponse)`. Duplicate call ids are answered once (`toolCalls()`).
 *
 * - Each call runs its handler at once, concurrently with the others (`mergeMap`): a slow tool delays
 *   neither other tools nor the message stream.
 * - The answer is `{functionResponses: [{id, name, response}]}`, one per call. A plain object result is
 *   the `response` as it is; anything else is wrapped as `{result: value}`, and `undefined` (or an
 *   Observable that completes empty) answers `{}`.
 * - A handler that throws, rejects or errors, an unknown function name, and a timeout are answered
 *   `{error: message}` (the model can recover from that; a dead stream cannot).
 * - A `toolCallCancellation` naming the call aborts the handler's `signal` and nothing is sent for it.
 * - When the source completes, errors or is unsubscribed, running handlers are aborted and nothing more
 *   is sent; the output completes or errors with the source.
 * - A result that cannot be serialised as JSON (a `BigInt`, a cycle) is answered `{error: message}`.
 * - `options.scheduling` is added to every response (error ones too) it gives a value for.
 *
 * @example
 * ```ts
 * import { handleToolCalls } from 'rx-gemini-live';
 * import { liveSession } from 'rx-gemini-live/node';
 *
 * const session = liveSession({
 *   model: 'gemini-live-2.5-flash-preview',
 *   apiKey: process.env.GEMINI_API_KEY,
 *   config: { tools: [{ functionDeclarations: [{ name: 'get_time', description: 'The current time' }] }] },
 * });
 * session.pipe(handleToolCalls({ get_time: () => ({ now: new Date().toISOString() }) })).subscribe(session.toolResponse);
 * ```
 *
 * @throws LiveConfigError when `options.timeoutMs` is not a number of milliseconds above 0 and at
 *   most 2^31 − 1 (what a timer can hold).
 * @category operators
 * @since 0.2.0
 */
export function handleToolCalls(handlers: ToolHandlers, options: HandleToolCallsOptions = {}): OperatorFunction<LiveServerMessage, LiveToolResponseInput> {
  const { timeoutMs, scheduling } = options;
  if (timeoutMs !== undefined) checkTimerMs('timeoutMs', timeoutMs);
  const schedulingOf = (call: FunctionCall): ToolScheduling | undefined => (typeof scheduling === 'function' ? scheduling(call) : scheduling);

  const answer = (call: FunctionCall, response: JsonObject): LiveToolResponseInput => {
    const chosen = schedulingOf(call);
    const functionResponse: FunctionResponse = {
      ...(call.id === undefined ? {} : { id: call.id }),
      name: call.name ?? '',
      response,
      ...(chosen === undefined ? {} : { scheduling: chosen }),
    };
    return { functionResponses: [functionResponse] };
  };

  const run = (call: FunctionCall, cancelled$: Observable<unknown>): Observable<LiveToolResponseInput> =>
    defer(() => {
      const handler = call.name === undefined || !Object.hasOwn(handlers, call.name) ? undefined : handlers[call.name];
      if (handler === undefined) {
        return of(answer(call, { error: `Unknown function ${JSON.stringify(call.name ?? '')}: no handler is registered for it` }));
      }
      const controller = new AbortController();
      let settled = false;
      let cause: ToolCallAbortedError['cause'] = 'teardown';
      const result$ = invoke(handler, call, controller.signal).pipe(
        tap({ next: () => (settled = true), error: () => (settled = true) }),
        finalize(() => {
          if (!settled) controller.abort(new ToolCallAbortedError(call, cause));
        }),
      );
      const limited$ =
        timeoutMs === undefined
          ? result$
          : merge(
              result$,
              timer(timeoutMs, options.scheduler ?? asyncScheduler).pipe(
                map(() => {
                  cause = 'timeout';
                  throw new Error(`Timed out after ${timeoutMs} ms`);
                }),
              ),
            ).pipe(take(1));
      return limited$.pipe(
        map((value) => answer(call, sendable(call, toResponse(value)))),
        catchError((error: unknown) => of(answer(call, { error: errorMessage(error) }))),
        takeUntil(cancelled$.pipe(tap(() => (cause = 'cancelled')))),
      );
    });

  return (source) =>
    source.pipe(
      connect((messages) => {
        const ended$ = messages.pipe(ignoreElements(), endWith(true));
        // A call without an id (Vertex) cannot be named by a cancellation.
        const cancellationOf = (id: string | undefined): Observable<unknown> =>
          id === undefined ? NEVER : messages.pipe(filter((message) => (message.toolCallCancellation?.ids ?? []).includes(id)));
        return messages.pipe(
          toolCalls(),
          mergeMap((call) => run(call, cancellationOf(call.id))),
          takeUntil(ended$),
        );
      }),
    );
}
