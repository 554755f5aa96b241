/**
 * Issue 13 §7: after unsubscribe, a peer that never answers our close frame must not keep our socket
 * and `ws`'s 30 s close timer alive. The server here stops reading its socket, so our close frame is
 * never read and never answered; the `ws` factory drops the connection after `closeTimeoutMs` (1 s).
 * The wait is a bounded poll of the socket's state, far below `ws`'s own 30 s.
 */
import { filter, firstValueFrom } from 'rxjs';
import { liveSession } from '../../lib/node';
import { SocketReadyState, type WebSocketLike } from '../../lib/transport/webSocketLike';
import { startCaptureServer } from '../support/captureServer';
import { hostileServers } from './hostileSupport';
import { recordingFactory, tcpOf } from '../support/hostile';

const API_KEY = 'AIzaCloseGraceSecret0000001';

/** Resolves true once `socket` is CLOSED, false if it is still not after `deadlineMs`. */
async function closedWithin(socket: WebSocketLike, deadlineMs: number): Promise<boolean> {
  const started = Date.now();
  while (socket.readyState !== SocketReadyState.CLOSED && Date.now() - started < deadlineMs) {
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return socket.readyState === SocketReadyState.CLOSED;
}

describe('hostile: a peer that never answers our close (issue 13 §7)', () => {
  const servers = hostileServers();

  it('after unsubscribe, the socket is dropped after a short grace, not held for 30 s', async () => {
    const server = servers.track(await startCaptureServer({ onFrame: (connection, frame) => frame.text.includes('"setup"') && tcpOf(connection.socket).pause() }));
    const { factory, sockets } = recordingFactory();
    const session = liveSession({ model: 'm', apiKey: API_KEY, baseUrl: server.baseUrl, webSocketFactory: factory });
    const subscription = session.subscribe();
    await firstValueFrom(session.state$.pipe(filter((state) => state.status === 'open')));
    subscription.unsubscribe();
    const socket = sockets[0] as WebSocketLike;
    expect(socket.readyState).toBe(SocketReadyState.CLOSING);
    expect(await closedWithin(socket, 10_000)).toBe(true);
    expect(session.state.status).toBe('closed');
  });

  it('a frame ws refused: its own close is not waited on for 30 s either', async () => {
    const invalidUtf8 = Buffer.from([0x81, 0x02, 0xc3, 0x28]);
    const server = servers.track(await startCaptureServer({
      onFrame: (connection, frame) => {
        if (!frame.text.includes('"setup"')) return;
        tcpOf(connection.socket).write(invalidUtf8);
        tcpOf(connection.socket).pause();
      },
    }));
    const { factory, sockets } = recordingFactory();
    const session = liveSession({ model: 'm', apiKey: API_KEY, baseUrl: server.baseUrl, webSocketFactory: factory });
    await new Promise<unknown>((resolve) => session.subscribe({ error: resolve }));
    expect(await closedWithin(sockets[0] as WebSocketLike, 10_000)).toBe(true);
  });
});
