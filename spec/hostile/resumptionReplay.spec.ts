/**
 * Issue 13 §1: a resumable handle covers what the server had received when it issued it. Turns that
 * get no reaction from the model (history-only prefill) must not be replayed into the resumed
 * conversation, a turn written after the handle is replayed exactly once, and turns flushed at
 * setupComplete are never lost.
 */
import { liveSession } from '../../lib/node';
import { IN_FLIGHT_CAP_MS } from '../../lib/session/resumption';
import { type CaptureServer, startCaptureServer } from '../support/captureServer';
import { expectNoLeaks, liveResources } from '../support/leaks';
import { API_KEY, record, turnTexts } from './hostileSupport';

const RECONNECT = { initialDelayMs: 1, jitter: 0, maxAttempts: 3 };
/** Longer than the session's in-flight window can ever be, however slow the setup round trip under load. */
const PAUSE_BEFORE_HANDLE_MS = IN_FLIGHT_CAP_MS + 200;

describe('hostile: resumption replays exactly what the handle does not cover', () => {
  let server: CaptureServer | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  it('prefill turns, a pause, a handle, a drop: none is sent again; the turn after the handle is sent once', async () => {
    const baseline = liveResources();
    const timers: NodeJS.Timeout[] = [];
    server = await startCaptureServer({
      onFrame: (connection) => {
        if (server?.connections.indexOf(connection) !== 0) return;
        // setup + three prefill turns received: the server issues a handle a while later…
        if (connection.frames.length === 4) {
          timers.push(setTimeout(() => connection.send({ sessionResumptionUpdate: { newHandle: 'h1', resumable: true } }), PAUSE_BEFORE_HANDLE_MS));
        }
        // …and drops the connection once the turn written after that handle arrived.
        if (connection.frames.length === 5) connection.socket.terminate();
      },
    });
    const session = liveSession({ model: 'gemini-live-test', apiKey: API_KEY, baseUrl: server.baseUrl, reconnect: RECONNECT });
    let opened = 0;
    const run = record(session, (message) => {
      if (message.setupComplete !== undefined) {
        opened += 1;
        if (opened === 1) for (const text of ['p1', 'p2', 'p3']) session.clientContent.next({ turns: text, turnComplete: false });
        if (opened === 2) session.clientContent.next({ turns: 'done', turnComplete: false });
      }
      if (message.sessionResumptionUpdate?.newHandle === 'h1') session.clientContent.next({ turns: 'after', turnComplete: false });
    });
    const resumed = await server.connection(1);
    await resumed.framesReceived(1);
    expect(resumed.messages()[0]).toMatchObject({ setup: { sessionResumption: { handle: 'h1' } } });
    while (!turnTexts(resumed).includes('done')) await resumed.framesReceived(resumed.frames.length + 1);
    expect(turnTexts(server.connections[0])).toEqual(['p1', 'p2', 'p3', 'after']);
    expect(turnTexts(resumed)).toEqual(['after', 'done']);
    expect(run.outcome).toEqual({});
    run.unsubscribe();
    for (const timer of timers) clearTimeout(timer);
    await server.close();
    server = undefined;
    await expectNoLeaks(baseline);
  });

  it('never loses turns flushed at setupComplete, even when the first handle follows at once', async () => {
    server = await startCaptureServer({
      onFrame: (connection, frame) => {
        if (server?.connections.indexOf(connection) !== 0) return;
        if ((frame.json as { setup?: unknown }).setup !== undefined) connection.send({ sessionResumptionUpdate: { newHandle: 'h1', resumable: true } });
        if (connection.frames.length === 2) connection.socket.terminate();
      },
    });
    const session = liveSession({ model: 'gemini-live-test', apiKey: API_KEY, baseUrl: server.baseUrl, reconnect: RECONNECT });
    session.clientContent.next({ turns: 'queued before setup', turnComplete: false });
    const run = record(session);
    const resumed = await server.connection(1);
    await resumed.framesReceived(2);
    expect(resumed.messages()[0]).toMatchObject({ setup: { sessionResumption: { handle: 'h1' } } });
    expect(turnTexts(resumed)).toEqual(['queued before setup']);
    run.unsubscribe();
  });
});
