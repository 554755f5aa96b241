/**
 * `npm start -- --chat`: one held conversation, a typed question per line. Each answer streams as
 * its transcript, and its audio is handed over as a WAV per turn. `/quit`, the end of input or the
 * signal (Ctrl-C) closes the session with 1000; the metrics of every turn come back in the summary.
 */
import { firstValueFrom, map, race, Subscription, throwError, timeout } from 'rxjs';
import { DEFAULT_OUTPUT_SAMPLE_RATE } from '../audio/outputSampleRate';
import { concatPcm16 } from '../audio/pcm16';
import { writeWav } from '../audio/wav';
import { ask } from '../operators/ask';
import { audioChunks } from '../operators/audioChunks';
import { transcripts } from '../operators/transcripts';
import { type TurnMetrics, turnMetrics } from '../operators/turnMetrics';
import type { LiveSession } from '../session/liveSession';
import type { LiveSessionOptions } from '../session/options';
import { firstAudioDistribution, turnTable } from './metricsReport';
import { seconds, type Terminal } from './terminal';
import { aborted$, closeAll, unwrapEnded, voiceConfig } from './voiceSession';

export const QUIT = '/quit';

export interface ChatOptions {
  readonly connect: (options: LiveSessionOptions) => LiveSession;
  readonly session: Pick<LiveSessionOptions, 'model' | 'apiKey' | 'baseUrl' | 'apiVersion'>;
  readonly voice: string;
  /** The typed lines (stdin through `readline`). */
  readonly lines: AsyncIterable<string>;
  readonly terminal: Terminal;
  /** Stores one turn's spoken answer (a 24 kHz WAV) and says where. */
  readonly saveReply: (turn: number, wav: Uint8Array) => Promise<string>;
  /** Aborting it (Ctrl-C) ends the conversation, with close code 1000. */
  readonly signal?: AbortSignal;
  /** Gives up on an answer after this long. Default 60 s. */
  readonly timeoutMs?: number;
}

export interface ChatSummary {
  readonly turns: number;
  readonly metrics: readonly TurnMetrics[];
  readonly aborted: boolean;
}

/** The next line, or `undefined` at the end of input or once `signal` aborts. */
function nextLine(lines: AsyncIterator<string>, signal: AbortSignal | undefined): Promise<string | undefined> {
  const line = lines.next().then((result) => (result.done === true ? undefined : result.value));
  if (signal === undefined) return line;
  return firstValueFrom(race(line, aborted$(signal).pipe(map(() => undefined))));
}

export async function runChat(options: ChatOptions): Promise<ChatSummary> {
  const { terminal: out, signal } = options;
  const session = options.connect({ ...options.session, config: voiceConfig(options.voice) });
  const subscriptions = new Subscription();
  const metrics: TurnMetrics[] = [];
  let replySamples: Int16Array[] = [];
  const ignoreError = (): void => undefined;
  subscriptions.add(turnMetrics(session).subscribe({ next: (turn) => metrics.push(turn), error: ignoreError }));
  subscriptions.add(
    session.pipe(transcripts()).subscribe({
      next: (transcript) => {
        if (transcript.direction === 'output') out.status(`model: ${transcript.text}`);
      },
      error: ignoreError,
    }),
  );
  subscriptions.add(session.pipe(audioChunks()).subscribe({ next: (chunk) => replySamples.push(chunk.samples), error: ignoreError }));
  subscriptions.add(session.connect());
  out.line(`Type a question and press Enter; ${QUIT} or Ctrl-C ends the conversation.`);

  const lines = options.lines[Symbol.asyncIterator]();
  const timeoutMs = options.timeoutMs ?? 60_000;
  let turns = 0;
  try {
    for (let line = await nextLine(lines, signal); line !== undefined; line = await nextLine(lines, signal)) {
      const question = line.trim();
      if (question === '') continue;
      if (question === QUIT) break;
      out.line(`you:   ${question}`);
      replySamples = [];
      const answer$ = race(ask(session, question), aborted$(signal).pipe(map(() => undefined))).pipe(
        timeout({ first: timeoutMs, with: () => throwError(() => new Error(`no answer within ${seconds(timeoutMs)}`)) }),
      );
      const answer = await firstValueFrom(answer$).catch((error: unknown) => Promise.reject(unwrapEnded(error)));
      out.done();
      if (answer === undefined) break;
      turns += 1;
      out.line(`model: ${answer.outputTranscript || answer.text}`);
      const samples = concatPcm16(replySamples);
      if (samples.length > 0) {
        const path = await options.saveReply(turns, writeWav({ sampleRate: DEFAULT_OUTPUT_SAMPLE_RATE, samples }));
        out.line(`       (${seconds((samples.length / DEFAULT_OUTPUT_SAMPLE_RATE) * 1000)} of audio in ${path})`);
      }
    }
  } finally {
    out.done();
    await lines.return?.();
    await closeAll(session, subscriptions);
  }
  return { turns, metrics, aborted: signal?.aborted === true };
}

/** The closing lines: the metrics table, and the distribution of the time to first audio. */
export function chatSummaryLines(summary: ChatSummary): string[] {
  const lines = ['Summary', `  turns            ${summary.turns}`, '  closed           by us, with code 1000'];
  if (summary.metrics.length === 0) return lines;
  return [...lines, 'Turns (turnMetrics)', ...turnTable(summary.metrics), ...firstAudioDistribution(summary.metrics)];
}
