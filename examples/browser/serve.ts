/**
 * Runs the demo pages locally:
 *   npx tsx examples/browser/serve.ts                         (against the Live API emulator)
 *   GEMINI_API_KEY=… npx tsx examples/browser/serve.ts        (against Google)
 * then open the printed address in a browser with a microphone. The demo page gets a one-use
 * ephemeral token from this server's `POST /api/token` before each connection; the API key stays
 * in this process. Ctrl-C stops everything.
 */
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startEmulator } from '../../lib/testing';
import { buildAngularExample } from '../angular/build.mjs';
import { buildDemo } from './build.mjs';
import { serveStatic } from './staticServer';
import { tokenRoute } from './tokenServer';

const MODEL = 'gemini-2.5-flash-native-audio-preview-09-2025';
/** Stands in for a real key when the emulator plays the service; it checks it all the same. */
const EMULATOR_KEY = 'local-demo-key';

const googleKey = process.env.GEMINI_API_KEY;
const site = await buildDemo();
await buildAngularExample(join(fileURLToPath(new URL('.', import.meta.url)), 'dist/angular'));
const emulator = googleKey === undefined || googleKey === '' ? await startEmulator({ apiKeys: [EMULATOR_KEY], timing: { chunkIntervalMs: 40 } }) : undefined;
const route = tokenRoute({ apiKey: emulator === undefined ? (googleKey as string) : EMULATOR_KEY, baseUrl: emulator?.baseUrl, model: MODEL });
const server = await serveStatic(site, Number(process.env.PORT ?? 8080), route);
const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
const emulatorQuery = emulator === undefined ? '' : `?emulator=${encodeURIComponent(emulator.baseUrl)}`;
console.log(`browser demo:    ${origin}/${emulatorQuery}`);
if (emulator !== undefined) {
  // The Angular example has no token server of its own: it uses the local-development shortcut.
  console.log(`Angular example: ${origin}/angular/${emulatorQuery}&key=${EMULATOR_KEY}`);
}
process.once('SIGINT', () => {
  server.close();
  void (emulator?.close() ?? Promise.resolve()).then(() => process.exit(0));
});
