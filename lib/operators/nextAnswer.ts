import { catchError, connect, defer, filter, map, merge, type Observable, of, type OperatorFunction, switchMap, take, tap, throwError, throwIfEmpty } from 'rxjs';
import type { FunctionCall } from '../protocol/content';
import { isConnectionReplaced, type LiveServerMessage } from '../protocol/serverMessages';
import { LiveConversationEndedError, LiveError } from '../errors';
import { modelTurns, type ModelTurn } from './modelTurns';

/**
 * The model's complete answer to one user turn: the `ModelTurn` that answered (text, audio,
 * transcripts, usage, how it ended) plus the function calls the model made on the way to it.
 *
 * @category conversations
 * @since 0.2.0
 */
export interface LiveAnswer extends ModelTurn {
  /** The `toolCall` function calls that came before the answer was complete, in order. */
  readonly toolCalls: readonly FunctionCall[];
}

/** The first answer in messages of one connection. */
function answerIn(messages: Observable<LiveServerMessage>): Observable<LiveAnswer> {
  return defer(() => {
    const calls: FunctionCall[] = [];
    return messages.pipe(
      tap((message) => calls.push(...(message.toolCall?.functionCalls ?? []))),
      modelTurns(),
      map((turn): LiveAnswer => ({ ...turn, toolCalls: [...calls] })),
    );
  });
}

/**
 * The next complete answer in a session's messages, then complete: the first turn `modelTurns()`
 * reports (tool-call rounds, which say nothing, are passed over and their calls listed in
 * `toolCalls`).
 *
 * - A reconnect (the session's `{connectionReplaced}` marker) abandons the turn in progress: what
 *   was gathered is discarded and the answer is the one given on the next connection, never a half
 *   answer glued to a replayed one.
 * - If the messages end first, it errors with `LiveConversationEndedError` (`cause` is the session's
 *   `LiveError`, or undefined after a normal close).
 *
 * Subscribe before the turn is sent: what came before is not seen. One question at a time: a turn
 * still streaming when it is subscribed would be taken as the answer.
 *
 * @example
 * ```ts
 * import { firstValueFrom } from 'rxjs';
 * import { nextAnswer } from 'rx-gemini-live';
 * import { liveSession } from 'rx-gemini-live/node';
 *
 * const session = liveSession({ model: 'gemini-live-2.5-flash-preview', apiKey: process.env.GEMINI_API_KEY });
 * const answer = firstValueFrom(session.pipe(nextAnswer()));
 * session.realtimeInput.next({ text: 'Hello' });
 * console.log((await answer).text);
 * ```
 *
 * @category conversations
 * @since 0.2.0
 */
export function nextAnswer(): OperatorFunction<LiveServerMessage, LiveAnswer> {
  return (source) =>
    source.pipe(
      connect((messages) =>
        merge(of(null), messages.pipe(filter(isConnectionReplaced))).pipe(
          // Each connection starts gathering afresh; the marker itself is no part of an answer.
          switchMap(() => answerIn(messages.pipe(filter((message) => !isConnectionReplaced(message))))),
        ),
      ),
      take(1),
      catchError((error: unknown) => throwError(() => (error instanceof LiveError ? new LiveConversationEndedError(error) : error))),
      throwIfEmpty(() => new LiveConversationEndedError(undefined)),
    );
}
