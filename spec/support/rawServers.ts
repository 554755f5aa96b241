/**
 * Plain TCP/HTTP helpers for socket tests that a WebSocket server cannot stage: a server that holds
 * upgrade requests unanswered (a client stuck in CONNECTING), and a port where nothing listens.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

/**
 * An HTTP server that accepts upgrade requests and never answers them, so a client socket stays
 * CONNECTING. `held` resolves with the first held request's socket.
 */
export async function startStallingServer(): Promise<{ baseUrl: string; held: Promise<Socket>; close(): Promise<void> }> {
  const server: Server = createServer();
  const sockets = new Set<Socket>();
  let hold: (socket: Socket) => void = () => undefined;
  const held = new Promise<Socket>((resolve) => (hold = resolve));
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });
  server.on('upgrade', (_request, socket) => hold(socket as Socket));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    held,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

/** A port on 127.0.0.1 with nothing listening (taken from the OS, then released). */
export async function unusedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
