import { midSessionTextInput } from '../protocol/modelName';
import type { LiveSinkError } from '../errors';
import type { LiveSession } from '../session/liveSession';

/**
 * Sends one typed user turn the way the session's model takes text in mid-session:
 * `realtimeInput.text` for Gemini 3.1 and later, a `clientContent` turn with `turnComplete` before.
 * Returns the error when the session refused the text (sinks never throw; the refusal is also on
 * `session.refused$`), so a caller can tell at once that no answer will come.
 *
 * @example
 * ```ts
 * const refused = sendText(session, 'What is the capital of France?');
 * if (refused !== undefined) console.error(refused.message);
 * ```
 *
 * @category conversations
 * @since 0.2.0
 */
export function sendText(
  session: LiveSession,
  text: string,
  via: 'realtimeText' | 'clientContent' = midSessionTextInput(session.model),
): LiveSinkError | undefined {
  let refused: LiveSinkError | undefined;
  // Sinks report a refusal synchronously, inside `next`: listening around the call is enough.
  const watch = session.refused$.subscribe((error) => {
    refused ??= error;
  });
  try {
    if (via === 'realtimeText') session.realtimeInput.next({ text });
    else session.clientContent.next({ turns: text, turnComplete: true });
  } finally {
    watch.unsubscribe();
  }
  return refused;
}
