import { defer, mergeMap, type OperatorFunction } from 'rxjs';
import type { Part } from '../protocol/content';
import { isConnectionReplaced, type LiveServerMessage, type ServerContent, type TurnCompleteReason, type UsageMetadata } from '../protocol/serverMessages';
import { audioChunksOf, type AudioChunk, modelParts, visibleText } from './toAudioChunk';

/**
 * One model turn, gathered from the `serverContent` frames that made it up.
 *
 * @category operators
 * @since 0.2.0
 */
export interface ModelTurn {
  /** Every part of the turn as it arrived, thoughts and code included. */
  readonly parts: readonly Part[];
  /** The text parts joined, without thoughts. */
  readonly text: string;
  /** The decoded audio parts, in order. */
  readonly audio: readonly AudioChunk[];
  /** The user's words transcribed while the turn was open (`inputTranscription` fragments joined). */
  readonly inputTranscript: string;
  /** The model's spoken words transcribed (`outputTranscription` fragments joined). */
  readonly outputTranscript: string;
  /** The last `usageMetadata` seen during the turn, the one sent with `turnComplete` included. */
  readonly usage?: UsageMetadata;
  /** `interrupted`: the user barged in and the rest of the generation was discarded. */
  readonly endedBy: 'turnComplete' | 'interrupted';
  /** The model said it had produced everything (never on an interrupted turn). */
  readonly generationComplete: boolean;
  readonly turnCompleteReason?: TurnCompleteReason;
  readonly waitingForInput?: boolean;
}

interface OpenTurn {
  readonly parts: Part[];
  readonly audio: AudioChunk[];
  text: string;
  inputTranscript: string;
  outputTranscript: string;
  usage?: UsageMetadata;
  interrupted: boolean;
  generationComplete: boolean;
  turnCompleteReason?: TurnCompleteReason;
  waitingForInput?: boolean;
}

function openTurn(): OpenTurn {
  return { parts: [], audio: [], text: '', inputTranscript: '', outputTranscript: '', interrupted: false, generationComplete: false };
}

function record(turn: OpenTurn, content: ServerContent | undefined, usage: UsageMetadata | undefined): void {
  if (usage !== undefined) turn.usage = usage;
  if (content === undefined) return;
  const parts = modelParts(content);
  turn.parts.push(...parts);
  turn.text += parts.map(visibleText).join('');
  turn.audio.push(...audioChunksOf(content));
  turn.inputTranscript += content.inputTranscription?.text ?? '';
  turn.outputTranscript += content.outputTranscription?.text ?? '';
  if (content.generationComplete === true) turn.generationComplete = true;
  if (content.interrupted === true) turn.interrupted = true;
  if (content.turnCompleteReason !== undefined) turn.turnCompleteReason = content.turnCompleteReason;
  if (content.waitingForInput !== undefined) turn.waitingForInput = content.waitingForInput;
}

/** The finished turn, or nothing for a turn in which the model produced nothing worth reporting. */
function close(turn: OpenTurn): ModelTurn[] {
  const said = turn.parts.length > 0 || turn.inputTranscript !== '' || turn.outputTranscript !== '';
  if (!said && turn.turnCompleteReason === undefined) return [];
  const { parts, text, audio, inputTranscript, outputTranscript, generationComplete } = turn;
  return [
    {
      parts,
      text,
      audio,
      inputTranscript,
      outputTranscript,
      ...(turn.usage === undefined ? {} : { usage: turn.usage }),
      endedBy: turn.interrupted ? 'interrupted' : 'turnComplete',
      generationComplete,
      ...(turn.turnCompleteReason === undefined ? {} : { turnCompleteReason: turn.turnCompleteReason }),
      ...(turn.waitingForInput === undefined ? {} : { waitingForInput: turn.waitingForInput }),
    },
  ];
}

/**
 * One `ModelTurn` per turn of the model, emitted when the turn ends (one stream for the
 * whole session, turns are an aggregation over it).
 *
 * - A turn ends at `turnComplete`. If an `interrupted` came first (the barge-in sequence is
 *   `interrupted`, then `turnComplete`), it ended `'interrupted'`; the `usageMetadata` of the
 *   `turnComplete` frame still counts for it.
 * - An `interrupted` turn also ends when model parts arrive in a later frame before any `turnComplete`:
 *   the server discards the interrupted generation, so those parts start the next turn. Parts in the
 *   same frame as `interrupted` belong to the interrupted turn.
 * - A turn in which nothing was said (no part, no transcript text) is not emitted unless it has a
 *   `turnCompleteReason`: so bare `{serverContent: {}}` frames, a `turnComplete` after a tool call and the
 *   spurious `interrupted` + `turnComplete` pairs give nothing, while a refused prompt
 *   (`PROHIBITED_INPUT_CONTENT`, no content) is still reported.
 * - A turn still open when the source completes or errors is not emitted: it never ended.
 * - A turn still open at the session's connection-replaced marker (`{ connectionReplaced }`, sessions
 *   with `reconnect`) is dropped, never emitted: the resumed conversation answers again from the
 *   start, and gluing the half answer to that one would show it twice. Watch `abandonedTurns()` to
 *   learn that one was dropped. An interrupted turn still waiting for its `turnComplete` had already
 *   ended, so it is emitted there (without the usage that `turnComplete` would have brought).
 *
 * @example
 * ```ts
 * import { liveSession, modelTurns } from 'rx-gemini-live';
 *
 * const session = liveSession({ model: 'gemini-live-2.5-flash-preview', apiKey: 'auth_tokens/…' });
 * session.pipe(modelTurns()).subscribe((turn) => console.log(turn.endedBy, turn.text, turn.usage?.totalTokenCount));
 * ```
 *
 * @category operators
 * @since 0.2.0
 */
export function modelTurns(): OperatorFunction<LiveServerMessage, ModelTurn> {
  return (source) =>
    defer(() => {
      let turn: OpenTurn | undefined;
      return source.pipe(
        mergeMap((message) => {
          if (isConnectionReplaced(message)) {
            const abandoned = turn;
            turn = undefined;
            return abandoned?.interrupted === true ? close(abandoned) : [];
          }
          const content = message.serverContent;
          const ended: ModelTurn[] = [];
          if (turn?.interrupted === true && content !== undefined && modelParts(content).length > 0) {
            ended.push(...close(turn));
            turn = undefined;
          }
          if (content === undefined && message.usageMetadata === undefined) return ended;
          turn ??= openTurn();
          record(turn, content, message.usageMetadata);
          if (content?.turnComplete === true) {
            ended.push(...close(turn));
            turn = undefined;
          }
          return ended;
        }),
      );
    });
}
