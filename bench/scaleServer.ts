/**
 * A minimal Live server for the scale benchmark, run in a child process of its own, so that its work
 * (serialising frames for every session, reading theirs) lands on another process and does not share
 * the clients' event loop. It answers `setup` with `setupComplete`, counts what arrives without
 * parsing it, and on command streams a stamped 40 ms audio chunk to every matching session. It listens
 * on 127.0.0.1 only.
 *
 * Started by `startScaleServer` (below), which gives the parent the same `stream`/`stopStream` handle
 * as the emulator worker, plus this process's own CPU time, so a run can tell when the server, not the
 * client, was the limit.
 */
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { WebSocketServer, type WebSocket } from 'ws';
import { nowMicros, stampedAudioMessage } from './frames';

type Command =
  | { readonly op: 'stream'; readonly intervalMs: number; readonly urlContains?: string }
  | { readonly op: 'stopStream' }
  | { readonly op: 'close' };

/**
 * Each session gets its chunk in one of this many slices of the interval, as real sessions are not
 * in step: sending to all in one burst would measure the burst, not what a process sustains.
 */
export const STREAM_SLICES = 8;

type Reply =
  | { readonly op: 'ready'; readonly baseUrl: string }
  /** CPU time (user + system, µs) this process used while streaming, and the wall time it streamed. */
  | { readonly op: 'stopped'; readonly cpuMicros: number; readonly wallMs: number }
  | { readonly op: 'closed' };

/** The parent's handle on the server process. */
export interface ScaleServer {
  readonly baseUrl: string;
  /** Sends every session whose URL contains `urlContains` a stamped audio chunk every `intervalMs`. */
  stream(intervalMs: number, urlContains?: string): void;
  /** Stops streaming; resolves to the share of one core the server used while it streamed. */
  stopStream(): Promise<number>;
  close(): Promise<void>;
}

const SERVER_FILE = fileURLToPath(import.meta.url);

export async function startScaleServer(): Promise<ScaleServer> {
  const child = fork(SERVER_FILE, ['--serve'], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const waiters: { op: Reply['op']; resolve: (reply: Reply) => void }[] = [];
  child.on('message', (reply: Reply) => {
    const index = waiters.findIndex((waiter) => waiter.op === reply.op);
    if (index >= 0) waiters.splice(index, 1)[0]?.resolve(reply);
  });
  const exited = new Promise<never>((_, reject) => child.once('exit', (code) => reject(new Error(`the scale server exited (code ${String(code)})`))));
  exited.catch(() => undefined);
  const next = <K extends Reply['op']>(op: K): Promise<Extract<Reply, { op: K }>> =>
    Promise.race([exited, new Promise<Reply>((resolve) => waiters.push({ op, resolve }))]) as Promise<Extract<Reply, { op: K }>>;
  const send = (command: Command): void => void child.send(command);
  const ready = await next('ready');
  return {
    baseUrl: ready.baseUrl,
    stream: (intervalMs, urlContains) => send({ op: 'stream', intervalMs, urlContains }),
    stopStream: async () => {
      const stopped = next('stopped');
      send({ op: 'stopStream' });
      const reply = await stopped;
      return reply.wallMs > 0 ? reply.cpuMicros / 1000 / reply.wallMs : Number.NaN;
    },
    close: async () => {
      const closed = next('closed');
      send({ op: 'close' });
      await closed;
      await new Promise<void>((resolve) => (child.exitCode === null ? child.once('exit', () => resolve()) : resolve()));
    },
  };
}

/** The server itself, in the child process. */
async function serve(): Promise<void> {
  const reply = (message: Reply): void => void process.send?.(message);
  const server = new WebSocketServer({ host: '127.0.0.1', port: 0, maxPayload: 16 * 1024 * 1024 });
  await new Promise<void>((resolve) => server.once('listening', () => resolve()));
  const sessions = new Map<WebSocket, string>();
  const setupComplete = Buffer.from(JSON.stringify({ setupComplete: {} }));
  server.on('connection', (socket, request) => {
    socket.once('message', () => {
      sessions.set(socket, request.url ?? '');
      socket.send(setupComplete, { binary: false });
    });
    socket.on('error', () => undefined);
    socket.on('close', () => sessions.delete(socket));
  });
  let streaming: { timer: ReturnType<typeof setInterval>; cpu: NodeJS.CpuUsage; started: number } | undefined;
  const stopStream = (): { cpuMicros: number; wallMs: number } => {
    if (streaming === undefined) return { cpuMicros: 0, wallMs: 0 };
    clearInterval(streaming.timer);
    const used = process.cpuUsage(streaming.cpu);
    const wallMs = performance.now() - streaming.started;
    streaming = undefined;
    return { cpuMicros: used.user + used.system, wallMs };
  };
  process.on('message', (command: Command) => {
    switch (command.op) {
      case 'stream': {
        stopStream();
        let tick = 0;
        const timer = setInterval(() => {
          // One serialisation per tick, shared by its sessions: the server's cost should stay small.
          const frame = Buffer.from(JSON.stringify(stampedAudioMessage(nowMicros())));
          const slice = tick++ % STREAM_SLICES;
          let index = 0;
          for (const [socket, url] of sessions) {
            if (index++ % STREAM_SLICES !== slice) continue;
            if (command.urlContains === undefined || url.includes(command.urlContains)) socket.send(frame, { binary: false });
          }
        }, command.intervalMs / STREAM_SLICES);
        streaming = { timer, cpu: process.cpuUsage(), started: performance.now() };
        return;
      }
      case 'stopStream':
        return reply({ op: 'stopped', ...stopStream() });
      case 'close':
        stopStream();
        for (const socket of sessions.keys()) socket.terminate();
        server.close(() => {
          reply({ op: 'closed' });
          process.disconnect();
        });
        return;
    }
  });
  process.on('disconnect', () => process.exit(0));
  reply({ op: 'ready', baseUrl: `http://127.0.0.1:${(server.address() as { port: number }).port}` });
}

if (process.argv.includes('--serve')) await serve();
