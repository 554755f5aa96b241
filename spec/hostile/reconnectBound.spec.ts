/**
 * Issue 13 §2: `maxAttempts` bounds the number of connections, whatever the server does between
 * them. Only real progress (a model reaction, or a connection healthy for a while) resets the count.
 */
import { liveSession } from '../../lib/node';
import { LiveError } from '../../lib/errors';
import { type CaptureServer, type CapturedConnection, startCaptureServer } from '../support/captureServer';
import { expectNoLeaks, liveResources } from '../support/leaks';
import { API_KEY, record } from './hostileSupport';

const MAX_ATTEMPTS = 3;
/** Far more connections than allowed: reached only by a storm, so the test ends either way. */
const STORM = 12;

/** Runs a session against a server that misbehaves on each `setup`, until it ends or storms. */
async function connectionsUntilGivenUp(
  misbehave: (connection: CapturedConnection) => void,
  answerSetup: boolean,
): Promise<{ connections: number; error: unknown }> {
  const baseline = liveResources();
  let stormed: () => void = () => undefined;
  const storm = new Promise<void>((resolve) => (stormed = resolve));
  const server: CaptureServer = await startCaptureServer({
    answerSetup,
    onFrame: (connection, frame) => {
      if ((frame.json as { setup?: unknown }).setup === undefined) return;
      if (server.connections.length >= STORM) stormed();
      misbehave(connection);
    },
  });
  const session = liveSession({
    model: 'gemini-live-test',
    apiKey: API_KEY,
    baseUrl: server.baseUrl,
    setupTimeoutMs: 5_000,
    reconnect: { maxAttempts: MAX_ATTEMPTS, initialDelayMs: 1, multiplier: 1, jitter: 0 },
  });
  const run = record(session);
  await Promise.race([run.ended, storm]);
  run.unsubscribe();
  const connections = server.connections.length;
  await server.close();
  await expectNoLeaks(baseline);
  return { connections, error: run.outcome.error };
}

describe('hostile: reconnection is bounded by maxAttempts', () => {
  it('setupComplete and a resumable handle, then 1011 at once: at most maxAttempts + 1 connections', async () => {
    const { connections, error } = await connectionsUntilGivenUp((connection) => {
      connection.send({ sessionResumptionUpdate: { newHandle: 'h', resumable: true } });
      connection.socket.close(1011, 'Internal error encountered.');
    }, true);
    expect(connections).toBe(MAX_ATTEMPTS + 1);
    expect(error).toBeInstanceOf(LiveError);
    expect(error).toMatchObject({ closeCode: 1011 });
  });

  it('never setupComplete, `{}` then a close: at most maxAttempts + 1 connections', async () => {
    const { connections, error } = await connectionsUntilGivenUp((connection) => {
      connection.send({});
      connection.socket.close(1011, 'Internal error encountered.');
    }, false);
    expect(connections).toBe(MAX_ATTEMPTS + 1);
    expect(error).toMatchObject({ closeCode: 1011 });
  });

  it('a goAway before setupComplete is a failure: it counts, so at most maxAttempts + 1 connections', async () => {
    const { connections, error } = await connectionsUntilGivenUp((connection) => connection.send({ goAway: { timeLeft: '10s' } }), false);
    expect(connections).toBe(MAX_ATTEMPTS + 1);
    expect(error).toBeInstanceOf(LiveError);
    expect((error as LiveError).retryable).toBe(true);
  });

  it('a goAway whose timeLeft no timer can hold does not rotate at once', async () => {
    const baseline = liveResources();
    const server: CaptureServer = await startCaptureServer({
      onFrame: (connection, frame) => {
        if ((frame.json as { setup?: unknown }).setup !== undefined) {
          connection.send({ sessionResumptionUpdate: { newHandle: 'h1', resumable: true } });
          return;
        }
        // Mid-answer (not at a resumable point), the first connection announces a very distant end…
        connection.send({ serverContent: { modelTurn: { parts: [{ text: 'Once upon' }] } } });
        if (server.connections.indexOf(connection) === 0) connection.send({ goAway: { timeLeft: '3000000s' } });
        // …and keeps answering on the same connection.
        setTimeout(() => connection.send({ serverContent: { modelTurn: { parts: [{ text: 'a time' }] }, turnComplete: true } }), 50);
      },
    });
    const session = liveSession({ model: 'gemini-live-test', apiKey: API_KEY, baseUrl: server.baseUrl, reconnect: { initialDelayMs: 1, jitter: 0 } });
    const run = record(session);
    session.clientContent.next({ turns: 'Tell me a story' });
    await new Promise<void>((resolve) => {
      const check = session.subscribe((message) => {
        if (message.serverContent?.turnComplete === true) {
          resolve();
          queueMicrotask(() => check.unsubscribe());
        }
      });
    });
    expect(server.connections).toHaveLength(1);
    expect(session.state.status).toBe('open');
    run.unsubscribe();
    await server.close();
    await expectNoLeaks(baseline);
  });
});
