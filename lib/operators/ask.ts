import { defer, EMPTY, ignoreElements, merge, type Observable, take, tap, throwError } from 'rxjs';
import { midSessionTextInput } from '../protocol/modelName';
import type { LiveSession } from '../session/liveSession';
import { handleToolCalls, type HandleToolCallsOptions, type ToolHandlers } from './handleToolCalls';
import { type LiveAnswer, nextAnswer } from './nextAnswer';
import { sendText } from './sendText';

/**
 * Options of `ask`.
 *
 * @category conversations
 * @since 0.2.0
 */
export interface AskOptions {
  /**
   * Handlers for the function calls the model makes while answering; their results go to
   * `session.toolResponse`. Leave it out when the application already answers tool calls.
   */
  readonly tools?: ToolHandlers;
  /** How `tools` are run (timeout, scheduling). */
  readonly toolOptions?: HandleToolCallsOptions;
  /**
   * How the question is sent. Default: what the session's model takes mid-session
   * (`midSessionTextInput(session.model)`): `realtimeInput.text` for Gemini 3.1 and later, a
   * `clientContent` turn with `turnComplete` before.
   */
  readonly via?: 'realtimeText' | 'clientContent';
}

/**
 * Asks one question and emits its complete answer (`LiveAnswer`: text, audio, transcripts, the tool
 * calls handled on the way, usage), then completes. Cold: each subscription sends the question once.
 *
 * It joins the session's connection like any subscriber. Hold the conversation with
 * `session.connect()` so that questions asked one after another share it; without a held connection
 * each `ask` opens its own and closes it with the answer, a new conversation every time.
 *
 * - A reconnect mid-answer (the `{connectionReplaced}` marker) discards the partial answer; the
 *   answer given on the next connection is the one emitted. The session replays a `clientContent`
 *   question the server had not consumed; a `realtimeInput.text` one is not replayed (it is realtime
 *   input), so bound the wait with `timeout` when reconnects matter.
 * - If the conversation ends before the answer is complete, it errors with
 *   `LiveConversationEndedError`, whose `cause` is the session's error (undefined after a normal
 *   close). An invalid question errors with the sink's `LiveInputError`.
 * - Ask one question at a time (`concatMap` over questions): a second question sent while an answer
 *   still streams would take that answer as its own.
 *
 * @example
 * ```ts
 * import { firstValueFrom } from 'rxjs';
 * import { ask } from 'rx-gemini-live';
 * import { liveSession } from 'rx-gemini-live/node';
 *
 * const session = liveSession({ model: 'gemini-3.1-flash-live-preview', apiKey: process.env.GEMINI_API_KEY, config: { responseModalities: ['AUDIO'] } });
 * const conversation = session.connect();
 * const answer = await firstValueFrom(ask(session, 'What is the capital of France?'));
 * console.log(answer.outputTranscript, answer.usage?.totalTokenCount);
 * conversation.unsubscribe();
 * ```
 *
 * @category conversations
 * @since 0.2.0
 */
export function ask(session: LiveSession, question: string, options: AskOptions = {}): Observable<LiveAnswer> {
  return defer(() => {
    const via = options.via ?? midSessionTextInput(session.model);
    const answer$ = session.pipe(nextAnswer());
    // Not `.subscribe(session.toolResponse)`: completing a sink would stop it for good.
    const toolAnswers$ =
      options.tools === undefined
        ? EMPTY
        : session.pipe(
            handleToolCalls(options.tools, options.toolOptions),
            tap((response) => session.toolResponse.next(response)),
            ignoreElements(),
          );
    // A refused question gets no answer: fail at once rather than wait for one.
    const send$ = defer(() => {
      const refused = sendText(session, question, via);
      return refused === undefined ? EMPTY : throwError(() => refused);
    });
    // Listening starts before the question leaves, so no part of the answer is missed.
    return merge(answer$, toolAnswers$, send$).pipe(take(1));
  });
}
