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
  map,
  NEVER,
  type Observable,
  of,
  race,
  Subscription,
  switchMap,
  take,
  tap,
  throwError,
  timeout,
  timer,
} from 'rxjs';
import { batchAudio } from '../audio/batchAudio';
import { concatPcm16 } from '../audio/pcm16';
import { resamplePcm } from '../audio/resample';
import { toRealtimeAudio } from '../audio/toRealtimeAudio';
import { audioStreamEndOnPause } from '../audio/audioStreamEndOnPause';
import { writeWav } from '../audio/wav';
import { audioChunks } from '../operators/audioChunks';
import { modelTurns, type ModelTurn } from '../operators/modelTurns';
import { transcripts } from '../operators/transcripts';
import type { LiveSession } from '../session/liveSession';
import type { LiveSessionOptions } from '../session/options';
import { kilobytes, seconds, type Terminal } from './terminal';

/** The Live API's input rate (PROTOCOL.md §5). */
const INPUT_RATE = 16_000;
/** Frame length: inside the 20–100 ms that PROTOCOL.md §5 recommends for low latency. */
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
  /** Aborting it (Ctrl-C) ends the session cleanly, with close code 1000. */
  readonly signal?: AbortSignal;
  /** Gives up after this long. Default 60 s. */
  readonly timeoutMs?: number;
}

export interface VoiceSessionSummary {
  readonly turns: number;
  readonly audioSentMs: number;
  readonly framesSent: number;
  readonly charsSent: number;
  readonly droppedFrames: number;
  readonly inputTranscript: string;
  readonly outputTranscript: string;
  /** The reply's audio as a 24 kHz WAV file (empty when the model answered in text only). */
  readonly replyWav: Uint8Array;
  readonly replyAudioMs: number;
  /** From the end of the question (last speech frame or the text sent) to the first reply audio. */
  readonly latencyMs: number | undefined;
  /** True when the signal ended the session before the answer. */
  readonly aborted: boolean;
}

/** Runs one question and answer; resolves once the session is closed. */
export async function runVoiceSession(options: VoiceSessionOptions): Promise<VoiceSessionSummary> {
  const { terminal: out } = options;
  const session = options.connect({
    ...options.session,
    config: {
      responseModalities: ['AUDIO'],
      speechConfig: { voiceConfig: { prebuiltVoiceConfig: { voiceName: options.voice } } },
      inputAudioTranscription: {},
      outputAudioTranscription: {},
    },
  });
  const subscriptions = new Subscription();
  const replySamples: Int16Array[] = [];
  let questionEndedAt: number | undefined;
  let firstAudioAt: number | undefined;
  let audioSentMs = 0;
  let inputTranscript = '';
  let outputTranscript = '';

  // The answer below is the one place a session error is reported; these only watch.
  const ignoreError = (): void => undefined;
  subscriptions.add(
    session.state$.subscribe((state) => {
      if (state.status === 'open') out.line('● connected (setupComplete)');
    }),
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
        if (firstAudioAt === undefined) {
          firstAudioAt = Date.now();
          out.line('● model speaking');
        }
        replySamples.push(chunk.samples);
      },
      error: ignoreError,
    }),
  );

  const opened$ = session.state$.pipe(first((state) => state.status === 'open'));
  if (options.question.kind === 'speech') {
    const frames = speechFrames(options.question);
    const totalMs = frames.length * FRAME_MS;
    const speechFramesCount = frames.length - Math.round(TRAILING_SILENCE_MS / FRAME_MS);
    subscriptions.add(
      opened$
        .pipe(
          switchMap(() => paced(frames, options.fast)),
          tap(() => {
            audioSentMs += FRAME_MS;
            if (audioSentMs === speechFramesCount * FRAME_MS) questionEndedAt = Date.now();
            out.status(`audio sent ${seconds(audioSentMs)} / ${seconds(totalMs)}`);
          }),
          toRealtimeAudio({ sampleRate: INPUT_RATE }),
          // Ends the audio stream once the microphone stops (PROTOCOL.md §3.3).
          audioStreamEndOnPause({ pauseMs: 500 }),
        )
        .subscribe(session.realtimeInput),
    );
  } else {
    const { text } = options.question;
    subscriptions.add(
      opened$.subscribe(() => {
        out.line(`you:   ${text}`);
        questionEndedAt = Date.now();
        // realtimeInput.text works on every Live model; clientContent is refused mid-session by 3.1 (§8).
        session.realtimeInput.next({ text });
      }),
    );
  }

  const answer$ = session.pipe(
    modelTurns(),
    first((turn) => turn.audio.length > 0 || turn.text !== ''),
  );
  // One race, so that whichever wins, the others are unsubscribed and the socket can close.
  const aborted$: Observable<unknown> = options.signal === undefined ? NEVER : options.signal.aborted ? of(null) : fromEvent(options.signal, 'abort');
  const timeoutMs = options.timeoutMs ?? 60_000;
  const outcome$ = race(answer$, aborted$.pipe(map(() => 'aborted' as const))).pipe(
    timeout({ first: timeoutMs, with: () => throwError(() => new Error(`no answer within ${seconds(timeoutMs)}`)) }),
  );
  let outcome: ModelTurn | 'aborted';
  try {
    outcome = await firstValueFrom(outcome$);
  } finally {
    out.done();
    // Unsubscribing everything closes the socket with 1000; wait until the session says so.
    const closed = firstValueFrom(session.state$.pipe(filter((state) => state.status === 'closed' || state.status === 'idle'), take(1)));
    subscriptions.unsubscribe();
    await closed;
  }
  if (outcome !== 'aborted' && outputTranscript !== '') out.line(`model: ${outputTranscript}`);
  const reply = concatPcm16(replySamples);
  return {
    turns: outcome === 'aborted' ? 0 : 1,
    audioSentMs,
    framesSent: session.stats.framesSent,
    charsSent: session.stats.charsSent,
    droppedFrames: session.stats.realtimeDropped,
    inputTranscript,
    outputTranscript,
    replyWav: reply.length === 0 ? new Uint8Array(0) : writeWav({ sampleRate: 24_000, samples: reply }),
    replyAudioMs: (reply.length / 24_000) * 1000,
    latencyMs: questionEndedAt !== undefined && firstAudioAt !== undefined ? Math.max(0, firstAudioAt - questionEndedAt) : undefined,
    aborted: outcome === 'aborted',
  };
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

/** The closing summary, one fact per line. */
export function summaryLines(summary: VoiceSessionSummary, replyPath: string | undefined): string[] {
  const sent = summary.audioSentMs > 0 ? `${seconds(summary.audioSentMs)} of audio` : 'one text turn';
  return [
    'Summary',
    `  turns            ${summary.turns}`,
    `  sent             ${sent} in ${summary.framesSent} frames (${kilobytes(summary.charsSent)} of JSON)`,
    `  reply audio      ${seconds(summary.replyAudioMs)} at 24 kHz${replyPath === undefined ? '' : `, written to ${replyPath}`}`,
    `  latency          ${summary.latencyMs === undefined ? 'n/a' : `${Math.round(summary.latencyMs)} ms`} from the end of the question to the first reply audio`,
    `  dropped frames   ${summary.droppedFrames}`,
    '  closed           by us, with code 1000, once the answer was complete',
  ];
}
