/**
 * What a conversation screen shows, folded from the session's messages and the user's typed turns:
 * the transcript lines and the model turn in progress. Pure functions, no Angular, so the rules are
 * plain to read and test.
 */
import { modelParts, visibleText } from '../operators/toAudioChunk';
import { isConnectionReplaced, type LiveServerMessage } from '../protocol/serverMessages';

/**
 * One line of the transcript: a user turn (typed, or spoken and transcribed) or the model's reply
 * (its text, or the transcription of its speech).
 *
 * @category angular
 * @since 0.2.0
 */
export interface TranscriptLine {
  readonly role: 'user' | 'model';
  readonly text: string;
  /** Still growing: more fragments of this turn may follow. */
  readonly streaming: boolean;
  /** The user barged in and the model stopped speaking (a model line only). */
  readonly interrupted?: true;
}

/**
 * The model turn being received, from its first content to `turnComplete` or `interrupted`.
 *
 * @category angular
 * @since 0.2.0
 */
export interface ModelTurnInProgress {
  /** The text parts so far, without thoughts. */
  readonly text: string;
  /** The transcription of the model's speech so far (with `outputAudioTranscription`). */
  readonly outputTranscript: string;
  /** Audio parts received so far. */
  readonly audioChunks: number;
}

/** A change the conversation folds in. */
export type ConversationEvent =
  | { readonly kind: 'typed'; readonly text: string }
  | { readonly kind: 'message'; readonly message: LiveServerMessage }
  /** The connection ended (hang-up or failure): nothing streams any more. */
  | { readonly kind: 'ended' }
  /** A reconnecting session gave up its connection (`reconnecting`, or its `connectionReplaced` marker). */
  | { readonly kind: 'replaced' };

export interface ConversationState {
  readonly transcript: readonly TranscriptLine[];
  /** The index of the line each role is still adding to. */
  readonly open: Readonly<Partial<Record<TranscriptLine['role'], number>>>;
  readonly turn: ModelTurnInProgress | undefined;
}

export const EMPTY_CONVERSATION: ConversationState = { transcript: [], open: {}, turn: undefined };

/** Folds one event into the state; returns the same state when nothing visible changed. */
export function foldConversation(state: ConversationState, event: ConversationEvent): ConversationState {
  switch (event.kind) {
    case 'typed': {
      const closed = closeLines(state);
      return { ...closed, transcript: [...closed.transcript, { role: 'user', text: event.text, streaming: false }] };
    }
    case 'ended':
      return { ...closeLines(state), turn: undefined };
    case 'replaced':
      return abandonTurn(state);
    case 'message':
      return foldMessage(state, event.message);
  }
}

function foldMessage(state: ConversationState, message: LiveServerMessage): ConversationState {
  if (isConnectionReplaced(message)) return abandonTurn(state);
  const content = message.serverContent;
  if (content === undefined) return state;
  let next = state;
  const heard = content.inputTranscription;
  if (heard !== undefined) next = appendTo(next, 'user', heard.text ?? '', heard.finished === true);

  const parts = modelParts(content);
  const text = parts.map(visibleText).join('');
  const spoken = content.outputTranscription;
  const said = text + (spoken?.text ?? '');
  if (said !== '' || spoken?.finished === true) next = appendTo(next, 'model', said, spoken?.finished === true);
  const audioChunks = parts.filter((part) => part.inlineData?.mimeType?.startsWith('audio/') === true).length;
  if (parts.length > 0 || spoken !== undefined) {
    const turn = next.turn ?? { text: '', outputTranscript: '', audioChunks: 0 };
    next = {
      ...next,
      turn: { text: turn.text + text, outputTranscript: turn.outputTranscript + (spoken?.text ?? ''), audioChunks: turn.audioChunks + audioChunks },
    };
  }

  if (content.interrupted === true) next = { ...closeLines(markInterrupted(next)), turn: undefined };
  if (content.turnComplete === true) next = { ...closeLines(next), turn: undefined };
  return next;
}

/**
 * A replaced connection abandons the turn in progress: the resumed session answers again from the
 * start, so the half reply goes rather than being glued to the new one.
 */
function abandonTurn(state: ConversationState): ConversationState {
  return { ...closeLines(dropOpenModelLine(state)), turn: undefined };
}

/** Adds a fragment to the role's open line, opening one when there is none; `finished` closes it. */
function appendTo(state: ConversationState, role: TranscriptLine['role'], fragment: string, finished: boolean): ConversationState {
  const index = state.open[role];
  const lines = [...state.transcript];
  if (index === undefined) {
    if (fragment === '') return state;
    lines.push({ role, text: fragment, streaming: !finished });
  } else {
    const line = lines[index] as TranscriptLine;
    lines[index] = { ...line, text: line.text + fragment, streaming: !finished };
  }
  const at = index ?? lines.length - 1;
  return { ...state, transcript: lines, open: { ...state.open, [role]: finished ? undefined : at } };
}

function closeLines(state: ConversationState): ConversationState {
  if (state.open.user === undefined && state.open.model === undefined) return state;
  const lines = state.transcript.map((line, index) => (index === state.open.user || index === state.open.model ? { ...line, streaming: false } : line));
  return { ...state, transcript: lines, open: {} };
}

function markInterrupted(state: ConversationState): ConversationState {
  const index = state.open.model;
  if (index === undefined) return state;
  const lines = [...state.transcript];
  lines[index] = { ...(lines[index] as TranscriptLine), interrupted: true };
  return { ...state, transcript: lines };
}

function dropOpenModelLine(state: ConversationState): ConversationState {
  const index = state.open.model;
  if (index === undefined) return state;
  const user = state.open.user;
  return {
    ...state,
    transcript: state.transcript.filter((_, at) => at !== index),
    // Lines after the dropped one move up by one.
    open: { user: user === undefined || user < index ? user : user - 1 },
  };
}
