#!/usr/bin/env node
/**
 * `npm start` and `npx rx-gemini-live`: the voice session (default) or the emulator. Errors end
 * with one line on stderr and exit code 1 (2 for bad arguments); Ctrl-C closes the session with 1000.
 */
import { access, mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readWav, downmixToMono } from '../audio/wav';
import { liveSession } from '../node';
import { startEmulator } from '../testing/emulator/startEmulator';
import { redactSecrets } from '../transport/redact';
import { CliUsageError, parseCliArgs, USAGE } from './args';
import { emulatorTiming } from './emulatorCommand';
import { terminal } from './terminal';
import { type Question, runVoiceSession, summaryLines } from './voiceSession';

/** The shipped question, found from this file in `lib/cli/` (sources) or `dist/` (package). */
async function shippedQuestion(): Promise<string> {
  const here = dirname(fileURLToPath(import.meta.url));
  for (const candidate of [resolve(here, '../../assets/question.wav'), resolve(here, '../assets/question.wav')]) {
    try {
      await access(candidate);
      return candidate;
    } catch {
      // Try the next layout.
    }
  }
  throw new Error('the shipped question assets/question.wav is missing; pass --wav FILE');
}

async function main(argv: readonly string[]): Promise<number> {
  const command = parseCliArgs(argv);
  const out = terminal(process.stdout);
  if (command.kind === 'help') {
    out.line(USAGE);
    return 0;
  }
  if (command.kind === 'emulator') {
    const emulator = await startEmulator({ port: command.port, host: command.host, timing: emulatorTiming(false) });
    out.line(`Live API emulator listening on ${emulator.baseUrl} (Ctrl-C to stop)`);
    out.line(`  liveSession({ model, apiKey: 'any', baseUrl: '${emulator.baseUrl}' })`);
    await new Promise<void>((done) => process.once('SIGINT', () => done()));
    await emulator.close();
    out.line('emulator stopped');
    return 0;
  }

  let question: Question;
  if (command.text !== undefined) {
    question = { kind: 'text', text: command.text };
  } else {
    const path = command.wav ?? (await shippedQuestion());
    let bytes: Uint8Array;
    try {
      bytes = await readFile(path);
    } catch {
      throw new CliUsageError(`cannot read the WAV file ${path}`);
    }
    const wav = readWav(bytes);
    question = { kind: 'speech', samples: downmixToMono(wav.samples, wav.channelCount), sampleRate: wav.sampleRate };
    out.line(`question: ${path} (${(wav.samples.length / wav.channelCount / wav.sampleRate).toFixed(2)} s at ${wav.sampleRate} Hz)`);
  }

  const apiKey = process.env.GEMINI_API_KEY;
  const emulator = apiKey === undefined || apiKey === '' ? await startEmulator({ timing: emulatorTiming(command.fast) }) : undefined;
  out.line(emulator === undefined ? `Talking to the Gemini Live API (${command.model})` : `No GEMINI_API_KEY: talking to the embedded Live API emulator at ${emulator.baseUrl}`);
  const interrupt = new AbortController();
  const onSigint = (): void => interrupt.abort();
  process.once('SIGINT', onSigint);
  try {
    const summary = await runVoiceSession({
      connect: liveSession,
      session: { model: command.model, apiKey: apiKey ?? 'emulator-key', baseUrl: emulator?.baseUrl, apiVersion: 'v1beta' },
      voice: command.voice,
      question,
      fast: command.fast,
      terminal: out,
      signal: interrupt.signal,
    });
    if (summary.aborted) {
      out.line('interrupted: session closed with code 1000');
      return 130;
    }
    let replyPath: string | undefined;
    if (summary.replyWav.length > 0) {
      replyPath = command.out;
      await mkdir(dirname(resolve(replyPath)), { recursive: true });
      await writeFile(replyPath, summary.replyWav);
    }
    for (const line of summaryLines(summary, replyPath)) out.line(line);
    return 0;
  } finally {
    process.off('SIGINT', onSigint);
    await emulator?.close();
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    const message = error instanceof Error ? error.message : String(error);
    const key = process.env.GEMINI_API_KEY;
    process.stderr.write(`rx-gemini-live: ${redactSecrets(message, key === undefined ? [] : [key])}\n`);
    if (error instanceof CliUsageError) process.stderr.write('Run with --help for the options.\n');
    process.exitCode = error instanceof CliUsageError ? 2 : 1;
  },
);
