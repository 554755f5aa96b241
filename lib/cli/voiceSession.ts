/**
 * The main job: one spoken (or typed) question through the whole pipeline and back.
 *
 *   WAV → mono → resample to 16 kHz → 40 ms frames → paced like a microphone → realtimeInput
 *   session → transcripts (printed as they stream) + 24 kHz audio chunks → reply WAV
 *
 * The same code talks to Google or to the emulator; only `baseUrl` and the key differ.
 */
import {
  concat,
  concatMap,
  filter,
  first,
  firstValueFrom,
  from,
  fromEvent,
  ignoreElements,
  last,
  map,
  merge,
  NEVER,
  type Observable,
  of,
  race,
  Subject,
  Subscription,
  switchMap,
  take,
  tap,
  throwError,
  timeout,
  timer,
} from 'rxjs';
import { batchAudio } from '../audio/batchAudio';
import { DEFAULT_OUTPUT_SAMPLE_RATE } from '../audio/outputSampleRate';
import { concatPcm16 } from '../audio/pcm16';
import { resamplePcm } from '../audio/resample';
import { toRealtimeAudio } from '../audio/toRealtimeAudio';
import { audioStreamEndOnPause } from '../audio/audioStreamEndOnPause';
import { writeWav } from '../audio/wav';
import { ask } from '../operators/ask';
import { audioChunks } from '../operators/audioChunks';
import { type LiveAnswer, nextAnswer } from '../operators/nextAnswer';
import { transcripts } from '../operators/transcripts';
import { type TurnMetrics, turnMetrics } from '../operators/turnMetrics';
import { LiveConversationEndedError } from '../errors';
import type { LiveSession } from '../session/liveSession';
import type { LiveSessionOptions } from '../session/options';
import { firstAudioDistribution, turnTable } from './metricsReport';
import { kilobytes, seconds, type Terminal } from './terminal';

/** The Live API's input rate. */
const INPUT_RATE = 16_000;
/** The Live API's output rate. */
/** Frame length: inside the 20–100 ms Google recommends for low latency. */
const FRAME_MS = 40;
/** Silence streamed after the question, as an open microphone would, so the VAD can end the turn. */
const TRAILING_SILENCE_MS = 1200;

export type Question =
  | { readonly kind: 'speech'; readonly samples: Int16Array; readonly sampleRate: number }
  | { readonly kind: 'text'; readonly text: string };

export interface VoiceSessionOptions {
  /** Creates the session (tests and the CLI pass `liveSession` from the node entry). */
  readonly connect: (options: LiveSessionOptions) => LiveSession;
  readonly session: Pick<LiveSessionOptions, 'model' | 'apiKey' | 'baseUrl' | 'apiVersion'>;
  readonly voice: string;
  readonly question: Question;
  /** Stream the speech as fast as possible instead of in real time. */
  readonly fast: boolean;
  readonly terminal: Terminal;
  /** How many times the question is asked, one after another in one held conversation. Default 1. */
  readonly turns?: number;
  /** Aborting it (Ctrl-C) ends the session cleanly, with close code 1000. */
  readonly signal?: AbortSignal;
  /** Gives up on a turn after this long. Default 60 s. */
  readonly timeoutMs?: number;
}

/** One answered turn's spoken reply. */
export interface VoiceReply {
  /** The reply's audio as a 24 kHz WAV file (empty when the model answered in text only). */
  readonly wav: Uint8Array;
  readonly audioMs: number;
}

export interface VoiceSessionSummary {
  /** Turns answered. */
  readonly turns: number;
  readonly audioSentMs: number;
  readonly framesSent: number;
  readonly charsSent: number;
  readonly droppedFrames: number;
  /** What the model heard and said in the last answered turn. */
  readonly inputTranscript: string;
  readonly outputTranscript: string;
  /** One per answered turn. */
  readonly replies: readonly VoiceReply[];
  /** One `turnMetrics` record per model turn. */
  readonly metrics: readonly TurnMetrics[];
  /** True when the signal ended the session before the last answer. */
  readonly aborted: boolean;
}

/** The model config of the main job: spoken answers in the chosen voice, both transcripts. */
export function voiceConfig(voice: string): LiveSessionOptions['config'] {
  return {
    responseModalities: ['AUDIO'],
    speechConfig: { voiceConfig: { prebuiltVoiceConfig: { voiceName: voice } } },
    inputAudioTranscription: {},
    outputAudioTranscription: {},
  };
}

/** The cause of a conversation that ended mid-answer: the session's own typed error reads best. */
export function unwrapEnded(error: unknown): unknown {
  return error instanceof LiveConversationEndedError && error.cause !== undefined ? error.cause : error;
}

/** Emits once when `signal` aborts. */
export function aborted$(signal: AbortSignal | undefined): Observable<unknown> {
  return signal === undefined ? NEVER : signal.aborted ? of(null) : fromEvent(signal, 'abort').pipe(take(1));
}

/**
 * Asks the question `turns` times in one held conversation; resolves once the session is closed.
 * Time to first audio is measured from the last speech frame written (the application knows where
 * the question ends; the open microphone's trailing silence would hide it), or from the text turn.
 */
export async function runVoiceSession(options: VoiceSessionOptions): Promise<VoiceSessionSummary> {
  const { terminal: out } = options;
  const session = options.connect({ ...options.session, config: voiceConfig(options.voice) });
  const subscriptions = new Subscription();
  const speechEnded = new Subject<void>();
  const metrics: TurnMetrics[] = [];
  let replySamples: Int16Array[] = [];
  let audioSentMs = 0;
  let inputTranscript = '';
  let outputTranscript = '';

  // The answers below are the one place a session error is reported; these only watch.
  const ignoreError = (): void => undefined;
  subscriptions.add(turnMetrics(session, { userTurnEnded$: speechEnded }).subscribe({ next: (turn) => metrics.push(turn), error: ignoreError }));
  subscriptions.add(
    session.state$.pipe(first((state) => state.status === 'open')).subscribe(() => out.line('● connected (setupComplete)')),
  );
  subscriptions.add(
    session.pipe(transcripts()).subscribe({
      next: (transcript) => {
        if (transcript.direction === 'input') {
          if (inputTranscript === '') out.line('● speech detected');
          inputTranscript = transcript.text;
          if (transcript.finished) out.line(`you:   ${transcript.text}`);
          else out.status(`heard: ${transcript.text}`);
        } else {
          outputTranscript = transcript.text;
          out.status(`model: ${transcript.text}`);
        }
      },
      error: ignoreError,
    }),
  );
  subscriptions.add(
    session.pipe(audioChunks()).subscribe({
      next: (chunk) => {
        if (replySamples.length === 0) out.line('● model speaking');
        replySamples.push(chunk.samples);
      },
      error: ignoreError,
    }),
  );
  subscriptions.add(session.connect());

  const opened$ = session.state$.pipe(first((state) => state.status === 'open'));
  const frames = options.question.kind === 'speech' ? speechFrames(options.question) : [];
  const speechFramesCount = frames.length - Math.round(TRAILING_SILENCE_MS / FRAME_MS);
  const turns = options.turns ?? 1;
  const timeoutMs = options.timeoutMs ?? 60_000;
  const replies: VoiceReply[] = [];
  let lastAnswer: LiveAnswer | undefined;
  let wasAborted = false;

  /** One question, sent when the connection is open, and its answer (after every frame was sent). */
  const exchange = (turn: number): Observable<LiveAnswer> => {
    const question = options.question;
    if (question.kind === 'text') {
      // Asked at once (the outbox holds it until setupComplete), so a refused session fails the answer.
      return merge(
        ask(session, question.text),
        opened$.pipe(
          tap(() => out.line(`you:   ${question.text}`)),
          ignoreElements(),
        ),
      ).pipe(take(1));
    }
    let sentThisTurn = 0;
    const speech$ = opened$.pipe(
      switchMap(() => paced(frames, options.fast)),
      tap(() => {
        audioSentMs += FRAME_MS;
        sentThisTurn += 1;
        if (sentThisTurn === speechFramesCount) speechEnded.next();
        out.status(`audio sent ${seconds(sentThisTurn * FRAME_MS)} / ${seconds(frames.length * FRAME_MS)}${turns > 1 ? ` (turn ${turn} of ${turns})` : ''}`);
      }),
      toRealtimeAudio({ sampleRate: INPUT_RATE }),
      // Ends the audio stream once the microphone stops.
      audioStreamEndOnPause({ pauseMs: 500 }),
      // Not `.subscribe(session.realtimeInput)`: completing the sink would stop it for the next turn.
      tap((input) => session.realtimeInput.next(input)),
      ignoreElements(),
    );
    // The answer is listened for before the first frame leaves.
    return merge(session.pipe(nextAnswer()), speech$).pipe(last());
  };

  try {
    for (let turn = 1; turn <= turns; turn += 1) {
      replySamples = [];
      inputTranscript = '';
      const outcome$ = race(exchange(turn), aborted$(options.signal).pipe(map(() => 'aborted' as const))).pipe(
        timeout({ first: timeoutMs, with: () => throwError(() => new Error(`no answer within ${seconds(timeoutMs)}`)) }),
      );
      let outcome: LiveAnswer | 'aborted';
      try {
        outcome = await firstValueFrom(outcome$);
      } catch (error) {
        throw unwrapEnded(error);
      }
      out.done();
      if (outcome === 'aborted') {
        wasAborted = true;
        break;
      }
      lastAnswer = outcome;
      if (outcome.outputTranscript !== '') out.line(`model: ${outcome.outputTranscript}`);
      else if (outcome.text !== '') out.line(`model: ${outcome.text}`);
      const reply = concatPcm16(replySamples);
      replies.push({ wav: reply.length === 0 ? new Uint8Array(0) : writeWav({ sampleRate: DEFAULT_OUTPUT_SAMPLE_RATE, samples: reply }), audioMs: (reply.length / DEFAULT_OUTPUT_SAMPLE_RATE) * 1000 });
    }
  } finally {
    out.done();
    await closeAll(session, subscriptions);
  }
  return {
    turns: replies.length,
    audioSentMs,
    framesSent: session.stats.framesSent,
    charsSent: session.stats.charsSent,
    droppedFrames: session.stats.realtimeDropped,
    inputTranscript: inputTranscript || (lastAnswer?.inputTranscript ?? ''),
    outputTranscript: lastAnswer?.outputTranscript ?? outputTranscript,
    replies,
    metrics,
    aborted: wasAborted,
  };
}

/** Unsubscribing everything closes the socket with 1000; waits until the session says so. */
export async function closeAll(session: LiveSession, subscriptions: Subscription): Promise<void> {
  const closed = firstValueFrom(session.state$.pipe(filter((state) => state.status === 'closed' || state.status === 'idle'), take(1)));
  subscriptions.unsubscribe();
  await closed;
}

/** The question resampled to 16 kHz, cut into 40 ms frames, with an open microphone's silence after it. */
function speechFrames(question: Extract<Question, { kind: 'speech' }>): Int16Array[] {
  const silence = new Int16Array((INPUT_RATE * TRAILING_SILENCE_MS) / 1000);
  const frames: Int16Array[] = [];
  // Synchronous: the whole question is in memory, and the resampler flushes its tail on complete.
  concat(of(question.samples).pipe(resamplePcm({ from: question.sampleRate, to: INPUT_RATE })), of(silence))
    .pipe(batchAudio({ ms: FRAME_MS, sampleRate: INPUT_RATE }))
    .subscribe((frame) => frames.push(frame));
  return frames;
}

/** One frame every 40 ms, like a microphone; all at once with `fast`. */
function paced(frames: readonly Int16Array[], fast: boolean): Observable<Int16Array> {
  if (fast) return from(frames);
  const started = Date.now();
  // Each frame waits until its own time, so timer drift does not add up over the stream.
  return from(frames.map((frame, index) => ({ frame, at: started + index * FRAME_MS }))).pipe(
    concatMap(({ frame, at }) => timer(Math.max(0, at - Date.now())).pipe(map(() => frame))),
  );
}

/** The closing summary, one fact per line; with several turns, the metrics table and distribution. */
export function summaryLines(summary: VoiceSessionSummary, replyPaths: readonly string[]): string[] {
  const sent = summary.audioSentMs > 0 ? `${seconds(summary.audioSentMs)} of audio` : `${summary.turns === 1 ? 'one text turn' : `${summary.turns} text turns`}`;
  const replyMs = summary.replies.reduce((total, reply) => total + reply.audioMs, 0);
  const written = replyPaths.length === 0 ? '' : `, written to ${replyPaths.length === 1 ? replyPaths[0] : `${replyPaths[0]} … ${replyPaths[replyPaths.length - 1]}`}`;
  const first = summary.metrics[0];
  const latency =
    first?.timeToFirstAudioMs === undefined
      ? 'n/a'
      : `${Math.round(first.timeToFirstAudioMs)} ms from the end of the question (${first.userTurnEnd?.signal ?? '?'}) to the first reply audio`;
  const lines = [
    'Summary',
    `  turns            ${summary.turns}`,
    `  sent             ${sent} in ${summary.framesSent} frames (${kilobytes(summary.charsSent)} of JSON)`,
    `  reply audio      ${seconds(replyMs)} at 24 kHz${written}`,
    `  latency          ${latency}`,
    `  dropped frames   ${summary.droppedFrames}`,
    `  closed           by us, with code 1000, once ${summary.turns === 1 ? 'the answer was' : 'the answers were'} complete`,
  ];
  if (summary.metrics.length < 2) return lines;
  return [...lines, 'Turns (turnMetrics)', ...turnTable(summary.metrics), ...firstAudioDistribution(summary.metrics)];
}
