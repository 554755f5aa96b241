/**
 * The operators: pure functions over a session's messages (or any Observable), one per file.
 *
 * @since 0.2.0
 */

// Messages
export { ofKind, serverContents, type LiveMessageKind, type LiveMessageOf } from './ofKind';
export { textDeltas } from './textDeltas';
export { audioChunks } from './audioChunks';
export type { AudioChunk } from './toAudioChunk';
export { DEFAULT_OUTPUT_SAMPLE_RATE } from '../audio/outputSampleRate';
export { modelTurns, type ModelTurn } from './modelTurns';
export { transcripts, type Transcript } from './transcripts';
export { interruptions } from './interruptions';
export { abandonedTurns } from './abandonedTurns';
export { usage, type UsageTotals } from './usage';
export { goAwayNotices, type GoAwayNotice } from './goAwayNotices';

// Tools
export { toolCalls } from './toolCalls';
export {
  handleToolCalls,
  ToolCallAbortedError,
  type HandleToolCallsOptions,
  type ToolCallContext,
  type ToolHandler,
  type ToolHandlers,
  type ToolScheduling,
} from './handleToolCalls';

// Flow control
export { dropOldest, type DropOldestOptions } from './dropOldest';
export { boundedFifo, type BoundedFifoOptions } from './boundedFifo';
export type { QueueOptions, QueueStats } from './gatedQueue';
export { playbackQueue, type PlaybackCommand, type PlaybackQueueOptions } from './playbackQueue';

// Conversations
export { nextAnswer, type LiveAnswer } from './nextAnswer';
export { ask, type AskOptions } from './ask';
export { sendText } from './sendText';
export { turnMetrics, type TurnMetrics, type TurnMetricsOptions, type UserTurnEndSignal } from './turnMetrics';
