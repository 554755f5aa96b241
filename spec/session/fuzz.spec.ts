/**
 * Fuzzing the session's two borders (fast-check): whatever the server sends, a session never crashes
 * and ends each frame as a message or a typed `LiveProtocolError`; whatever a caller gives a sink,
 * it is either sent as one well-formed frame or refused with a typed error before the wire.
 */
import fc from 'fast-check';
import * as either from 'fp-ts/lib/Either.js';
import { decodeServerFrame } from '../../lib/protocol/decodeServerFrame';
import type { LiveServerMessage } from '../../lib/protocol/serverMessages';
import { LiveError, LiveInputError, LiveProtocolError } from '../../lib/errors';
import { createLiveSession, type LiveSession } from '../../lib/session/liveSession';
import { type FakeSocket, fakeSocketFactory } from '../../lib/testing/fakeSocket';
import { jsonValue, liveServerMessage } from '../support/serverMessageArbitraries';
import { refusalOf } from '../support/refusals';

const RUNS = { numRuns: 300 };

/** A valid frame's JSON text, then cut, spliced, or with a byte changed. */
const mutatedText: fc.Arbitrary<string> = fc
  .tuple(liveServerMessage.map((message) => JSON.stringify(message, null, 2)), fc.nat(), fc.nat(), fc.string({ unit: 'binary', maxLength: 4 }))
  .chain(([text, at, length, insert]) => {
    const start = at % (text.length + 1);
    return fc.constantFrom(
      text.slice(0, start),
      text.slice(0, start) + insert + text.slice(start + (length % 8)),
      text.slice(0, start) + text.slice(start + 1 + (length % 8)),
      text.replace(/"[a-zA-Z]+"/, insert),
    );
  });

/** A valid message with one value, somewhere inside it, replaced by any JSON value. */
const mutatedMessage: fc.Arbitrary<unknown> = fc.tuple(liveServerMessage, fc.nat(), jsonValue).map(([message, pick, replacement]) => {
  const copy = JSON.parse(JSON.stringify(message)) as unknown;
  const slots: [Record<string, unknown>, string][] = [];
  const walk = (value: unknown): void => {
    if (typeof value !== 'object' || value === null) return;
    for (const [key, inner] of Object.entries(value)) {
      slots.push([value as Record<string, unknown>, key]);
      walk(inner);
    }
  };
  walk(copy);
  const slot = slots[pick % Math.max(1, slots.length)];
  if (slot !== undefined) slot[0][slot[1]] = replacement;
  return copy;
});

/** Frames of every encoding the socket may hand over: text, ArrayBuffer, Buffer, views, junk. */
const anyFrame: fc.Arbitrary<unknown> = fc.oneof(
  fc.string({ unit: 'binary' }),
  mutatedText,
  mutatedText.map((text) => new TextEncoder().encode(text).buffer),
  mutatedMessage.map((message) => JSON.stringify(message)),
  mutatedMessage.map((message) => Buffer.from(JSON.stringify(message))),
  fc.uint8Array({ maxLength: 64 }).map((bytes) => bytes.buffer),
  fc.uint8Array({ maxLength: 64 }),
  fc.jsonValue().map((value) => JSON.stringify(value)),
  fc.anything(),
);

function openSession(reconnect = false): { session: LiveSession; socket: () => FakeSocket } {
  const factory = fakeSocketFactory((socket) => socket.open());
  const session = createLiveSession({ model: 'gemini-live-test', apiKey: 'AIzaFuzzSpecKey000000001', webSocketFactory: factory, reconnect }, () => {
    throw new Error('unused');
  });
  return { session, socket: () => factory.last as FakeSocket };
}

describe('fuzzing server frames', () => {
  it('decodeServerFrame never throws: a message or a LiveProtocolError, for any frame', () => {
    fc.assert(
      fc.property(anyFrame, (frame) => {
        const decoded = decodeServerFrame(frame);
        if (either.isLeft(decoded)) expect(decoded.left).toBeInstanceOf(LiveProtocolError);
        else expect(typeof decoded.right).toBe('object');
      }),
      RUNS,
    );
  });

  it('a session given any frame after setupComplete emits it as a message or ends with LiveProtocolError, and closes its socket', () => {
    fc.assert(
      fc.property(anyFrame, (frame) => {
        const { session, socket } = openSession();
        const messages: LiveServerMessage[] = [];
        let failure: unknown;
        const subscription = session.subscribe({ next: (message) => messages.push(message), error: (error: unknown) => (failure = error) });
        socket().receive({ setupComplete: {} });
        expect(() => socket().receiveRaw(frame)).not.toThrow();
        if (failure === undefined) {
          expect(messages).toHaveLength(2);
        } else {
          expect(failure).toBeInstanceOf(LiveProtocolError);
          expect(socket().clientClose).toEqual({ code: 1000, reason: 'protocol' });
          expect(session.state).toMatchObject({ status: 'closed', error: failure });
        }
        subscription.unsubscribe();
      }),
      RUNS,
    );
  });

  it('so does a session with reconnect, whose resumption bookkeeping reads every message (handles, goAway, tool calls)', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(liveServerMessage, anyFrame), { maxLength: 6 }), (frames) => {
        const { session, socket } = openSession(true);
        let failure: unknown;
        const subscription = session.subscribe({ error: (error: unknown) => (failure = error) });
        socket().receive({ setupComplete: {} });
        for (const frame of frames) {
          const current = socket();
          expect(() => (typeof frame === 'object' && frame !== null && !(frame instanceof ArrayBuffer) && !ArrayBuffer.isView(frame) ? current.receive(frame) : current.receiveRaw(frame))).not.toThrow();
        }
        session.clientContent.next({ turns: 'still here?' });
        if (failure !== undefined) expect(failure).toBeInstanceOf(LiveProtocolError);
        subscription.unsubscribe();
        expect(session.state.status).toBe('closed');
      }),
      { numRuns: 150 },
    );
  });
});

describe('fuzzing sink values', () => {
  const sinks = ['clientContent', 'realtimeInput', 'toolResponse', 'contextUpdate'] as const;

  it.each(sinks)('%s: any value is sent as one well-formed frame, or refused with LiveInputError on refused$ before the wire', (sink) => {
    const { session, socket } = openSession();
    const subscription = session.subscribe();
    socket().receive({ setupComplete: {} });
    fc.assert(
      fc.property(fc.oneof(fc.anything(), fc.jsonValue(), fc.record({ turns: fc.anything(), functionResponses: fc.anything(), audio: fc.anything(), text: fc.anything() })), (value) => {
        const before = socket().sent.length;
        const refused = refusalOf(session, () => (session[sink].next as (value: unknown) => void)(value));
        if (refused !== undefined) {
          expect(refused).toBeInstanceOf(LiveError);
          expect(refused).toBeInstanceOf(LiveInputError);
          expect(socket().sent).toHaveLength(before);
          return;
        }
        const sent = socket().sent.slice(before);
        expect(sent).toHaveLength(1);
        expect(Object.keys(JSON.parse(sent[0] as string) as object)).toEqual([sink]);
      }),
      RUNS,
    );
    subscription.unsubscribe();
  });
});
