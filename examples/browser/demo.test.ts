/**
 * The browser tier (DESIGN.md §7): the demo page in Debian's Chromium, driven by playwright-core,
 * talking to the Live API emulator on 127.0.0.1. Chromium's fake microphone plays the shipped WAV (a
 * spoken question, then silence, looped), so the whole path runs for real: getUserMedia → AudioWorklet
 * → resampler → WebSocket → emulator VAD → model audio → Web Audio playback → barge-in flush.
 *
 * The page holds no API key: it gets a one-use ephemeral token from its own server (tokenServer.ts)
 * before each connection, and the emulator checks both the key (when minting) and the token (when
 * connecting). The first test also searches the page's JavaScript, DOM, storage and whole network
 * log, WebSocket frames included, for any trace of the key.
 *
 * Run with `npm run test:browser` (which first makes sure Chromium is installed).
 */
import { copyFile, mkdir, mkdtemp, rm } from 'node:fs/promises';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import assert from 'node:assert/strict';
import { chromium, type Browser, type Page } from 'playwright-core';
import { startEmulator, type LiveEmulator } from '../../lib/testing';
import type { EmulatorConnection } from '../../lib/testing/emulator/emulatorConnection';
import { buildAngularExample } from '../angular/build.mjs';
import { buildDemo } from './build.mjs';
import { serveStatic } from './staticServer';
import { TOKEN_PATH, tokenRoute } from './tokenServer';

const root = fileURLToPath(new URL('../..', import.meta.url));
const question = join(root, 'examples/browser/assets/question.wav');
const outputDir = join(root, 'test-output');
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
/** Only the token server knows it; the emulator refuses to mint for any other. */
const API_KEY = 'AIzaBrowserDemoServerOnlyKey00000000001';
/** Any of these in the page or on its network would mean the key leaked, whole or in part. */
const KEY_TRACES = [API_KEY, API_KEY.slice(4, 20), API_KEY.slice(-16), encodeURIComponent(API_KEY)];
const MODEL = 'gemini-2.5-flash-native-audio-preview-09-2025';
/** Long enough that the looped question comes round again while the reply still streams. */
const REPLY =
  'The capital of France is Paris. It sits on the Seine, has been the capital for most of the last thousand years, and is home to the Louvre, the Eiffel Tower and about two million people.';

/** Polls `check` (in Node) until it returns true, or fails with `what` after `timeoutMs`. */
async function eventually(what: string, check: () => boolean | Promise<boolean>, timeoutMs = 15000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((done) => setTimeout(done, 50));
  }
}

const audioFrames = (connection: EmulatorConnection): { mimeType: string; data: string }[] =>
  connection.received.flatMap((message) => {
    const audio = 'realtimeInput' in message ? message.realtimeInput.audio : undefined;
    return audio?.data === undefined ? [] : [{ mimeType: audio.mimeType ?? '', data: audio.data }];
  });

const videoFrames = (connection: EmulatorConnection): { mimeType: string; data: string }[] =>
  connection.received.flatMap((message) => {
    const video = 'realtimeInput' in message ? message.realtimeInput.video : undefined;
    return video?.data === undefined ? [] : [{ mimeType: video.mimeType ?? '', data: video.data }];
  });

describe('the browser demo in Chromium', { timeout: 60_000 }, () => {
  let emulator: LiveEmulator;
  let server: Server;
  let browser: Browser;
  let origin: string;
  let siteDir: string;
  let query: string;
  let angularQuery: string;
  const pageErrors: string[] = [];
  const mintedTokens: string[] = [];
  /** Everything each page sent and received: URLs, headers, bodies, WebSocket frames. */
  const traffic = new Map<Page, string[]>();

  before(async () => {
    siteDir = await mkdtemp(join(tmpdir(), 'rx-gemini-live-demo-'));
    await buildDemo(siteDir);
    await buildAngularExample(join(siteDir, 'angular'));
    emulator = await startEmulator({
      apiKeys: [API_KEY],
      // Twice real time: playback builds up a queue for the barge-in to flush.
      timing: { chunkIntervalMs: 20, audioChunkMs: 40 },
      scenario: { reply: () => REPLY },
    });
    server = await serveStatic(siteDir, 0, tokenRoute({ apiKey: API_KEY, baseUrl: emulator.baseUrl, model: MODEL, onToken: (name) => mintedTokens.push(name) }));
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      headless: true,
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--use-fake-ui-for-media-stream',
        '--use-fake-device-for-media-stream',
        `--use-file-for-fake-audio-capture=${question}`,
        '--autoplay-policy=no-user-gesture-required',
      ],
    });
    const port = (server.address() as AddressInfo).port;
    origin = `http://127.0.0.1:${port}`;
    query = `?emulator=${encodeURIComponent(emulator.baseUrl)}`;
    // The Angular example has no token server: it takes the local-development shortcut, a key in the URL.
    angularQuery = `${query}&key=${API_KEY}`;
  });

  after(async () => {
    await browser?.close();
    await new Promise<void>((done) => (server === undefined ? done() : server.close(() => done())));
    await emulator?.close();
    if (siteDir !== undefined) await rm(siteDir, { recursive: true, force: true });
  });

  /** A fresh page (own context, so the fake microphone starts at the top of the WAV). */
  async function openPage(path: string): Promise<Page> {
    const context = await browser.newContext({ viewport: { width: 900, height: 900 } });
    const opened = await context.newPage();
    opened.on('pageerror', (error) => pageErrors.push(error.message));
    opened.on('console', (message) => {
      if (message.type() === 'error') pageErrors.push(message.text());
    });
    const log: string[] = [];
    traffic.set(opened, log);
    opened.on('request', (request) => {
      log.push(`${request.method()} ${request.url()} ${JSON.stringify(request.headers())} ${request.postData() ?? ''}`);
    });
    opened.on('response', (response) => {
      log.push(`${response.status()} ${response.url()} ${JSON.stringify(response.headers())}`);
      // Bodies are read as they arrive (the page's scripts among them); some (redirects, media) have none.
      void response.text().then(
        (body) => log.push(body),
        () => undefined,
      );
    });
    opened.on('websocket', (socket) => {
      log.push(`websocket ${socket.url()}`);
      socket.on('framesent', ({ payload }) => log.push(String(payload)));
      socket.on('framereceived', ({ payload }) => log.push(String(payload)));
    });
    await opened.goto(`${origin}${path}`);
    return opened;
  }

  it('hears the spoken question as 16 kHz PCM, shows the transcript and the reply, plays it, and flushes on barge-in', async () => {
    const page = await openPage(`/${query}&mode=vad`);
    const next = emulator.connections.length + 1;
    const tokensBefore = mintedTokens.length;
    await page.click('#connect');
    const connection = await emulator.connection(next);
    await page.waitForSelector('#status[data-status="open"]');

    // The secure flow: the page asked its server for a token and connected with it, not with a key.
    assert.equal(mintedTokens.length, tokensBefore + 1);
    const token = mintedTokens.at(-1) ?? '';
    assert.match(token, /^auth_tokens\//);
    assert.equal(connection.route.credential.kind, 'ephemeralToken');
    assert.equal(connection.route.credential.value, token);
    assert.ok(connection.route.constrained, 'the token opens the Constrained endpoint');
    assert.ok(traffic.get(page)?.some((line) => line.startsWith(`POST ${origin}${TOKEN_PATH}`)), 'the page asked /api/token');

    // The user's speech reached the emulator as 16 kHz PCM16 and its VAD found the question.
    await eventually('the emulator to hear a spoken turn', () => connection.audio.speechEnds >= 1);
    assert.deepEqual([...connection.audio.sampleRates], [16000]);
    const frames = audioFrames(connection);
    assert.ok(frames.length > 10, `expected audio frames, got ${frames.length}`);
    assert.ok(frames.every((frame) => frame.mimeType === 'audio/pcm;rate=16000'));
    // 40 ms frames of 640 samples (1280 bytes → 1708 base64 characters).
    assert.equal(Buffer.from(frames[0]?.data ?? '', 'base64').length, 1280);
    assert.ok(connection.audio.samples >= 16000, `expected at least a second of audio, got ${connection.audio.samples} samples`);

    // The page shows both sides of the conversation.
    await page.waitForFunction(() => document.querySelector('#transcript li.input')?.textContent?.includes('What is the capital of France?') === true);
    await page.waitForFunction(() => document.querySelector('#transcript li.output')?.textContent?.includes('The capital of France is Paris.') === true);

    // Playback started: chunks were scheduled on the AudioContext.
    await page.waitForFunction(() => Number(document.getElementById('speaker')?.dataset.chunks ?? 0) > 0);

    // The looped question comes round while the reply streams: barge-in flushes what was queued.
    await page.waitForFunction(() => Number(document.getElementById('speaker')?.dataset.flushes ?? 0) > 0, undefined, { timeout: 15000 });
    const speaker = await page.$eval('#speaker', (element) => ({ ...(element as HTMLElement).dataset }));
    assert.ok(Number(speaker.flushedMs) > 0, `the flush should cut queued audio, got ${JSON.stringify(speaker)}`);
    assert.ok(
      connection.sent.some((message) => (message.serverContent as { interrupted?: boolean } | undefined)?.interrupted === true),
      'the emulator sent interrupted',
    );
    await page.waitForFunction(() => document.getElementById('log')?.textContent?.includes('playback flushed') === true);

    await mkdir(outputDir, { recursive: true });
    await page.screenshot({ path: join(outputDir, 'browser-demo.png'), fullPage: true });
    if (process.env.UPDATE_DOCS_SCREENSHOT === '1') await copyFile(join(outputDir, 'browser-demo.png'), join(root, 'docs/images/browser-demo.png'));

    // Camera frames go out as JPEG stills for realtimeInput.video.
    await page.click('#camera');
    await eventually('a camera frame', () => videoFrames(connection).length > 0);
    const [frame] = videoFrames(connection);
    assert.equal(frame?.mimeType, 'image/jpeg');
    assert.deepEqual([...Buffer.from(frame?.data ?? '', 'base64').subarray(0, 2)], [0xff, 0xd8]);

    // No trace of the API key anywhere the page can reach: its DOM, its scripts (fetched bodies are in
    // the traffic log), its globals and storage, and every request, response and WebSocket frame.
    const dom = await page.content();
    const globals = await page.evaluate(() => {
      const values: string[] = [document.cookie, JSON.stringify({ ...localStorage }), JSON.stringify({ ...sessionStorage })];
      for (const name of Object.getOwnPropertyNames(window)) {
        try {
          const value: unknown = (window as unknown as Record<string, unknown>)[name];
          if (typeof value === 'string') values.push(value);
        } catch {
          // Some window properties throw on access; they hold no page data.
        }
      }
      values.push(...performance.getEntries().map((entry) => entry.name));
      return values.join('\n');
    });
    // The log is complete enough to catch a leak: it holds the page script, the WebSocket URL with
    // its credential, and the frames.
    const log = traffic.get(page) ?? [];
    assert.ok(log.some((line) => line.startsWith(`200 ${origin}/main.js`)), 'the page script is in the log');
    assert.ok(log.some((line) => line.startsWith('websocket ') && line.includes(`access_token=${token}`)), 'the WebSocket URL is in the log');
    assert.ok(log.some((line) => line.includes('"setup"')), 'the WebSocket frames are in the log');
    for (const [where, text] of [['DOM', dom], ['globals and storage', globals], ['network log', (traffic.get(page) ?? []).join('\n')]] as const) {
      for (const trace of KEY_TRACES) assert.ok(!text.includes(trace), `the API key (or part of it) appears in the page's ${where}`);
    }

    await page.click('#connect');
    assert.equal((await connection.closed).code, 1000);
    await page.context().close();
    assert.deepEqual(pageErrors, []);
  });

  it('push-to-talk: sends audio only while the button is held, between activityStart and activityEnd', async () => {
    const page = await openPage(`/${query}&mode=ptt`);
    const next = emulator.connections.length + 1;
    await page.click('#connect');
    const connection = await emulator.connection(next);
    await page.waitForSelector('#status[data-status="open"]');
    const [setup] = connection.received;
    assert.equal(setup !== undefined && 'setup' in setup ? setup.setup.realtimeInputConfig?.automaticActivityDetection?.disabled : undefined, true);
    // Not held yet: the microphone runs, but nothing is sent.
    await page.waitForFunction(() => document.getElementById('mic')?.textContent?.startsWith('ready') === true);
    await new Promise((done) => setTimeout(done, 300));
    assert.equal(audioFrames(connection).length, 0);

    await page.hover('#talk');
    await page.mouse.down();
    await eventually('two seconds of push-to-talk audio', () => connection.audio.samples >= 32000);
    await page.mouse.up();
    await page.waitForFunction(() => document.querySelector('#transcript li.input')?.textContent?.includes('What is the capital of France?') === true);
    await page.waitForFunction(() => document.querySelector('#transcript li.output')?.textContent?.includes('The capital of France is Paris.') === true);

    const kinds = connection.received.flatMap((message) =>
      'realtimeInput' in message ? Object.keys(message.realtimeInput).filter((key) => key !== 'audioStreamEnd') : [],
    );
    const first = kinds.indexOf('activityStart');
    const last = kinds.lastIndexOf('activityEnd');
    assert.ok(first >= 0 && last > first, `expected activityStart … activityEnd, got ${kinds.join(' ')}`);
    assert.ok(kinds.slice(0, first).every((kind) => kind !== 'audio'), 'no audio before the button was pressed');
    assert.ok(kinds.slice(first + 1, last).includes('audio'));
    assert.deepEqual([...connection.audio.sampleRates], [16000]);

    await page.click('#connect');
    assert.equal((await connection.closed).code, 1000);
    await page.context().close();
    assert.deepEqual(pageErrors, []);
  });

  it('the Angular example, on rx-gemini-live/angular: a typed turn, then a spoken one with its reply played', async () => {
    const page = await openPage(`/angular/${angularQuery}`);
    const next = emulator.connections.length + 1;
    await page.click('button.primary');
    const connection = await emulator.connection(next);
    await page.waitForSelector('.status[data-status="open"]');

    // Text turn: typed, answered in speech, shown through the output transcription.
    await page.fill('input[name="question"]', 'What is the capital of France?');
    await page.click('button[type="submit"]');
    await page.waitForFunction(() => document.querySelector('.transcript li.model:not(.streaming)')?.textContent?.includes('two million people.') === true);
    assert.equal(await page.textContent('.transcript li.user'), 'you What is the capital of France?');
    await page.waitForFunction(() => Number(document.querySelector('.speaker')?.getAttribute('data-chunks') ?? 0) > 0);
    const chunksOfTextTurn = Number(await page.getAttribute('.speaker', 'data-chunks'));

    // Audio turn: the fake microphone speaks the question; the emulator hears it and answers aloud.
    await page.click('button.mic');
    await eventually('the emulator to hear a spoken turn', () => connection.audio.speechEnds >= 1);
    assert.deepEqual([...connection.audio.sampleRates], [16000]);
    await page.waitForFunction(() => document.querySelectorAll('.transcript li.user').length >= 2);
    await page.waitForFunction(() => document.querySelectorAll('.transcript li.model').length >= 2);
    const spoken = await page.$$eval('.transcript li.user', (items) => items.map((item) => item.textContent));
    assert.equal(spoken[1], 'you What is the capital of France?');
    await page.waitForFunction((before) => Number(document.querySelector('.speaker')?.getAttribute('data-chunks') ?? 0) > before, chunksOfTextTurn);

    await mkdir(outputDir, { recursive: true });
    await page.screenshot({ path: join(outputDir, 'angular-example.png') });
    if (process.env.UPDATE_DOCS_SCREENSHOT === '1') await copyFile(join(outputDir, 'angular-example.png'), join(root, 'docs/images/angular-example.png'));

    await page.click('button.hang-up');
    assert.equal((await connection.closed).code, 1000);
    await page.context().close();
    assert.deepEqual(pageErrors, []);
  });
});
