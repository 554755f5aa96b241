/**
 * Issue 13 §6: a server that goes silent with the socket open is detected within `responseTimeoutMs`
 * plus a margin, and the session reconnects or ends with a typed error, as docs/resilience.md says.
 */
import { liveSession } from '../../lib/node';
import { LiveResponseTimeoutError } from '../../lib/errors';
import { type CaptureServer, startCaptureServer } from '../support/captureServer';
import { expectNoLeaks, liveResources } from '../support/leaks';
import { API_KEY, record, turnTexts } from './hostileSupport';

const RESPONSE_TIMEOUT_MS = 300;

describe('hostile: silence is detected', () => {
  let server: CaptureServer | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  it('a server that stops mid-answer with the socket open: the connection is replaced, the turn replayed', async () => {
    const baseline = liveResources();
    server = await startCaptureServer({
      onFrame: (connection, frame) => {
        const first = server?.connections.indexOf(connection) === 0;
        if ((frame.json as { setup?: unknown }).setup !== undefined) {
          connection.send({ sessionResumptionUpdate: { newHandle: first ? 'h1' : 'h2', resumable: true } });
          return;
        }
        // The first connection starts an answer and then says nothing more; the second answers.
        connection.send({ serverContent: { modelTurn: { parts: [{ text: first ? 'The capital' : 'Paris.' }] } } });
        if (!first) connection.send({ serverContent: { turnComplete: true } });
      },
    });
    const session = liveSession({
      model: 'gemini-live-test',
      apiKey: API_KEY,
      baseUrl: server.baseUrl,
      reconnect: { initialDelayMs: 1, jitter: 0, responseTimeoutMs: RESPONSE_TIMEOUT_MS },
    });
    const started = Date.now();
    let answered: () => void = () => undefined;
    const done = new Promise<void>((resolve) => (answered = resolve));
    const run = record(session, (message) => {
      if (message.serverContent?.turnComplete === true) answered();
    });
    session.clientContent.next({ turns: 'Capital of France?' });
    await done;
    run.unsubscribe();
    expect(Date.now() - started).toBeGreaterThanOrEqual(RESPONSE_TIMEOUT_MS);
    expect(server.connections).toHaveLength(2);
    expect(server.connections[1]?.messages()[0]).toMatchObject({ setup: { sessionResumption: { handle: 'h1' } } });
    expect(turnTexts(server.connections[1])).toEqual(['Capital of France?']);
    await server.close();
    server = undefined;
    await expectNoLeaks(baseline);
  });

  it('a server that freezes right after setupComplete, before any handle: a typed error, not an open session for good', async () => {
    server = await startCaptureServer();
    const session = liveSession({
      model: 'gemini-live-test',
      apiKey: API_KEY,
      baseUrl: server.baseUrl,
      reconnect: { initialDelayMs: 1, jitter: 0, responseTimeoutMs: RESPONSE_TIMEOUT_MS },
    });
    session.clientContent.next({ turns: 'Hello?' });
    const run = record(session);
    await run.ended;
    expect(run.outcome.error).toBeInstanceOf(LiveResponseTimeoutError);
    expect(session.state).toMatchObject({ status: 'closed', error: expect.any(LiveResponseTimeoutError) });
    expect(server.connections).toHaveLength(1);
  });
});
