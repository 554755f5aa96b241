import * as either from 'fp-ts/lib/Either.js';
import { decodeServerFrame, isConnectionReplaced, parseDuration } from '../../lib/index';
import { LiveServerMessage } from '../../lib/codecs';
import { serverMessages as m } from '../../lib/testing';

/** One call of every builder, several for those with options. */
const samples: Record<keyof typeof m, readonly LiveServerMessage[]> = {
  setupComplete: [m.setupComplete(), m.setupComplete('0f9b6d4e-session')],
  text: [m.text('Hel'), m.text(''), m.text('naïve 🎧 “quotes”')],
  audio: [m.audio(new Int16Array([0, 1000, -1000, 32767, -32768])), m.audio(new Int16Array(480), 16000), m.audio(new Int16Array(0))],
  modelTurn: [m.modelTurn({ text: 'Planning', thought: true }, { executableCode: { language: 'PYTHON', code: 'print(1)' } })],
  inputTranscript: [m.inputTranscript('What is'), m.inputTranscript(' the weather?', true)],
  outputTranscript: [m.outputTranscript('Sunny', false), m.outputTranscript('.', true)],
  generationComplete: [m.generationComplete()],
  turnComplete: [m.turnComplete(), m.turnComplete({ promptTokenCount: 515, responseTokenCount: 31, totalTokenCount: 546 })],
  interrupted: [m.interrupted()],
  toolCall: [
    m.toolCall({ id: 'function-call-5831923424298605773', name: 'get_weather', args: { city: 'Paris' } }),
    m.toolCall({ id: 'a', name: 'one', args: {} }, { id: 'b', name: 'two', args: { n: 2, nested: { list: [1, 'x', null] } } }),
  ],
  toolCallCancellation: [m.toolCallCancellation('a'), m.toolCallCancellation('a', 'b')],
  goAway: [m.goAway('50s'), m.goAway(1500), m.goAway(0), m.goAway(0.001)],
  resumptionUpdate: [m.resumptionUpdate('handle-1'), m.resumptionUpdate('', false)],
  connectionReplaced: [m.connectionReplaced(), m.connectionReplaced('goAway'), m.connectionReplaced('unresponsive')],
  usage: [m.usage({ totalTokenCount: 15, responseTokensDetails: [{ modality: 'AUDIO', tokenCount: 5 }] })],
  combine: [
    m.combine(m.audio(new Int16Array([1, 2])), m.outputTranscript('Hi')),
    m.combine(m.text('Bye'), m.text('!'), m.turnComplete({ totalTokenCount: 3 })),
    m.combine(),
  ],
};

/** Serialised as the Live server does it: pretty-printed JSON in a binary frame (PROTOCOL.md §0.1). */
function asFrame(message: LiveServerMessage): Uint8Array {
  return new TextEncoder().encode(`${JSON.stringify(message, null, 2)}\n`);
}

function pcmOf(message: LiveServerMessage, part = 0): Int16Array {
  const data = message.serverContent?.modelTurn?.parts?.[part]?.inlineData?.data ?? '';
  const bytes = Buffer.from(data, 'base64');
  return new Int16Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
}

describe('serverMessages builders', () => {
  // The session's own marker is no server frame: it is checked on its own below.
  const cases = Object.entries(samples)
    .filter(([name]) => name !== 'connectionReplaced')
    .flatMap(([name, messages]) => messages.map((message, index) => [`${name} #${index}`, message] as const));

  it('has samples for every builder, so a new builder cannot skip the decoding check', () => {
    expect(Object.keys(samples).sort()).toEqual(Object.keys(m).sort());
  });

  it.each(cases)('%s decodes with our codecs, frame and all, to the same value', (_name, message) => {
    expect(LiveServerMessage.is(message)).toBe(true);
    const decoded = decodeServerFrame(asFrame(message));
    if (either.isLeft(decoded)) throw decoded.left;
    // Strict: a key set to undefined would vanish on the wire and must not hide in a builder.
    expect(decoded.right).toStrictEqual(message);
  });

  it('builds the shapes the Gemini API sends', () => {
    expect(m.setupComplete()).toEqual({ setupComplete: {} });
    expect(m.text('Hel')).toEqual({ serverContent: { modelTurn: { parts: [{ text: 'Hel' }] } } });
    expect(m.inputTranscript('What is')).toEqual({ serverContent: { inputTranscription: { text: 'What is' } } });
    expect(m.outputTranscript('.', true)).toEqual({ serverContent: { outputTranscription: { text: '.', finished: true } } });
    expect(m.turnComplete()).toEqual({ serverContent: { turnComplete: true } });
    expect(m.turnComplete({ totalTokenCount: 1 })).toEqual({ serverContent: { turnComplete: true }, usageMetadata: { totalTokenCount: 1 } });
    expect(m.generationComplete()).toEqual({ serverContent: { generationComplete: true } });
    expect(m.interrupted()).toEqual({ serverContent: { interrupted: true } });
    expect(m.toolCallCancellation('a', 'b')).toEqual({ toolCallCancellation: { ids: ['a', 'b'] } });
    expect(m.resumptionUpdate('h')).toEqual({ sessionResumptionUpdate: { newHandle: 'h', resumable: true } });
    expect(m.resumptionUpdate('', false)).toEqual({ sessionResumptionUpdate: { newHandle: '', resumable: false } });
  });

  it('builds the session\'s connection-replaced marker, which isConnectionReplaced recognises', () => {
    expect(m.connectionReplaced()).toStrictEqual({ connectionReplaced: { reason: 'closed' } });
    expect(m.connectionReplaced('goAway')).toStrictEqual({ connectionReplaced: { reason: 'goAway' } });
    for (const marker of samples.connectionReplaced) {
      expect(LiveServerMessage.is(marker)).toBe(true);
      expect(isConnectionReplaced(marker)).toBe(true);
    }
    expect(isConnectionReplaced(m.turnComplete())).toBe(false);
  });

  it('encodes audio as little-endian PCM16 in base64 with the rate in the MIME type', () => {
    const pcm = new Int16Array([0, 1000, -1000, 32767, -32768]);
    const message = m.audio(pcm);
    expect(message.serverContent?.modelTurn?.parts?.[0]?.inlineData?.mimeType).toBe('audio/pcm;rate=24000');
    expect(m.audio(new Int16Array([0, 1000, -1000])).serverContent?.modelTurn?.parts?.[0]?.inlineData?.data).toBe('AADoAxj8');
    expect(pcmOf(message)).toEqual(pcm);
    expect(m.audio(pcm, 16000).serverContent?.modelTurn?.parts?.[0]?.inlineData?.mimeType).toBe('audio/pcm;rate=16000');
  });

  it('writes goAway times as Durations that parseDuration reads back', () => {
    expect(m.goAway('50s')).toEqual({ goAway: { timeLeft: '50s' } });
    expect([1500, 50_000, 0, 0.001, 123.456789].map((ms) => m.goAway(ms).goAway?.timeLeft)).toEqual(['1.5s', '50s', '0s', '0.000001s', '0.123456789s']);
    expect(parseDuration(m.goAway(1500).goAway?.timeLeft ?? '')).toBe(1.5);
    expect(() => m.goAway(-1)).toThrow(RangeError);
    expect(() => m.goAway(Number.NaN)).toThrow(RangeError);
  });

  it('combines messages into one frame: parts concatenate, other fields of later messages win', () => {
    expect(m.combine(m.text('Bye'), m.text('!'), m.turnComplete({ totalTokenCount: 3 }))).toEqual({
      serverContent: { modelTurn: { parts: [{ text: 'Bye' }, { text: '!' }] }, turnComplete: true },
      usageMetadata: { totalTokenCount: 3 },
    });
    const withTranscript = m.combine(m.audio(new Int16Array([1, 2])), m.outputTranscript('Hi'));
    expect(pcmOf(withTranscript)).toEqual(new Int16Array([1, 2]));
    expect(withTranscript.serverContent?.outputTranscription).toEqual({ text: 'Hi' });
    expect(m.combine(m.usage({ totalTokenCount: 1 }), m.usage({ totalTokenCount: 2 }))).toEqual({ usageMetadata: { totalTokenCount: 2 } });
  });

  it('returns fresh objects, so a test that mutates one value cannot change another', () => {
    const first = m.text('a');
    const combined = m.combine(first, m.text('b'));
    expect(first).toEqual({ serverContent: { modelTurn: { parts: [{ text: 'a' }] } } });
    expect(combined.serverContent?.modelTurn?.parts).toHaveLength(2);
    expect(m.setupComplete()).not.toBe(m.setupComplete());
  });
});
