/**
 * The Live API emulator on its own thread. Benchmarks measure the client; an emulator on the same
 * event loop would add its own CPU time and heap to every number. On a worker thread it has its own
 * isolate (so `heapUsed` on the main thread is the clients' alone) and runs in parallel, while still
 * being one process run on 127.0.0.1.
 *
 * Commands arrive by `postMessage` (see `WorkerCommand`); floods signal their end through a shared
 * `Int32Array`, so the main thread can block on `Atomics.wait` while the frames pile up in its socket
 * buffers and then time only its own decoding.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { startEmulator } from '../lib/testing/emulator/startEmulator';
import type { EmulatorOptions } from '../lib/testing/emulator/options';
import type { EmulatorMessage } from '../lib/testing/emulator/replyPlan';
import { audioMessage, nowMicros, stampedAudioMessage, stampedTextMessage, textMessage, type FrameKind, type WorkerCommand, type WorkerData, type WorkerReply } from './frames';

const port = parentPort;
if (port === null) throw new Error('bench/emulatorWorker.ts runs as a worker thread');
const data = workerData as WorkerData;
const done = new Int32Array(data.signal);
const options: EmulatorOptions = { record: false, ...data.options };

const emulator = await startEmulator(options);
const reply = (message: WorkerReply): void => port.postMessage(message);
let streaming: ReturnType<typeof setInterval> | undefined;

function flood(connection: number, kind: FrameKind, count: number): void {
  const target = emulator.connections[connection - 1];
  // One message object for the whole flood: the emulator keeps every message it sends, and shared
  // references keep that list small.
  const message: EmulatorMessage = kind === 'text' ? textMessage : audioMessage;
  if (target !== undefined) for (let index = 0; index < count; index++) target.send(message);
  Atomics.store(done, 0, 1);
  Atomics.notify(done, 0);
}

function stamp(connection: number, kind: FrameKind): void {
  const target = emulator.connections[connection - 1];
  target?.send(kind === 'text' ? stampedTextMessage(nowMicros()) : stampedAudioMessage(nowMicros()));
}

/** Every `intervalMs`, `framesPerTick` stamped 40 ms audio frames to every open connection (of one client). */
function stream(intervalMs: number, framesPerTick: number, urlContains: string | undefined): void {
  stopStream();
  streaming = setInterval(() => {
    for (const connection of emulator.connections) {
      if (!connection.open || (urlContains !== undefined && !connection.url.includes(urlContains))) continue;
      for (let frame = 0; frame < framesPerTick; frame++) connection.send(stampedAudioMessage(nowMicros()));
    }
  }, intervalMs);
}

function stopStream(): void {
  if (streaming !== undefined) clearInterval(streaming);
  streaming = undefined;
}

port.on('message', (command: WorkerCommand) => {
  switch (command.op) {
    case 'flood':
      return flood(command.connection, command.kind, command.count);
    case 'stamp':
      return stamp(command.connection, command.kind);
    case 'stream':
      return stream(command.intervalMs, command.framesPerTick, command.urlContains);
    case 'stopStream':
      stopStream();
      return reply({ op: 'stopped' });
    case 'count':
      return reply({ op: 'count', connections: emulator.connections.length, open: emulator.connections.filter((connection) => connection.open).length });
    case 'close':
      stopStream();
      void emulator.close().then(() => {
        reply({ op: 'closed' });
        port.close();
      });
      return;
  }
});

reply({ op: 'ready', baseUrl: emulator.baseUrl });
