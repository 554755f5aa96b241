/**
 * PENDING: rename to `abandonedTurn.spec.ts` once branch `resume` (the session's emission of the
 * connection-replaced marker) is merged; until then Jest does not pick this file up, because it
 * fails without that emission. Verified on branch `ops` with a stand-in emission in
 * `resumableConnection.ts`, since removed.
 *
 * Issue 13 §5, a hostile server: it drops the connection in the middle of an answer. The first
 * connection gets `setupComplete`, a resumable handle, half an answer (text, audio, transcript),
 * then a 1011 close; the resumed connection answers in full. Through the public API the user sees
 * the session's connection-replaced marker between the two, exactly one unglued answer from
 * `modelTurns()`, the half transcript abandoned and the half audio flushed.
 */
import { lastValueFrom, toArray } from 'rxjs';
import { liveSession, modelTurns, playbackQueue, transcripts } from '../../lib/node';
import type { LiveServerMessage } from '../../lib/protocol/serverMessages';
import { type CaptureServer, type CapturedConnection, startCaptureServer } from '../support/captureServer';
import { expectNoLeaks, liveResources } from '../support/leaks';

const QUESTION = 'What is the capital of France?';
const pcmBase64 = (samples: readonly number[]): string => Buffer.from(new Int16Array(samples).buffer).toString('base64');
const audio = (samples: readonly number[]) => ({ serverContent: { modelTurn: { parts: [{ inlineData: { mimeType: 'audio/pcm;rate=24000', data: pcmBase64(samples) } }] } } });
const text = (value: string) => ({ serverContent: { modelTurn: { parts: [{ text: value }] } } });
const spoken = (value: string) => ({ serverContent: { outputTranscription: { text: value } } });

function isSetup(json: unknown): boolean {
  return typeof json === 'object' && json !== null && 'setup' in json;
}

function isClientContent(json: unknown): boolean {
  return typeof json === 'object' && json !== null && 'clientContent' in json;
}

/** Connection 0 dies mid-answer with 1011; connection 1 (the resumed one) answers in full, then ends with 1000. */
function dropMidAnswer(server: () => CaptureServer, connection: CapturedConnection, json: unknown): void {
  const index = server().connections.indexOf(connection);
  if (index === 0 && isSetup(json)) connection.send({ sessionResumptionUpdate: { newHandle: 'handle-before-question', resumable: true } });
  if (index === 0 && isClientContent(json)) {
    connection.send(text('The capital '));
    connection.send(audio([1, 2, 3]));
    connection.send(spoken('The capital'));
    connection.socket.close(1011, 'Internal error encountered.');
  }
  if (index === 1 && isSetup(json)) {
    connection.send(text('The capital of France '));
    connection.send(audio([4, 5]));
    connection.send(spoken('The capital of France is Paris.'));
    connection.send(text('is Paris.'));
    connection.send({ serverContent: { turnComplete: true } });
    connection.socket.close(1000);
  }
}

describe('hostile: a connection dropped mid-answer leaves nothing of the half answer behind (needs the session\'s connectionReplaced marker)', () => {
  let server: CaptureServer | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  it('shows one unglued answer, abandons the half transcript and flushes the half audio', async () => {
    const baseline = liveResources();
    const running = await startCaptureServer({ onFrame: (connection, frame) => dropMidAnswer(() => running, connection, frame.json) });
    server = running;
    const session = liveSession({
      model: 'gemini-live-test',
      apiKey: 'AIzaAbandonedTurnSpecKey01',
      baseUrl: running.baseUrl,
      reconnect: { maxAttempts: 2, initialDelayMs: 5, jitter: 0 },
    });
    session.clientContent.next({ turns: QUESTION });

    // All four subscribe before the connection opens, so they share it and see every message.
    const [messages, turns, lines, playback] = await Promise.all([
      lastValueFrom(session.pipe(toArray())),
      lastValueFrom(session.pipe(modelTurns(), toArray())),
      lastValueFrom(session.pipe(transcripts(), toArray())),
      lastValueFrom(session.pipe(playbackQueue(), toArray())),
    ]);

    const markers = messages.filter((message: LiveServerMessage) => message.connectionReplaced !== undefined);
    expect(markers).toEqual([{ connectionReplaced: { reason: 'closed' } }]);
    const marker = messages.indexOf(markers[0] as LiveServerMessage);
    expect(messages.slice(0, marker).map((message) => message.serverContent?.modelTurn?.parts?.[0]?.text)).toContain('The capital ');
    expect(messages.slice(marker + 1).some((message) => message.serverContent?.modelTurn?.parts?.[0]?.text === 'The capital ')).toBe(false);

    expect(turns.map((turn) => [turn.text, turn.outputTranscript, turn.endedBy])).toEqual([
      ['The capital of France is Paris.', 'The capital of France is Paris.', 'turnComplete'],
    ]);
    expect(turns[0]?.audio.map((chunk) => [...chunk.samples])).toEqual([[4, 5]]);
    expect(lines).toEqual([
      { direction: 'output', text: 'The capital', delta: 'The capital', finished: false },
      { direction: 'output', text: '', delta: '', finished: false, abandoned: true },
      { direction: 'output', text: 'The capital of France is Paris.', delta: 'The capital of France is Paris.', finished: false },
    ]);
    expect(playback.map((command) => (command.kind === 'flush' ? 'flush' : [...command.chunk.samples]))).toEqual([[1, 2, 3], 'flush', [4, 5]]);

    // The second connection resumed the conversation with the handle the first one gave.
    const resumed = await running.connection(1);
    expect(resumed.messages()[0]).toMatchObject({ setup: { sessionResumption: { handle: 'handle-before-question' } } });
    expect(running.connections).toHaveLength(2);

    await running.close();
    server = undefined;
    await expectNoLeaks(baseline);
  });
});
