import * as sdk from '@google/genai';
import fc from 'fast-check';
import * as either from 'fp-ts/lib/Either.js';
import * as t from 'io-ts';
import { reportErrors } from '../../lib/protocol/reportErrors';
import {
  KNOWN_INTERACTION_STATUSES,
  KNOWN_MEDIA_MODALITIES,
  KNOWN_SERVICE_TIERS,
  KNOWN_TRAFFIC_TYPES,
  KNOWN_TURN_COMPLETE_REASONS,
  KNOWN_URL_RETRIEVAL_STATUSES,
  KNOWN_VAD_SIGNAL_TYPES,
  KNOWN_VOICE_ACTIVITY_TYPES,
  LiveServerMessage,
  ServerContent,
  type TurnCompleteReason,
} from '../../lib/protocol/serverMessages';
import { anyLiveServerMessage, liveServerMessage } from '../support/serverMessageArbitraries';

/** The problems of a value the codec must refuse. */
function problemsOf(codec: t.Mixed, value: unknown): string[] {
  const result = codec.decode(value);
  if (either.isRight(result)) throw new Error(`expected ${JSON.stringify(value)} to be refused`);
  return reportErrors(result.left);
}

/** Type level: what `@google/genai` hands to `onmessage` can be used where we take our messages. */
export const fromSdkMessage = (message: sdk.LiveServerMessage): LiveServerMessage => message;
export const fromSdkContent = (content: sdk.LiveServerContent): ServerContent => content;

describe('LiveServerMessage', () => {
  describe('decodes frames seen on the wire (PROTOCOL.md §4) as the very same object', () => {
    it.each<[string, unknown]>([
      ['setupComplete on the Gemini API', { setupComplete: {} }],
      ['setupComplete on Vertex', { setupComplete: { sessionId: '3f1e8e4c-3c9a-4f8e-9d8c-5d2b6a2c9e10' } }],
      [
        'audio from the model',
        { serverContent: { modelTurn: { parts: [{ inlineData: { mimeType: 'audio/pcm;rate=24000', data: 'AAEC/w==' } }] } } },
      ],
      [
        'Vertex text with a role',
        { serverContent: { modelTurn: { role: 'model', parts: [{ text: 'Hello' }, { text: 'thinking…', thought: true }] } } },
      ],
      [
        'turnComplete with usage beside it',
        {
          serverContent: { turnComplete: true },
          usageMetadata: {
            promptTokenCount: 515,
            responseTokenCount: 31,
            totalTokenCount: 546,
            promptTokensDetails: [{ modality: 'TEXT', tokenCount: 515 }],
            responseTokensDetails: [{ modality: 'AUDIO', tokenCount: 31 }],
          },
        },
      ],
      ['a bare serverContent', { serverContent: {} }],
      ['usageMetadata alone', { usageMetadata: { totalTokenCount: 12 } }],
      ['generationComplete', { serverContent: { generationComplete: true } }],
      ['an interruption', { serverContent: { interrupted: true } }],
      [
        'transcripts',
        {
          serverContent: {
            inputTranscription: { text: 'What is the weather', finished: false },
            outputTranscription: {},
            interimInputTranscription: { text: 'What is', languageCode: 'en-US' },
          },
        },
      ],
      [
        'a turn end with its reason and status',
        { serverContent: { turnComplete: true, turnCompleteReason: 'NEED_MORE_INPUT', waitingForInput: true, interactionStatus: 'IDLE' } },
      ],
      [
        'an executableCode part',
        {
          serverContent: {
            modelTurn: { parts: [{ executableCode: { language: 'PYTHON', code: 'print(default_api.get_current_weather(location="Paris"))' } }] },
          },
        },
      ],
      [
        'a tool call',
        { toolCall: { functionCalls: [{ id: 'function-call-5831923424298605773', name: 'get_current_weather', args: { location: 'Paris' } }] } },
      ],
      ['a tool call cancellation', { toolCallCancellation: { ids: ['function-call-5831923424298605773'] } }],
      ['goAway', { goAway: { timeLeft: '50s' } }],
      ['a resumable handle', { sessionResumptionUpdate: { newHandle: 'CiQ5ZjBk', resumable: true } }],
      ['a non-resumable point', { sessionResumptionUpdate: { newHandle: '', resumable: false } }],
      ['a transparent resumption update', { sessionResumptionUpdate: { newHandle: 'h', resumable: true, lastConsumedClientMessageIndex: '42' } }],
      ['a VAD signal', { voiceActivityDetectionSignal: { vadSignalType: 'VAD_SIGNAL_TYPE_SOS' } }],
      ['voice activity', { voiceActivity: { voiceActivityType: 'ACTIVITY_START', audioOffset: '1.250s' } }],
      ['voice activity as Vertex writes it', { voiceActivity: { type: 'ACTIVITY_END' } }],
      [
        'Vertex usage names',
        { usageMetadata: { candidatesTokenCount: 9, candidatesTokensDetails: [{ modality: 'AUDIO', tokenCount: 9 }], trafficType: 'ON_DEMAND' } },
      ],
      [
        'grounding',
        {
          serverContent: {
            groundingMetadata: {
              webSearchQueries: ['weather paris'],
              groundingChunks: [{ web: { uri: 'https://example.com/a', title: 'example.com' } }],
              groundingSupports: [{ segment: { startIndex: 0, endIndex: 12, text: 'It is sunny.' }, groundingChunkIndices: [0], confidenceScores: [0.9] }],
              searchEntryPoint: { renderedContent: '<div></div>' },
            },
          },
        },
      ],
      [
        'url context',
        { serverContent: { urlContextMetadata: { urlMetadata: [{ retrievedUrl: 'https://example.com', urlRetrievalStatus: 'URL_RETRIEVAL_STATUS_SUCCESS' }] } } },
      ],
      ['an empty frame', {}],
    ])('%s', (_name, frame) => {
      const result = LiveServerMessage.decode(frame);
      expect(either.isRight(result) && result.right).toBe(frame);
    });
  });

  it('keeps a message kind it does not know, beside known ones', () => {
    const frame = { serverContent: { turnComplete: true }, sessionEnded: { reason: 'bye' } };
    const result = LiveServerMessage.decode(frame);
    expect(either.isRight(result) && result.right).toBe(frame);
    expect(either.isRight(result) && (result.right as Record<string, unknown>)['sessionEnded']).toEqual({ reason: 'bye' });
  });

  it('keeps unknown fields at every depth', () => {
    const frame = {
      serverContent: {
        futureFlag: 1,
        modelTurn: { parts: [{ text: 'a', futurePartField: [1, 2] }], futureContentField: 'x' },
        outputTranscription: { text: 'b', futureTranscriptField: { deep: true } },
      },
      usageMetadata: { totalTokenCount: 3, promptTokensDetails: [{ modality: 'TEXT', tokenCount: 3, futureCountField: 'y' }] },
    };
    const snapshot = structuredClone(frame);
    const result = LiveServerMessage.decode(frame);
    expect(either.isRight(result) && result.right).toBe(frame);
    expect(frame).toEqual(snapshot);
  });

  it('accepts enumeration values it does not know (forward compatible), while typing the known ones', () => {
    const reason: TurnCompleteReason = 'NEED_MORE_INPUT';
    const frame = {
      serverContent: { turnComplete: true, turnCompleteReason: 'SOMETHING_NEW', interactionStatus: 'PAUSED' },
      usageMetadata: { promptTokensDetails: [{ modality: 'SMELL', tokenCount: 1 }], serviceTier: 'turbo' },
      voiceActivityDetectionSignal: { vadSignalType: 'VAD_SIGNAL_TYPE_MAYBE' },
    };
    const result = LiveServerMessage.decode(frame);
    expect(either.isRight(result) && result.right).toBe(frame);
    expect(KNOWN_TURN_COMPLETE_REASONS).toContain(reason);
  });

  it('turns an int64 sent as a number into the decimal string the SDK types promise', () => {
    const frame = { sessionResumptionUpdate: { newHandle: 'h', resumable: true, lastConsumedClientMessageIndex: 7 } };
    const result = LiveServerMessage.decode(frame);
    expect(either.isRight(result) && result.right).toEqual({
      sessionResumptionUpdate: { newHandle: 'h', resumable: true, lastConsumedClientMessageIndex: '7' },
    });
    expect(frame.sessionResumptionUpdate.lastConsumedClientMessageIndex).toBe(7);
  });

  it.each<[unknown, string[]]>([
    [{ serverContent: { turnComplete: 'yes' } }, ['serverContent.turnComplete: expected boolean, got "yes"']],
    [{ serverContent: 'hello' }, ['serverContent: expected ServerContent, got "hello"']],
    [{ serverContent: { modelTurn: { parts: {} } } }, ['serverContent.modelTurn.parts: expected Array<Part>, got {}']],
    [{ serverContent: { modelTurn: { parts: [{ text: 'ok' }, { text: 5 }] } } }, ['serverContent.modelTurn.parts[1].text: expected string, got 5']],
    [{ serverContent: { turnCompleteReason: 3 } }, ['serverContent.turnCompleteReason: expected TurnCompleteReason, got 3']],
    [{ toolCall: { functionCalls: [{ name: 'f', args: [] }] } }, ['toolCall.functionCalls[0].args: expected UnknownRecord, got []']],
    [{ toolCallCancellation: { ids: 'fc-1' } }, ['toolCallCancellation.ids: expected Array<string>, got "fc-1"']],
    [{ goAway: { timeLeft: 50 } }, ['goAway.timeLeft: expected string, got 50']],
    [
      { sessionResumptionUpdate: { lastConsumedClientMessageIndex: '4.5' } },
      ['sessionResumptionUpdate.lastConsumedClientMessageIndex: expected Int64, got "4.5"'],
    ],
    [{ sessionResumptionUpdate: { lastConsumedClientMessageIndex: 2 ** 60 } }, [`sessionResumptionUpdate.lastConsumedClientMessageIndex: expected Int64, got ${2 ** 60}`]],
    [{ usageMetadata: { promptTokensDetails: [{ tokenCount: '3' }] } }, ['usageMetadata.promptTokensDetails[0].tokenCount: expected number, got "3"']],
    [{ setupComplete: null }, ['setupComplete: expected SetupComplete, got null']],
    [
      { serverContent: { turnComplete: 1, interrupted: 0 }, goAway: [] },
      ['serverContent.turnComplete: expected boolean, got 1', 'serverContent.interrupted: expected boolean, got 0', 'goAway: expected GoAway, got []'],
    ],
  ])('refuses %j, naming the path', (frame, problems) => {
    expect(problemsOf(LiveServerMessage, frame)).toEqual(problems);
  });

  it('decodes every valid message to itself', () => {
    fc.assert(
      fc.property(fc.oneof(liveServerMessage, anyLiveServerMessage), (message) => {
        const result = LiveServerMessage.decode(message);
        expect(either.isRight(result) && result.right).toBe(message);
        expect(LiveServerMessage.is(message)).toBe(true);
      }),
      { numRuns: 150 },
    );
  });

  it.each<[string, readonly string[], object]>([
    ['TurnCompleteReason', KNOWN_TURN_COMPLETE_REASONS, sdk.TurnCompleteReason],
    ['InteractionStatus', KNOWN_INTERACTION_STATUSES, sdk.InteractionStatus],
    ['VadSignalType', KNOWN_VAD_SIGNAL_TYPES, sdk.VadSignalType],
    ['VoiceActivityType', KNOWN_VOICE_ACTIVITY_TYPES, sdk.VoiceActivityType],
    ['MediaModality', KNOWN_MEDIA_MODALITIES, sdk.MediaModality],
    ['TrafficType', KNOWN_TRAFFIC_TYPES, sdk.TrafficType],
    ['ServiceTier', KNOWN_SERVICE_TIERS, sdk.ServiceTier],
    ['UrlRetrievalStatus', KNOWN_URL_RETRIEVAL_STATUSES, sdk.UrlRetrievalStatus],
  ])('knows the values of the SDK enum %s', (_name, known, sdkEnum) => {
    expect([...known].sort()).toEqual(Object.values(sdkEnum).sort());
  });
});

describe('reportErrors', () => {
  const Mode = t.keyof({ A: null, B: null }, 'Mode');
  const Inner = t.partial({ mode: Mode, count: t.number }, 'Inner');
  const Outer = t.partial(
    {
      list: t.array(Inner),
      pair: t.tuple([t.string, t.number], 'Pair'),
      choice: t.union([t.string, t.array(t.string)], 'StringOrStrings'),
      both: t.intersection([t.type({ id: t.string }), t.partial({ n: t.number })], 'Both'),
      counts: t.record(t.string, t.number, 'Counts'),
      text: t.string,
    },
    'Outer',
  );

  it.each<[unknown, string[]]>([
    [7, ['expected Outer, got 7']],
    [{ list: [{}, { mode: 'C' }] }, ['list[1].mode: expected Mode, got "C"']],
    [{ pair: ['a', 'b'] }, ['pair[1]: expected number, got "b"']],
    // Both union members fail at the same place: one line, named after the union.
    [{ choice: 4 }, ['choice: expected StringOrStrings, got 4']],
    [{ choice: ['a', 5] }, ['choice[1]: expected string, got 5']],
    [{ both: { n: 'x' } }, ['both.id: expected string, got undefined', 'both.n: expected number, got "x"']],
    [{ counts: { 'a.b': 'x' } }, ['counts.a.b: expected number, got "x"']],
  ])('reports %j', (value, lines) => {
    expect(problemsOf(Outer, value)).toEqual(lines);
  });

  it('cuts long values at 60 characters, without splitting a surrogate pair', () => {
    const [line] = problemsOf(Outer, { text: { blob: 'A'.repeat(10_000) } });
    expect(line).toBe(`text: expected string, got {"blob":"${'A'.repeat(59 - '{"blob":"'.length)}…`);
    // `["` and 56 letters put the first emoji's high surrogate exactly where the cut falls.
    const [astral] = problemsOf(Outer, { text: ['x'.repeat(56) + '😀😀😀'] });
    const got = (astral ?? '').split('got ')[1] ?? '';
    expect(got).toBe(`["${'x'.repeat(56)}…`);
    expect(() => encodeURIComponent(got)).not.toThrow(); // throws on a lone surrogate
  });

  it('keeps one line per problem and summarises the rest', () => {
    const value = { list: Array.from({ length: 30 }, (_, index) => ({ count: `n${index}` })) };
    const lines = problemsOf(Outer, value);
    expect(lines).toHaveLength(11);
    expect(lines[0]).toBe('list[0].count: expected number, got "n0"');
    expect(lines[10]).toBe('… and 20 more problems');
    const all = Outer.decode(value);
    expect(either.isLeft(all) && reportErrors(all.left, { maxProblems: 100 })).toHaveLength(30);
    expect(either.isLeft(all) && reportErrors(all.left, { maxProblems: 29 })[29]).toBe('… and 1 more problem');
  });

  it('uses the message a custom codec gives', () => {
    const Even = new t.Type<number, number, unknown>(
      'Even',
      (u): u is number => typeof u === 'number' && u % 2 === 0,
      (u, c) => (typeof u === 'number' && u % 2 === 0 ? t.success(u) : t.failure(u, c, 'must be even')),
      t.identity,
    );
    expect(problemsOf(t.partial({ n: Even }), { n: 3 })).toEqual(['n: must be even']);
  });

  it('never throws on values JSON cannot write', () => {
    const cyclic: Record<string, unknown> = {};
    cyclic['self'] = cyclic;
    expect(problemsOf(Outer, { text: cyclic })).toEqual(['text: expected string, got object']);
    expect(problemsOf(Outer, { text: 10n })).toEqual(['text: expected string, got bigint']);
  });
});
