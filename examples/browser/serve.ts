/**
 * Runs the demo pages locally against the Live API emulator:
 *   npx tsx examples/browser/serve.ts
 * then open the printed address in a browser with a microphone. Ctrl-C stops everything.
 */
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startEmulator } from '../../lib/testing';
import { buildAngularExample } from '../angular/build.mjs';
import { buildDemo } from './build.mjs';
import { serveStatic } from './staticServer';

const site = await buildDemo();
await buildAngularExample(join(fileURLToPath(new URL('.', import.meta.url)), 'dist/angular'));
const emulator = await startEmulator({ timing: { chunkIntervalMs: 40 } });
const server = await serveStatic(site, Number(process.env.PORT ?? 8080));
const query = `?emulator=${encodeURIComponent(emulator.baseUrl)}&key=local-demo-key`;
const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
console.log(`browser demo:    ${origin}/${query}`);
console.log(`Angular example: ${origin}/angular/${query}`);
process.once('SIGINT', () => {
  server.close();
  void emulator.close().then(() => process.exit(0));
});
