import { execFile, spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { readWav } from '../../lib/audio/wav';
import { liveSession } from '../../lib/node';
import { isTurnComplete, messagesUntil, textOf } from '../support/emulator';

const root = resolve(__dirname, '../..');
const tsx = join(root, 'node_modules/.bin/tsx');

interface Run {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs the command line exactly as `npm start` does, without a Google key; `input` is its stdin. */
function cli(args: string[], input?: string): Promise<Run> {
  const env = { ...process.env };
  delete env.GEMINI_API_KEY;
  return new Promise((done) => {
    const child = execFile(tsx, ['lib/cli/main.ts', ...args], { cwd: root, env, timeout: 30_000 }, (error, stdout, stderr) => {
      done({ code: error === null ? 0 : typeof error.code === 'number' ? error.code : 1, stdout, stderr });
    });
    child.stdin?.end(input ?? '');
  });
}

describe('npm start (lib/cli/main.ts) as a process', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'rx-gemini-live-cli-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('runs the voice session against the embedded emulator and writes a playable reply WAV', async () => {
    const out = join(dir, 'reply.wav');
    const run = await cli(['--fast', '--out', out]);
    expect(run).toMatchObject({ code: 0, stderr: '' });
    expect(run.stdout).toContain('No GEMINI_API_KEY: talking to the embedded Live API emulator at http://127.0.0.1:');
    expect(run.stdout).toContain('you:   What is the capital of France?');
    expect(run.stdout).toContain('model: The capital of France is Paris.');
    expect(run.stdout).toContain(`written to ${out}`);
    expect(run.stdout).toMatch(/latency +\d+ ms/);
    const wav = readWav(readFileSync(out));
    expect(wav).toMatchObject({ sampleRate: 24000, channelCount: 1 });
    expect(wav.samples.length).toBeGreaterThan(24000);
  });

  it('asks the shipped question three times in one held conversation (--turns 3) and prints the metrics table', async () => {
    const out = join(dir, 'reply.wav');
    const run = await cli(['--turns', '3', '--fast', '--out', out]);
    expect(run).toMatchObject({ code: 0, stderr: '' });
    expect(run.stdout.match(/model: The capital of France is Paris\./g)).toHaveLength(3);
    expect(run.stdout).toContain('Turns (turnMetrics)');
    expect(run.stdout).toMatch(/^ {2}turn +turn end +first text +first audio +duration +tokens +audio in +audio out$/m);
    expect(run.stdout).toMatch(/^ {2}3 +app +– +\d+ ms/m);
    expect(run.stdout).toMatch(/time to first audio +p50 \d+ ms +p95 \d+ ms +\(3 turns\)/);
    for (const turn of [1, 2, 3]) expect(readWav(readFileSync(join(dir, `reply-${turn}.wav`))).sampleRate).toBe(24000);
  });

  it.each(['gemini-2.5-flash-native-audio-preview-09-2025', 'gemini-3.1-flash-live-preview'])(
    'chats with typed lines from stdin on %s until /quit, a WAV per answer, metrics at the end',
    async (model) => {
      const run = await cli(['--chat', '--fast', '--model', model, '--out', dir], 'What is the capital of France?\n\nHello there\n/quit\nnever asked\n');
      expect(run).toMatchObject({ code: 0, stderr: '' });
      expect(run.stdout).toContain('model: The capital of France is Paris.');
      expect(run.stdout).toContain('model: Hello! How can I help you today?');
      expect(run.stdout).not.toContain('never asked');
      expect(run.stdout).toMatch(/^ {2}2 +(turnComplete|text) +– +\d+ ms/m);
      expect(run.stdout).toMatch(/time to first audio +p50 \d+ ms +p95 \d+ ms +\(2 turns\)/);
      expect(readWav(readFileSync(join(dir, 'chat-1.wav'))).samples.length).toBeGreaterThan(24000);
      expect(readWav(readFileSync(join(dir, 'chat-2.wav'))).samples.length).toBeGreaterThan(24000);
    },
  );

  it('ends a chat at the end of input as at /quit', async () => {
    const run = await cli(['--chat', '--fast', '--out', dir], 'Hello there\n');
    expect(run).toMatchObject({ code: 0, stderr: '' });
    expect(run.stdout).toMatch(/^ {2}turns +1$/m);
  });

  it('closes a chat with 1000 on Ctrl-C, prints the metrics so far and exits with 130', async () => {
    const env = { ...process.env };
    delete env.GEMINI_API_KEY;
    const child = spawn(tsx, ['lib/cli/main.ts', '--chat', '--fast', '--out', dir], { cwd: root, env, stdio: ['pipe', 'pipe', 'pipe'] });
    try {
      let output = '';
      const exited = once(child, 'exit');
      child.stdin.write('Hello there\n');
      await new Promise<void>((answered) => {
        child.stdout.on('data', (data: Buffer) => {
          output += data.toString();
          if (output.includes('chat-1.wav')) answered();
        });
      });
      child.kill('SIGINT');
      expect(await exited).toEqual([130, null]);
      expect(output).toContain('interrupted: session closed with code 1000');
      expect(output).toMatch(/^ {2}1 +turnComplete +– +\d+ ms/m);
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
    }
  });

  it.each([
    [['--bogus'], 2, "rx-gemini-live: Unknown option '--bogus'"],
    [['--wav', 'no/such/file.wav'], 2, 'rx-gemini-live: cannot read the WAV file no/such/file.wav'],
    [['--wav', 'package.json'], 1, 'rx-gemini-live: Cannot read wav audio: not a RIFF/WAVE file'],
    [['--text', 'hi', '--model', 'gemini-9-ultra', '--fast'], 1, 'rx-gemini-live: The Live server refused the session (policy violation) (code 1008)'],
  ])('fails on %j with one line and exit code %i', async (args, code, message) => {
    const run = await cli(args);
    expect(run.code).toBe(code);
    expect(run.stderr.split('\n')[0]).toContain(message);
    expect(run.stderr).not.toContain('    at ');
  });

  it('prints the usage for --help', async () => {
    const run = await cli(['--help']);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('npx rx-gemini-live emulator [--port N]');
  });

  it('closes the session with 1000 and exits with 130 on Ctrl-C', async () => {
    const env = { ...process.env };
    delete env.GEMINI_API_KEY;
    const child = spawn(tsx, ['lib/cli/main.ts', '--out', join(dir, 'reply.wav')], { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
    try {
      let output = '';
      const exited = once(child, 'exit');
      await new Promise<void>((connected) => {
        child.stdout.on('data', (data: Buffer) => {
          output += data.toString();
          if (output.includes('● connected')) connected();
        });
      });
      child.kill('SIGINT');
      expect(await exited).toEqual([130, null]);
      expect(output).toContain('interrupted: session closed with code 1000');
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
    }
  });

  it('runs the emulator as a server (npx rx-gemini-live emulator) until Ctrl-C', async () => {
    const child = spawn(tsx, ['lib/cli/main.ts', 'emulator', '--port', '0'], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
    try {
      let output = '';
      const baseUrl = await new Promise<string>((found, failed) => {
        child.stdout.on('data', (data: Buffer) => {
          output += data.toString();
          const match = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(output);
          if (match?.[1] !== undefined) found(match[1]);
        });
        child.once('exit', (code) => failed(new Error(`emulator exited early with ${code}: ${output}`)));
      });
      const session = liveSession({ model: 'gemini-live-2.5-flash-preview', apiKey: 'any', baseUrl, apiVersion: 'v1beta', config: { responseModalities: ['TEXT'] } });
      session.clientContent.next({ turns: 'What is the capital of France?' });
      expect(textOf(await messagesUntil(session, isTurnComplete))).toBe('The capital of France is Paris.');
      const exited = once(child, 'exit');
      child.kill('SIGINT');
      expect(await exited).toEqual([0, null]);
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
    }
  });
});
