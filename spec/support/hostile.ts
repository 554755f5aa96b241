/**
 * Helpers for the hostile-server scenarios (spec/hostile/): the client socket a session opened, a
 * server socket that stops reading, and a record of errors that would have crashed the process.
 */
import type { Socket } from 'node:net';
import { config } from 'rxjs';
import type { WebSocket } from 'ws';
import { nodeWebSocketFactory } from '../../lib/node';
import type { WebSocketFactory, WebSocketLike } from '../../lib/transport/webSocketLike';

/** A `ws` factory that remembers every socket it opened, so a test can read `bufferedAmount`. */
export function recordingFactory(): { factory: WebSocketFactory; sockets: WebSocketLike[] } {
  const sockets: WebSocketLike[] = [];
  const open = nodeWebSocketFactory();
  return {
    sockets,
    factory: (request) => {
      const socket = open(request);
      sockets.push(socket);
      return socket;
    },
  };
}

/** The TCP socket under a server-side `ws` socket. */
export function tcpOf(socket: WebSocket): Socket {
  return (socket as unknown as { _socket: Socket })._socket;
}

/**
 * Errors that would reach the host process: RxJS's unhandled errors (a throwing observer, which RxJS
 * rethrows on a timer and which ends a Node process) and Node's `uncaughtException`s. `stop()` puts
 * the previous handlers back and returns what was caught, after one macrotask so RxJS's timer ran.
 */
export function watchUnhandled(): { stop(): Promise<unknown[]> } {
  const caught: unknown[] = [];
  const previous = config.onUnhandledError;
  config.onUnhandledError = (error: unknown) => caught.push(error);
  const onUncaught = (error: unknown): void => {
    caught.push(error);
  };
  process.on('uncaughtException', onUncaught);
  return {
    stop: async () => {
      await new Promise((resolve) => setTimeout(resolve, 0));
      config.onUnhandledError = previous;
      process.off('uncaughtException', onUncaught);
      return caught;
    },
  };
}
