/**
 * Command-line arguments of `npm start` / `npx rx-gemini-live`. Bad arguments become a
 * `CliUsageError` with one line to print, never a stack trace.
 */
import { parseArgs } from 'node:util';

/** The main job's defaults: a native-audio model and one of its prebuilt voices. */
export const DEFAULT_MODEL = 'gemini-2.5-flash-native-audio-preview-09-2025';
export const DEFAULT_VOICE = 'Kore';
export const DEFAULT_OUT = 'out/reply.wav';
export const DEFAULT_CHAT_OUT = 'out';
/** More turns than anyone waits for in one run: the CLI is a demo, not a load test. */
const MAX_TURNS = 100;

export type CliCommand =
  | {
      readonly kind: 'voice';
      /** A text turn instead of the spoken question. */
      readonly text: string | undefined;
      /** The spoken question; the shipped one when absent. */
      readonly wav: string | undefined;
      readonly out: string;
      readonly model: string;
      readonly voice: string;
      /** Stream the audio as fast as the socket takes it instead of in real time. */
      readonly fast: boolean;
      /** How many times the question is asked in one held conversation. */
      readonly turns: number;
    }
  | {
      readonly kind: 'chat';
      /** The folder where each answer is written as `chat-<turn>.wav`. */
      readonly outDir: string;
      readonly model: string;
      readonly voice: string;
      /** No emulator delays. */
      readonly fast: boolean;
    }
  | { readonly kind: 'emulator'; readonly port: number; readonly host: string }
  | { readonly kind: 'help' };

/** Wrong arguments; the message is one line for the terminal. */
export class CliUsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CliUsageError';
  }
}

export const USAGE = `Usage:
  npm start -- [options]                 a voice session (the emulator unless GEMINI_API_KEY is set)
  npm start -- --chat [options]          a typed conversation with spoken answers
  npx rx-gemini-live [voice] [options]   the same, from an installed package
  npx rx-gemini-live emulator [--port N] [--host H]
                                         run the Live API emulator until Ctrl-C

Voice options:
  --text "…"     send a text turn instead of the spoken question
  --wav FILE     the spoken question to stream (PCM16 WAV, any rate; default: the shipped one)
  --out FILE     where to write the model's spoken reply (default: ${DEFAULT_OUT}; -N per turn with --turns)
  --model NAME   the Live model (default: ${DEFAULT_MODEL})
  --voice NAME   the prebuilt voice (default: ${DEFAULT_VOICE})
  --fast         stream as fast as possible instead of in real time
  --turns N      ask the question N times in one held conversation and print a metrics table
  --chat         type questions, read and hear the answers (a WAV per turn in --out, default ${DEFAULT_CHAT_OUT}/);
                 /quit or Ctrl-C ends the conversation and prints the metrics
  --help         show this help

Environment:
  GEMINI_API_KEY   talk to Google instead of the embedded emulator`;

/** Reads `argv` (without `node` and the script). */
export function parseCliArgs(argv: readonly string[]): CliCommand {
  const [first, ...rest] = argv;
  const command = first === 'emulator' || first === 'voice' ? first : 'voice';
  const args = command === first ? rest : [...argv];
  let parsed: ReturnType<typeof parseVoice> | ReturnType<typeof parseEmulator>;
  try {
    parsed = command === 'emulator' ? parseEmulator(args) : parseVoice(args);
  } catch (error) {
    // node:util's messages are already one line ("Unknown option '--x'").
    throw new CliUsageError(error instanceof Error ? error.message.replace(/\. To specify a positional argument.*$/, '') : String(error));
  }
  if (parsed.values.help === true) return { kind: 'help' };
  if (command === 'emulator') {
    const { port, host } = parsed.values as { port?: string; host?: string };
    return { kind: 'emulator', port: parsePort(port ?? '0'), host: host ?? '127.0.0.1' };
  }
  const values = parsed.values as { text?: string; wav?: string; out?: string; model?: string; voice?: string; fast?: boolean; turns?: string; chat?: boolean };
  if (values.text !== undefined && values.wav !== undefined) throw new CliUsageError('give either --text or --wav, not both');
  if (values.chat === true && (values.text !== undefined || values.wav !== undefined || values.turns !== undefined)) {
    throw new CliUsageError('--chat reads the questions from the keyboard: leave out --text, --wav and --turns');
  }
  if (values.text !== undefined && values.text.trim() === '') throw new CliUsageError('--text needs some words');
  for (const name of ['model', 'voice', 'out', 'wav'] as const) {
    if (values[name] !== undefined && values[name].trim() === '') throw new CliUsageError(`--${name} needs a value`);
  }
  if (values.chat === true) {
    return { kind: 'chat', outDir: values.out ?? DEFAULT_CHAT_OUT, model: values.model ?? DEFAULT_MODEL, voice: values.voice ?? DEFAULT_VOICE, fast: values.fast === true };
  }
  return {
    kind: 'voice',
    text: values.text,
    wav: values.wav,
    out: values.out ?? DEFAULT_OUT,
    model: values.model ?? DEFAULT_MODEL,
    voice: values.voice ?? DEFAULT_VOICE,
    fast: values.fast === true,
    turns: values.turns === undefined ? 1 : parseTurns(values.turns),
  };
}

function parseTurns(text: string): number {
  const turns = Number(text);
  if (!/^\d+$/.test(text) || turns < 1 || turns > MAX_TURNS) throw new CliUsageError(`--turns must be a number from 1 to ${MAX_TURNS}, got "${text}"`);
  return turns;
}

function parseVoice(args: string[]) {
  return parseArgs({
    args,
    strict: true,
    allowPositionals: false,
    options: {
      text: { type: 'string' },
      wav: { type: 'string' },
      out: { type: 'string' },
      model: { type: 'string' },
      voice: { type: 'string' },
      fast: { type: 'boolean' },
      turns: { type: 'string' },
      chat: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  });
}

function parseEmulator(args: string[]) {
  return parseArgs({
    args,
    strict: true,
    allowPositionals: false,
    options: { port: { type: 'string' }, host: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
  });
}

function parsePort(text: string): number {
  const port = Number(text);
  if (!/^\d+$/.test(text) || port > 65535) throw new CliUsageError(`--port must be a number from 0 to 65535, got "${text}"`);
  return port;
}
