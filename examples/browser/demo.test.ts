/**
 * The browser tier (DESIGN.md §7): the demo page in Debian's Chromium, driven by playwright-core,
 * talking to the Live API emulator on 127.0.0.1. Chromium's fake microphone plays the shipped WAV (a
 * spoken question, then silence, looped), so the whole path runs for real: getUserMedia → AudioWorklet
 * → resampler → WebSocket → emulator VAD → model audio → Web Audio playback → barge-in flush.
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

const root = fileURLToPath(new URL('../..', import.meta.url));
const question = join(root, 'examples/browser/assets/question.wav');
const outputDir = join(root, 'test-output');
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
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
  const pageErrors: string[] = [];

  before(async () => {
    siteDir = await mkdtemp(join(tmpdir(), 'rx-gemini-live-demo-'));
    await buildDemo(siteDir);
    await buildAngularExample(join(siteDir, 'angular'));
    server = await serveStatic(siteDir);
    emulator = await startEmulator({
      // Twice real time: playback builds up a queue for the barge-in to flush.
      timing: { chunkIntervalMs: 20, audioChunkMs: 40 },
      scenario: { reply: () => REPLY },
    });
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
    query = `?emulator=${encodeURIComponent(emulator.baseUrl)}&key=AIzaBrowserDemoFakeKey0000000000000001`;
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
    await opened.goto(`${origin}${path}`);
    return opened;
  }

  it('hears the spoken question as 16 kHz PCM, shows the transcript and the reply, plays it, and flushes on barge-in', async () => {
    const page = await openPage(`/${query}&mode=vad`);
    const next = emulator.connections.length + 1;
    await page.click('#connect');
    const connection = await emulator.connection(next);
    await page.waitForSelector('#status[data-status="open"]');

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
    const page = await openPage(`/angular/${query}`);
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
