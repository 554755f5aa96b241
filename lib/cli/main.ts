#!/usr/bin/env node
/**
 * `npm start` and `npx rx-gemini-live`: the voice session (default) or the emulator. Errors end
 * with one line on stderr and exit code 1 (2 for bad arguments); Ctrl-C closes the session with 1000.
 */
import { access, mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, extname, join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { readWav, downmixToMono } from '../audio/wav';
import { liveSession } from '../node';
import { startEmulator } from '../testing/emulator/startEmulator';
import { redactSecrets } from '../transport/redact';
import { type CliCommand, CliUsageError, parseCliArgs, USAGE } from './args';
import { chatSummaryLines, runChat } from './chat';
import { emulatorTiming } from './emulatorTiming';
import { type Terminal, terminal } from './terminal';
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

  if (command.kind === 'chat') return chat(command, out);

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

  const backend = await connectBackend(command.model, command.fast, out);
  const interrupt = new AbortController();
  const onSigint = (): void => interrupt.abort();
  process.once('SIGINT', onSigint);
  try {
    const summary = await runVoiceSession({
      connect: liveSession,
      session: backend.session,
      voice: command.voice,
      question,
      fast: command.fast,
      turns: command.turns,
      terminal: out,
      signal: interrupt.signal,
    });
    const paths: string[] = [];
    for (const [index, reply] of summary.replies.entries()) {
      if (reply.wav.length === 0) continue;
      const path = summary.replies.length === 1 && command.turns === 1 ? command.out : numbered(command.out, index + 1);
      await writeReply(path, reply.wav);
      paths.push(path);
    }
    if (summary.aborted) {
      out.line('interrupted: session closed with code 1000');
      if (summary.metrics.length > 0) for (const line of summaryLines(summary, paths)) out.line(line);
      return 130;
    }
    for (const line of summaryLines(summary, paths)) out.line(line);
    return 0;
  } finally {
    process.off('SIGINT', onSigint);
    await backend.close();
  }
}

/** The emulator, unless GEMINI_API_KEY is set; the session options that reach it. */
async function connectBackend(model: string, fast: boolean, out: Terminal) {
  const apiKey = process.env.GEMINI_API_KEY;
  const emulator = apiKey === undefined || apiKey === '' ? await startEmulator({ timing: emulatorTiming(fast) }) : undefined;
  out.line(emulator === undefined ? `Talking to the Gemini Live API (${model})` : `No GEMINI_API_KEY: talking to the embedded Live API emulator at ${emulator.baseUrl}`);
  return {
    session: { model, apiKey: emulator === undefined ? apiKey : 'emulator-key', baseUrl: emulator?.baseUrl, apiVersion: 'v1beta' },
    close: async () => emulator?.close(),
  };
}

async function writeReply(path: string, wav: Uint8Array): Promise<void> {
  await mkdir(dirname(resolve(path)), { recursive: true });
  await writeFile(path, wav);
}

/** `out/reply.wav` → `out/reply-2.wav`. */
function numbered(path: string, turn: number): string {
  const extension = extname(path);
  return `${path.slice(0, path.length - extension.length)}-${turn}${extension}`;
}

/** `--chat`: questions from stdin, one held conversation, a WAV per answer in the out folder. */
async function chat(command: Extract<CliCommand, { kind: 'chat' }>, out: Terminal): Promise<number> {
  const backend = await connectBackend(command.model, command.fast, out);
  const interrupt = new AbortController();
  const onSigint = (): void => interrupt.abort();
  process.once('SIGINT', onSigint);
  const input = createInterface({ input: process.stdin, terminal: false });
  try {
    const summary = await runChat({
      connect: liveSession,
      session: backend.session,
      voice: command.voice,
      lines: input,
      terminal: out,
      signal: interrupt.signal,
      saveReply: async (turn, wav) => {
        const path = join(command.outDir, `chat-${turn}.wav`);
        await writeReply(path, wav);
        return path;
      },
    });
    if (summary.aborted) out.line('interrupted: session closed with code 1000');
    for (const line of chatSummaryLines(summary)) out.line(line);
    return summary.aborted ? 130 : 0;
  } finally {
    input.close();
    process.off('SIGINT', onSigint);
    await backend.close();
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
