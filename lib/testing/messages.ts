/**
 * Builders of server messages for readable marbles: `{ a: serverMessages.text('Hel'), t:
 * serverMessages.turnComplete() }` instead of nested wire objects. Each returns a plain
 * `LiveServerMessage` shaped like a real frame of the Gemini API, which our codecs
 * decode unchanged, so the same values work as a fake session's script and through
 * `FakeSocket.receive`. The one exception is `connectionReplaced()`, the marker a session adds
 * itself, which belongs in a fake session's script only.
 *
 * @since 0.2.0
 */
import { encodeBase64 } from '../audio/base64';
import { DEFAULT_OUTPUT_SAMPLE_RATE } from '../audio/outputSampleRate';
import { pcm16ToBytes } from '../audio/pcm16';
import type { Content, FunctionCall, Part } from '../protocol/content';
import type { LiveConnectionReplacedReason, LiveServerMessage, ServerContent, Transcription, UsageMetadata } from '../protocol/serverMessages';

function content(serverContent: ServerContent): LiveServerMessage {
  return { serverContent };
}

function transcription(text: string, finished: boolean | undefined): Transcription {
  return finished === undefined ? { text } : { text, finished };
}

/**
 * Milliseconds as a proto3 JSON Duration: at most nine fractional digits, trailing zeros dropped
 * (`1500` → `"1.5s"`), never exponent notation, which `String(number)` would produce for tiny values.
 */
function durationOf(milliseconds: number): string {
  if (!Number.isFinite(milliseconds) || milliseconds < 0) {
    throw new RangeError(`serverMessages.goAway: expected a non-negative number of milliseconds, got ${milliseconds}`);
  }
  const seconds = (milliseconds / 1000).toFixed(9).replace(/\.?0+$/, '');
  return `${seconds}s`;
}

/**
 * Joins two `serverContent`s the way one frame can carry both: the model turn's parts are
 * concatenated, every other field of `next` wins.
 */
function joinContent(first: ServerContent | undefined, next: ServerContent): ServerContent {
  if (first === undefined) return next;
  const joined: ServerContent = { ...first, ...next };
  if (first.modelTurn !== undefined && next.modelTurn !== undefined) {
    const turn: Content = { ...first.modelTurn, ...next.modelTurn };
    turn.parts = [...(first.modelTurn.parts ?? []), ...(next.modelTurn.parts ?? [])];
    joined.modelTurn = turn;
  }
  return joined;
}

/**
 * Server message builders. Names follow what a test says about the server: "the model says `Hel`",
 * "the turn is complete", "the user interrupted".
 *
 * @example
 * ```ts
 * import { serverMessages as m } from 'rx-gemini-live/testing';
 *
 * const values = { a: m.text('Hel'), b: m.text('lo'), c: m.turnComplete() };
 * // cold('-a-b-c', values) plays one streamed text turn
 * ```
 *
 * @category testing
 * @since 0.2.0
 */
export const serverMessages = {
  /**
   * The answer to `setup`: `{setupComplete: {}}` as the Gemini API sends it, or with the `sessionId`
   * Vertex AI adds.
   *
   * @example
   * ```ts
   * serverMessages.setupComplete(); // {setupComplete: {}}
   * ```
   *
   * @category testing
   * @since 0.2.0
   */
  setupComplete(sessionId?: string): LiveServerMessage {
    return { setupComplete: sessionId === undefined ? {} : { sessionId } };
  },

  /**
   * A chunk of the model's text answer. Chunks are deltas: `text('Hel')` then `text('lo')`.
   *
   * @example
   * ```ts
   * serverMessages.text('Hel'); // {serverContent: {modelTurn: {parts: [{text: 'Hel'}]}}}
   * ```
   *
   * @category testing
   * @since 0.2.0
   */
  text(text: string): LiveServerMessage {
    return content({ modelTurn: { parts: [{ text }] } });
  },

  /**
   * A chunk of the model's audio: PCM16 samples, sent as base64 little-endian bytes with the MIME type
   * `audio/pcm;rate=<sampleRate>` (24 kHz by default, the Live API's output rate).
   *
   * @example
   * ```ts
   * serverMessages.audio(new Int16Array([0, 1000, -1000]));
   * // {serverContent: {modelTurn: {parts: [{inlineData: {mimeType: 'audio/pcm;rate=24000', data: 'AADoAxj8'}}]}}}
   * ```
   *
   * @category testing
   * @since 0.2.0
   */
  audio(pcm: Int16Array, sampleRate: number = DEFAULT_OUTPUT_SAMPLE_RATE): LiveServerMessage {
    const inlineData = { mimeType: `audio/pcm;rate=${sampleRate}`, data: encodeBase64(pcm16ToBytes(pcm)) };
    return content({ modelTurn: { parts: [{ inlineData }] } });
  },

  /**
   * A model turn chunk with any parts: thoughts, executable code, several parts at once.
   *
   * @example
   * ```ts
   * serverMessages.modelTurn({ text: 'Planning…', thought: true }, { text: 'Here it is.' });
   * ```
   *
   * @category testing
   * @since 0.2.0
   */
  modelTurn(...parts: Part[]): LiveServerMessage {
    return content({ modelTurn: { parts } });
  },

  /**
   * A fragment of the transcript of what the user said (`inputAudioTranscription` in the config).
   * `finished` is left out unless given, as in most real fragments.
   *
   * @example
   * ```ts
   * serverMessages.inputTranscript('What is the', false);
   * // {serverContent: {inputTranscription: {text: 'What is the', finished: false}}}
   * ```
   *
   * @category testing
   * @since 0.2.0
   */
  inputTranscript(text: string, finished?: boolean): LiveServerMessage {
    return content({ inputTranscription: transcription(text, finished) });
  },

  /**
   * A fragment of the transcript of the model's audio (`outputAudioTranscription` in the config).
   *
   * @example
   * ```ts
   * serverMessages.outputTranscript('Sunny in Paris.');
   * // {serverContent: {outputTranscription: {text: 'Sunny in Paris.'}}}
   * ```
   *
   * @category testing
   * @since 0.2.0
   */
  outputTranscript(text: string, finished?: boolean): LiveServerMessage {
    return content({ outputTranscription: transcription(text, finished) });
  },

  /**
   * The model has produced everything for this turn (`turnComplete` may follow after playback).
   *
   * @example
   * ```ts
   * serverMessages.generationComplete(); // {serverContent: {generationComplete: true}}
   * ```
   *
   * @category testing
   * @since 0.2.0
   */
  generationComplete(): LiveServerMessage {
    return content({ generationComplete: true });
  },

  /**
   * The turn is over. With `usage`, the token counts ride along in the same frame, as the server
   * usually sends them.
   *
   * @example
   * ```ts
   * serverMessages.turnComplete({ totalTokenCount: 42 });
   * // {serverContent: {turnComplete: true}, usageMetadata: {totalTokenCount: 42}}
   * ```
   *
   * @category testing
   * @since 0.2.0
   */
  turnComplete(usage?: UsageMetadata): LiveServerMessage {
    const message = content({ turnComplete: true });
    return usage === undefined ? message : { ...message, usageMetadata: usage };
  },

  /**
   * The user barged in: the generation was cut, playback should stop. A `turnComplete` follows.
   *
   * @example
   * ```ts
   * serverMessages.interrupted(); // {serverContent: {interrupted: true}}
   * ```
   *
   * @category testing
   * @since 0.2.0
   */
  interrupted(): LiveServerMessage {
    return content({ interrupted: true });
  },

  /**
   * The model asks the client to run functions; answer each with a `toolResponse` carrying its `id`.
   *
   * @example
   * ```ts
   * serverMessages.toolCall({ id: 'call-1', name: 'get_weather', args: { city: 'Paris' } });
   * // {toolCall: {functionCalls: [{id: 'call-1', name: 'get_weather', args: {city: 'Paris'}}]}}
   * ```
   *
   * @category testing
   * @since 0.2.0
   */
  toolCall(...functionCalls: FunctionCall[]): LiveServerMessage {
    return { toolCall: { functionCalls } };
  },

  /**
   * The calls with these ids should not have run (the user interrupted): abort them.
   *
   * @example
   * ```ts
   * serverMessages.toolCallCancellation('call-1'); // {toolCallCancellation: {ids: ['call-1']}}
   * ```
   *
   * @category testing
   * @since 0.2.0
   */
  toolCallCancellation(...ids: string[]): LiveServerMessage {
    return { toolCallCancellation: { ids } };
  },

  /**
   * The server will end the connection: `timeLeft` is a Duration string as on the wire (`'50s'`) or a
   * number of milliseconds (`1500` becomes `'1.5s'`).
   *
   * @example
   * ```ts
   * serverMessages.goAway('50s'); // {goAway: {timeLeft: '50s'}}
   * serverMessages.goAway(1500);  // {goAway: {timeLeft: '1.5s'}}
   * ```
   *
   * @category testing
   * @since 0.2.0
   */
  goAway(timeLeft: string | number): LiveServerMessage {
    return { goAway: { timeLeft: typeof timeLeft === 'number' ? durationOf(timeLeft) : timeLeft } };
  },

  /**
   * A session resumption update. A resumable update carries the handle to resume with; the server
   * sends an empty handle with `resumable: false` (mid-generation, during a tool call).
   *
   * @example
   * ```ts
   * serverMessages.resumptionUpdate('handle-1'); // {sessionResumptionUpdate: {newHandle: 'handle-1', resumable: true}}
   * serverMessages.resumptionUpdate('', false);  // {sessionResumptionUpdate: {newHandle: '', resumable: false}}
   * ```
   *
   * @category testing
   * @since 0.2.0
   */
  resumptionUpdate(handle: string, resumable = true): LiveServerMessage {
    return { sessionResumptionUpdate: { newHandle: handle, resumable } };
  },

  /**
   * Token accounting on its own (newer models send such frames; usually it rides on `turnComplete`).
   *
   * @example
   * ```ts
   * serverMessages.usage({ promptTokenCount: 10, responseTokenCount: 5, totalTokenCount: 15 });
   * // {usageMetadata: {promptTokenCount: 10, responseTokenCount: 5, totalTokenCount: 15}}
   * ```
   *
   * @category testing
   * @since 0.2.0
   */
  usage(usage: UsageMetadata): LiveServerMessage {
    return { usageMetadata: usage };
  },

  /**
   * The marker a session with `reconnect` puts in its stream when it replaced its connection: what
   * the model was saying is abandoned. It is not a server frame (a real session strips this key from
   * frames it receives), so use it in a fake session's script, not with `FakeSocket.receive`;
   * `fakeLiveSession(…).replaceConnection()` emits it and moves `state$` too. Default reason
   * `'closed'`: the socket closed with a retryable code.
   *
   * @example
   * ```ts
   * serverMessages.connectionReplaced();         // {connectionReplaced: {reason: 'closed'}}
   * serverMessages.connectionReplaced('goAway'); // {connectionReplaced: {reason: 'goAway'}}
   * ```
   *
   * @category testing
   * @since 0.2.0
   */
  connectionReplaced(reason: LiveConnectionReplacedReason = 'closed'): LiveServerMessage {
    return { connectionReplaced: { reason } };
  },

  /**
   * Several messages as one frame, as newer models send them (audio with its transcript, the last
   * text with `turnComplete`). Model turn parts are concatenated in order; for any other field the
   * later message wins.
   *
   * @example
   * ```ts
   * serverMessages.combine(serverMessages.text('Bye'), serverMessages.turnComplete());
   * // {serverContent: {modelTurn: {parts: [{text: 'Bye'}]}, turnComplete: true}}
   * ```
   *
   * @category testing
   * @since 0.2.0
   */
  combine(...messages: LiveServerMessage[]): LiveServerMessage {
    return messages.reduce<LiveServerMessage>((joined, next) => {
      const merged: LiveServerMessage = { ...joined, ...next };
      if (next.serverContent !== undefined) merged.serverContent = joinContent(joined.serverContent, next.serverContent);
      return merged;
    }, {});
  },
} as const;
