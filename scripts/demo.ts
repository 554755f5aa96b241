/**
 * Stand-in main job until the Live API emulator lands: a short scripted text session through the
 * real `liveSession` against a tiny in-process server on 127.0.0.1 (or Google when GEMINI_API_KEY is
 * set).
 */
import type { AddressInfo } from 'node:net';
import { filter, map, takeWhile } from 'rxjs';
import { WebSocketServer } from 'ws';
import { liveSession } from '../lib/node';

const question = 'What is the capital of France?';
const answer = ['The capital ', 'of France ', 'is Paris.'];

async function startLocalServer(): Promise<{ baseUrl: string; close(): Promise<void> }> {
  const server = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  await new Promise<void>((resolve) => server.once('listening', resolve));
  server.on('connection', (socket) => {
    const send = (message: unknown): void => socket.send(Buffer.from(`${JSON.stringify(message, null, 2)}\n`), { binary: true });
    socket.on('message', (data) => {
      const frame = JSON.parse(String(data)) as Record<string, unknown>;
      if ('setup' in frame) send({ setupComplete: {} });
      if ('clientContent' in frame) {
        for (const text of answer) send({ serverContent: { modelTurn: { parts: [{ text }] } } });
        send({ serverContent: { generationComplete: true } });
        send({ serverContent: { turnComplete: true }, usageMetadata: { promptTokenCount: 8, responseTokenCount: 7, totalTokenCount: 15 } });
      }
    });
  });
  return {
    baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () =>
      new Promise((resolve) => {
        for (const client of server.clients) client.terminate();
        server.close(() => resolve());
      }),
  };
}

async function main(): Promise<void> {
  const apiKey = process.env.GEMINI_API_KEY;
  const local = apiKey === undefined ? await startLocalServer() : undefined;
  console.log(local === undefined ? 'Talking to the Gemini Live API' : `No GEMINI_API_KEY: talking to a local test server at ${local.baseUrl}`);
  const session = liveSession({
    model: 'gemini-live-2.5-flash-preview',
    apiKey: apiKey ?? 'local-test-key',
    apiVersion: 'v1beta',
    baseUrl: local?.baseUrl,
    config: { responseModalities: ['TEXT'] },
  });
  session.state$.subscribe((state) => console.log(`[state] ${state.status}`));
  session.clientContent.next({ turns: question });
  console.log(`> ${question}`);
  const started = Date.now();
  await new Promise<void>((resolve, reject) => {
    session
      .pipe(
        takeWhile((message) => message.serverContent?.turnComplete !== true, true),
        map((message) => message.serverContent?.modelTurn?.parts?.map((part) => part.text ?? '').join('') ?? ''),
        filter((text) => text !== ''),
      )
      .subscribe({ next: (text) => process.stdout.write(text), error: reject, complete: resolve });
  });
  console.log(`\nTurn complete in ${Date.now() - started} ms; ${session.stats.framesSent} frame(s) sent.`);
  await local?.close();
}

main().catch((error: unknown) => {
  console.error(`error: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
