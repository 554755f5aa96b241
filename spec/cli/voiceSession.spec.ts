import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { readWav, downmixToMono } from '../../lib/audio/wav';
import { runVoiceSession, summaryLines, type VoiceSessionOptions } from '../../lib/cli/voiceSession';
import type { Terminal } from '../../lib/cli/terminal';
import { liveSession } from '../../lib/node';
import { withEmulator } from '../support/emulator';

const question = readWav(readFileSync(join(__dirname, '../../assets/question.wav')));

function recordingTerminal(): Terminal & { lines: string[]; statuses: string[] } {
  const lines: string[] = [];
  const statuses: string[] = [];
  return { lines, statuses, line: (text) => lines.push(text), status: (text) => statuses.push(text), done: () => undefined };
}

function options(baseUrl: string, extra: Partial<VoiceSessionOptions> = {}): VoiceSessionOptions {
  return {
    connect: liveSession,
    session: { model: 'gemini-2.5-flash-native-audio-preview-09-2025', apiKey: 'AIzaCliSpecKey', baseUrl, apiVersion: 'v1beta' },
    voice: 'Kore',
    question: { kind: 'speech', samples: downmixToMono(question.samples, question.channelCount), sampleRate: question.sampleRate },
    fast: true,
    terminal: recordingTerminal(),
    ...extra,
  };
}

describe('the main job (runVoiceSession) against the emulator', () => {
  it('streams the shipped 22.05 kHz question as 16 kHz PCM and gets a spoken answer as a playable WAV', () =>
    withEmulator({}, async (emulator) => {
      const terminal = recordingTerminal();
      const summary = await runVoiceSession(options(emulator.baseUrl, { terminal }));
      const connection = await emulator.connection(1);
      expect(connection.audio.sampleRates).toEqual(new Set([16000]));
      expect(connection.audio.speechStarts).toBe(1);
      expect(summary).toMatchObject({ turns: 1, droppedFrames: 0, aborted: false, inputTranscript: 'What is the capital of France?', outputTranscript: 'The capital of France is Paris.' });
      expect(summary.audioSentMs).toBeGreaterThan(2600);
      expect(summary.metrics).toHaveLength(1);
      expect(summary.metrics[0]?.userTurnEnd?.signal).toBe('app');
      expect(summary.metrics[0]?.timeToFirstAudioMs).toBeGreaterThanOrEqual(0);
      expect(summary.replies).toHaveLength(1);
      const reply = readWav(summary.replies[0]?.wav ?? new Uint8Array());
      expect(reply).toMatchObject({ sampleRate: 24000, channelCount: 1 });
      expect(reply.samples.length / 24000).toBeCloseTo((summary.replies[0]?.audioMs ?? 0) / 1000, 3);
      expect(summary.replies[0]?.audioMs).toBeGreaterThan(1000);
      expect(terminal.lines).toEqual(
        expect.arrayContaining(['● connected (setupComplete)', '● speech detected', 'you:   What is the capital of France?', '● model speaking', 'model: The capital of France is Paris.']),
      );
      expect(terminal.statuses.some((status) => status.startsWith('audio sent'))).toBe(true);
      // Every frame is a 40 ms realtimeInput audio value of 16 kHz PCM, then audioStreamEnd or the close.
      const audio = connection.received.flatMap((message) => ('realtimeInput' in message && message.realtimeInput.audio !== undefined ? [message.realtimeInput.audio] : []));
      expect(audio.length).toBeGreaterThan(60);
      expect(new Set(audio.map((blob) => blob.mimeType))).toEqual(new Set(['audio/pcm;rate=16000']));
      expect(Buffer.from(audio[0]?.data ?? '', 'base64').length).toBe(1280);
      expect((await connection.closed)).toMatchObject({ code: 1000, by: 'client' });
      expect(summaryLines(summary, ['out/reply.wav'])).toEqual(expect.arrayContaining(['Summary', expect.stringMatching(/^ {2}latency +\d+ ms from the end of the question \(app\)/)]));
    }));

  it('answers a text question with speech too', () =>
    withEmulator({}, async (emulator) => {
      const summary = await runVoiceSession(options(emulator.baseUrl, { question: { kind: 'text', text: 'Hello there' } }));
      expect(summary).toMatchObject({ turns: 1, outputTranscript: 'Hello! How can I help you today?', audioSentMs: 0 });
      expect(summary.replies[0]?.wav.length).toBeGreaterThan(44);
      expect(summary.metrics[0]?.userTurnEnd?.signal).toBe('turnComplete');
    }));

  it('asks the spoken question three times in one held conversation and reports the metrics of each turn', () =>
    withEmulator({}, async (emulator) => {
      const summary = await runVoiceSession(options(emulator.baseUrl, { turns: 3 }));
      expect(emulator.connections).toHaveLength(1);
      const connection = await emulator.connection(1);
      expect(connection.audio.speechStarts).toBe(3);
      expect(summary).toMatchObject({ turns: 3, aborted: false, outputTranscript: 'The capital of France is Paris.' });
      expect(summary.replies).toHaveLength(3);
      expect(summary.metrics.map((turn) => [turn.index, turn.userTurnEnd?.signal])).toEqual([
        [1, 'app'],
        [2, 'app'],
        [3, 'app'],
      ]);
      for (const turn of summary.metrics) {
        expect(turn.timeToFirstAudioMs).toBeGreaterThanOrEqual(0);
        expect(turn.audioInSeconds).toBeGreaterThan(2.6);
        expect(turn.audioOutSeconds).toBeGreaterThan(1);
      }
      const lines = summaryLines(summary, ['out/reply-1.wav', 'out/reply-2.wav', 'out/reply-3.wav']);
      expect(lines).toEqual(expect.arrayContaining(['Turns (turnMetrics)', expect.stringMatching(/^ {2}time to first audio {2}p50 \d+ ms {2}p95 \d+ ms {2}\(3 turns\)$/)]));
      expect(lines.filter((line) => line.includes('│'))).toHaveLength(5);
    }));

  it('ends cleanly with close code 1000 when aborted (Ctrl-C) before the answer', () =>
    withEmulator({ timing: { firstChunkDelayMs: 60_000 } }, async (emulator) => {
      const interrupt = new AbortController();
      // Press Ctrl-C once the question was heard, while the model is still thinking.
      const terminal = recordingTerminal();
      const line = terminal.line;
      terminal.line = (text) => {
        line(text);
        if (text.startsWith('you:')) interrupt.abort();
      };
      const summary = await runVoiceSession(options(emulator.baseUrl, { signal: interrupt.signal, terminal }));
      const connection = await emulator.connection(1);
      expect(connection.audio.speechEnds).toBe(1);
      expect(summary).toMatchObject({ aborted: true, turns: 0 });
      expect(await connection.closed).toMatchObject({ code: 1000, by: 'client' });
    }));

  it('fails with the typed error when the server refuses the session', () =>
    withEmulator({}, async (emulator) => {
      await expect(runVoiceSession(options(emulator.baseUrl, { session: { model: 'gemini-9', apiKey: 'k', baseUrl: emulator.baseUrl, apiVersion: 'v1beta' } }))).rejects.toMatchObject({
        closeCode: 1008,
      });
    }));
});
