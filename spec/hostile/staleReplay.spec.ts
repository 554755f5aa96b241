/**
 * Issue 13 §5, first bullet: nothing from one conversation leaks into the next. When the last
 * subscriber leaves, what still waits in the outbox (a toolResponse queued for replay, a value queued
 * before setupComplete) belongs to the conversation that ended; a later subscription opens a new one,
 * and a stale toolResponse there is an answer to a call the server never made (it closes with 1007).
 */
import { filter, map, take } from 'rxjs';
import { handleToolCalls } from '../../lib/operators/handleToolCalls';
import { liveSession } from '../../lib/node';
import { startCaptureServer } from '../support/captureServer';
import { hostileServers } from './hostileSupport';

const API_KEY = 'AIzaStaleReplaySecret00001';

function isSetup(text: string): boolean {
  return text.includes('"setup"');
}

describe('hostile: no stale frame opens the next conversation (issue 13 §5)', () => {
  const servers = hostileServers();

  it('a toolResponse waiting for replay when the last subscriber leaves is not sent to the next conversation', async () => {
    const server = servers.track(await startCaptureServer({
      onFrame: (connection, frame) => {
        if (connection !== server.connections[0]) return;
        if (isSetup(frame.text)) {
          connection.send({ toolCall: { functionCalls: [{ id: 'c1', name: 'lookup', args: {} }] } });
          connection.send({ sessionResumptionUpdate: { newHandle: 'h1', resumable: true } });
        } else if (frame.text.includes('"toolResponse"')) {
          connection.socket.terminate(); // the answer arrived, then the connection drops: 1006
        }
      },
    }));
    const session = liveSession({
      model: 'm',
      apiKey: API_KEY,
      baseUrl: server.baseUrl,
      reconnect: { initialDelayMs: 60_000, jitter: 0 },
    });
    const handle$ = session.pipe(filter((message) => message.sessionResumptionUpdate?.newHandle === 'h1'), take(1));
    // The answer goes out once the handle covering the call has arrived, so the resumed session would
    // expect it: it is kept for replay.
    const first = session.pipe(handleToolCalls({ lookup: () => handle$.pipe(map(() => ({ ok: true }))) })).subscribe(session.toolResponse);
    first.add(session.subscribe({ error: () => undefined }));
    await new Promise<void>((resolve) => {
      const watch = session.state$.pipe(filter((state) => state.status === 'reconnecting'), take(1)).subscribe(() => resolve());
      first.add(watch);
    });
    expect(session.stats.pendingMessages).toBe(1); // the toolResponse, requeued for the resumed session
    first.unsubscribe(); // the last subscriber leaves during the backoff: the conversation is over
    expect(session.stats.pendingMessages).toBe(0);

    const second = session.subscribe({ error: () => undefined });
    session.clientContent.next({ turns: 'a new conversation' });
    const connection = await server.connection(1);
    const messages = await connection.framesReceived(2);
    expect(messages[0]).toMatchObject({ setup: { model: 'models/m' } });
    expect(messages[0]).not.toHaveProperty('setup.sessionResumption.handle');
    expect(messages[1]).toMatchObject({ clientContent: { turns: [{ parts: [{ text: 'a new conversation' }] }] } });
    second.unsubscribe();
    await connection.closed;
    expect(connection.messages().some((message) => typeof message === 'object' && message !== null && 'toolResponse' in message)).toBe(false);
  });

  it('a conversation that ends with an error leaves nothing behind for the next one', async () => {
    const server = servers.track(await startCaptureServer({
      answerSetup: false,
      onFrame: (connection, frame) => {
        if (connection !== server.connections[0] && isSetup(frame.text)) connection.send({ setupComplete: {} });
      },
    }));
    const session = liveSession({ model: 'm', apiKey: API_KEY, baseUrl: server.baseUrl });
    const failed = new Promise<unknown>((resolve) => session.subscribe({ error: resolve }));
    const first = await server.connection(0);
    await first.framesReceived(1);
    session.toolResponse.next({ functionResponses: { id: 'c1', name: 'lookup', response: { ok: true } } });
    expect(session.stats.pendingMessages).toBe(1);
    first.socket.close(1011, 'Internal error encountered.');
    await failed;
    expect(session.stats.pendingMessages).toBe(0);

    const second = session.subscribe({ error: () => undefined });
    session.clientContent.next({ turns: 'hello' });
    const connection = await server.connection(1);
    const messages = await connection.framesReceived(2);
    expect(messages[1]).toMatchObject({ clientContent: { turns: [{ parts: [{ text: 'hello' }] }] } });
    second.unsubscribe();
    await connection.closed;
    expect(connection.messages()).toHaveLength(2);
  });

  it('a value queued before setupComplete of a conversation that never opened is not sent to the next one', async () => {
    const server = servers.track(await startCaptureServer({
      answerSetup: false,
      onFrame: (connection, frame) => {
        if (connection !== server.connections[0] && isSetup(frame.text)) connection.send({ setupComplete: {} });
      },
    }));
    const session = liveSession({ model: 'm', apiKey: API_KEY, baseUrl: server.baseUrl });
    const first = session.subscribe({ error: () => undefined });
    await (await server.connection(0)).framesReceived(1);
    session.toolResponse.next({ functionResponses: { id: 'c1', name: 'lookup', response: { ok: true } } });
    expect(session.stats.pendingMessages).toBe(1);
    first.unsubscribe();
    expect(session.stats.pendingMessages).toBe(0);

    const second = session.subscribe({ error: () => undefined });
    session.clientContent.next({ turns: 'hello' });
    const connection = await server.connection(1);
    const messages = await connection.framesReceived(2);
    expect(messages[1]).toMatchObject({ clientContent: { turns: [{ parts: [{ text: 'hello' }] }] } });
    second.unsubscribe();
    await connection.closed;
    expect(connection.messages()).toHaveLength(2);
  });
});
