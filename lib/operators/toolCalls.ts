import { distinct, mergeMap, type OperatorFunction } from 'rxjs';
import type { FunctionCall } from '../protocol/content';
import type { LiveServerMessage } from '../protocol/serverMessages';
import { ofKind } from './ofKind';

/**
 * The function calls the model asks for, one at a time, each call `id` once: Google advises filtering
 * duplicate calls, so a call whose `id` was already seen on this subscription is
 * dropped. Calls without an `id` (allowed on Vertex) are all passed on. The ids seen are kept for the
 * subscription's life; calls are rare enough for that to stay small.
 *
 * @example
 * ```ts
 * import { liveSession, toolCalls } from 'rx-gemini-live';
 *
 * const session = liveSession({ model: 'gemini-live-2.5-flash-preview', apiKey: 'auth_tokens/…' });
 * session.pipe(toolCalls()).subscribe((call) => console.log(call.name, call.args));
 * ```
 *
 * @category operators
 * @since 0.2.0
 */
export function toolCalls(): OperatorFunction<LiveServerMessage, FunctionCall> {
  return (source) =>
    source.pipe(
      ofKind('toolCall'),
      mergeMap((message) => message.toolCall.functionCalls ?? []),
      distinct((call): string | symbol => call.id ?? Symbol('call without id')),
    );
}
