import { defer, mergeMap, type OperatorFunction } from 'rxjs';
import { isConnectionReplaced, type LiveServerMessage, type Transcription } from '../protocol/serverMessages';

/**
 * One transcript fragment with the text of its direction so far: `input` is what the user said
 * (`inputTranscription`), `output` what the model said aloud (`outputTranscription`).
 *
 * @category operators
 * @since 0.2.0
 */
export interface Transcript {
  readonly direction: 'input' | 'output';
  /** This direction's text since it last reset: append-only within a turn. */
  readonly text: string;
  /** The fragment this message added. */
  readonly delta: string;
  /** The server marked the transcript finished; the next fragment starts a new `text`. */
  readonly finished: boolean;
  /**
   * Present only on the emission that abandons a partial line: the session replaced its connection
   * while this direction's `text` was unfinished, so that text will not be finished (the resumed
   * conversation says it again, or never). `text` and `delta` are then `''`: the line is empty again.
   */
  readonly abandoned?: true;
}

/**
 * Transcripts of both directions (enable them with `inputAudioTranscription` /
 * `outputAudioTranscription` in the config). One `Transcript` per fragment with text or with
 * `finished: true`; Vertex's empty `{}` fragments give nothing. Within a frame the input comes first.
 *
 * `text` accumulates per turn: it resets after a fragment with `finished: true` (for that direction),
 * and for both directions after a frame with `turnComplete` or `interrupted` (after that frame's own
 * fragments). Input transcripts are not ordered with the model's turn, so words the
 * user says across a barge-in may be split over two `text`s; `delta` is always exact.
 *
 * At the connection-replaced marker of a session with `reconnect`, each direction with an unfinished
 * `text` gets one `{ direction, text: '', delta: '', finished: false, abandoned: true }`: drop the
 * partial line (a caption that shows `text` is simply cleared). A direction with nothing pending
 * gets nothing, so a marker between turns emits nothing.
 *
 * @example
 * ```ts
 * import { liveSession, transcripts } from 'rx-gemini-live';
 *
 * const session = liveSession({
 *   model: 'gemini-2.5-flash-native-audio-preview-09-2025',
 *   apiKey: 'auth_tokens/…',
 *   config: { responseModalities: ['AUDIO'], inputAudioTranscription: {}, outputAudioTranscription: {} },
 * });
 * session.pipe(transcripts()).subscribe(({ direction, text }) => console.log(direction === 'input' ? 'you:' : 'model:', text));
 * ```
 *
 * @category operators
 * @since 0.2.0
 */
export function transcripts(): OperatorFunction<LiveServerMessage, Transcript> {
  return (source) =>
    defer(() => {
      const sofar = { input: '', output: '' };
      const read = (direction: Transcript['direction'], fragment: Transcription | undefined): Transcript[] => {
        if (fragment === undefined) return [];
        const delta = fragment.text ?? '';
        const finished = fragment.finished === true;
        if (delta === '' && !finished) return [];
        const text = sofar[direction] + delta;
        sofar[direction] = finished ? '' : text;
        return [{ direction, text, delta, finished }];
      };
      const abandon = (direction: Transcript['direction']): Transcript[] => {
        if (sofar[direction] === '') return [];
        sofar[direction] = '';
        return [{ direction, text: '', delta: '', finished: false, abandoned: true }];
      };
      return source.pipe(
        mergeMap((message) => {
          if (isConnectionReplaced(message)) return [...abandon('input'), ...abandon('output')];
          const content = message.serverContent;
          if (content === undefined) return [];
          const out = [...read('input', content.inputTranscription), ...read('output', content.outputTranscription)];
          if (content.turnComplete === true || content.interrupted === true) {
            sofar.input = '';
            sofar.output = '';
          }
          return out;
        }),
      );
    });
}
