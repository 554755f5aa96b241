import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { WebSocketServer } from 'ws';
import { LiveWebSocketUnavailableError } from '../../lib/errors';
import { globalWebSocketFactory } from '../../lib/transport/globalWebSocket';
import type { SocketRequest } from '../../lib/transport/webSocketLike';

/** A stand-in for the WHATWG constructor that records how it was called. */
class StubWebSocket {
  static readonly created: StubWebSocket[] = [];
  readonly constructorArguments: unknown[];
  readyState = 0;
  bufferedAmount = 0;
  binaryType = 'blob';
  onopen = null;
  onmessage = null;
  onerror = null;
  onclose = null;

  constructor(...constructorArguments: unknown[]) {
    this.constructorArguments = constructorArguments;
    StubWebSocket.created.push(this);
  }

  send(): void {}
  close(): void {}
}

const runtime = globalThis as { WebSocket?: unknown };
const hadWebSocket = Object.prototype.hasOwnProperty.call(globalThis, 'WebSocket');
const originalWebSocket = runtime.WebSocket;

/** Installs `value` as `globalThis.WebSocket` for one test. */
function installGlobalWebSocket(value: unknown): void {
  runtime.WebSocket = value;
}

afterEach(() => {
  if (hadWebSocket) runtime.WebSocket = originalWebSocket;
  else delete runtime.WebSocket;
  StubWebSocket.created.length = 0;
});

const request: SocketRequest = {
  url: 'wss://generativelanguage.googleapis.com/ws/x?key=k',
  headers: { 'content-type': 'application/json', authorization: 'Bearer not-sendable' },
};

describe('globalWebSocketFactory', () => {
  it('throws LiveWebSocketUnavailableError when the runtime has no WebSocket', () => {
    delete runtime.WebSocket;
    expect(() => globalWebSocketFactory(request)).toThrow(LiveWebSocketUnavailableError);
  });

  it('throws LiveWebSocketUnavailableError when globalThis.WebSocket is not a constructor', () => {
    installGlobalWebSocket({});
    expect(() => globalWebSocketFactory(request)).toThrow(LiveWebSocketUnavailableError);
  });

  it('looks the constructor up at call time, so one installed after import is used', () => {
    delete runtime.WebSocket;
    expect(() => globalWebSocketFactory(request)).toThrow(LiveWebSocketUnavailableError);
    installGlobalWebSocket(StubWebSocket);
    const socket = globalWebSocketFactory(request);
    expect(socket).toBe(StubWebSocket.created[0]);
  });

  it('passes only the URL (browsers cannot send headers) and does not throw over headers', () => {
    installGlobalWebSocket(StubWebSocket);
    globalWebSocketFactory(request);
    expect(StubWebSocket.created[0]?.constructorArguments).toEqual([request.url]);
  });

  it('sets binaryType to arraybuffer before handing the socket over', () => {
    installGlobalWebSocket(StubWebSocket);
    const socket = globalWebSocketFactory(request);
    expect(socket.binaryType).toBe('arraybuffer');
  });

  it('lets a constructor error (e.g. a SyntaxError for a bad URL) through', () => {
    installGlobalWebSocket(
      class {
        constructor() {
          throw new SyntaxError('Invalid URL');
        }
      },
    );
    expect(() => globalWebSocketFactory(request)).toThrow(SyntaxError);
  });
});

/**
 * Runs the factory in a child Node started with `--experimental-websocket`, so it meets a real WHATWG
 * WebSocket (undici's, what Node 22 exposes by default), and reports what the socket saw.
 */
function runWithRuntimeWebSocket(url: string): Promise<unknown> {
  // Node 20 needs the flag; later versions have the global by default and may drop the flag.
  const websocketFlag = process.allowedNodeEnvironmentFlags.has('--experimental-websocket') ? ['--experimental-websocket'] : [];
  const modulePath = join(__dirname, '..', '..', 'lib', 'transport', 'globalWebSocket.ts');
  const script = `
    const { globalWebSocketFactory } = await import(${JSON.stringify(modulePath)});
    const socket = globalWebSocketFactory({ url: process.argv[1], headers: { 'x-not-sent': 'yes' } });
    const seen = { binaryTypeAtOnce: socket.binaryType, frames: [] };
    socket.onmessage = (event) => seen.frames.push([Object.prototype.toString.call(event.data), typeof event.data === 'string' ? event.data : new TextDecoder().decode(event.data)]);
    socket.onclose = (event) => { seen.close = { code: event.code, reason: event.reason }; console.log(JSON.stringify(seen)); };
  `;
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [...websocketFlag, '--no-warnings', '--import', 'tsx', '--input-type=module', '--eval', script, url],
      { cwd: join(__dirname, '..', '..'), stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += String(chunk)));
    child.stderr.on('data', (chunk: Buffer) => (stderr += String(chunk)));
    child.on('error', reject);
    child.on('close', (code) => {
      if (code !== 0 || stdout.trim() === '') reject(new Error(`child exited with ${String(code)}: ${stderr}`));
      else resolve(JSON.parse(stdout) as unknown);
    });
  });
}

describe('globalWebSocketFactory with a real WHATWG WebSocket (Node --experimental-websocket)', () => {
  it('receives binary frames as ArrayBuffers and text frames as strings, and sends no custom headers', async () => {
    const server = new WebSocketServer({ host: '127.0.0.1', port: 0 });
    try {
      await new Promise<void>((resolve) => server.once('listening', () => resolve()));
      const upgradeHeaders: Record<string, unknown>[] = [];
      server.on('connection', (peer, upgrade) => {
        upgradeHeaders.push(upgrade.headers);
        peer.send(Buffer.from('{"setupComplete":{}}'), { binary: true });
        peer.send('{"text":1}');
        peer.close(1011, 'Internal error encountered.');
      });
      const { port } = server.address() as { port: number };
      const seen = await runWithRuntimeWebSocket(`ws://127.0.0.1:${port}/ws/x`);
      expect(seen).toEqual({
        binaryTypeAtOnce: 'arraybuffer',
        frames: [
          ['[object ArrayBuffer]', '{"setupComplete":{}}'],
          ['[object String]', '{"text":1}'],
        ],
        close: { code: 1011, reason: 'Internal error encountered.' },
      });
      expect(upgradeHeaders[0]?.['x-not-sent']).toBeUndefined();
    } finally {
      for (const client of server.clients) client.terminate();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });
});
