import { Observable, type SchedulerLike, Subject } from 'rxjs';
import type { RealtimeInputMessage } from '../protocol/clientMessages';

/**
 * What kind of frame the session wrote: a reliable message by its sink, or a realtime input by the
 * field it carried. `realtimeInput` is a realtime message with none of the known fields (or several).
 *
 * @category session
 * @since 0.2.0
 */
export type WrittenFrameKind =
  | 'clientContent'
  | 'toolResponse'
  | 'contextUpdate'
  | 'audio'
  | 'video'
  | 'text'
  | 'activityStart'
  | 'activityEnd'
  | 'audioStreamEnd'
  | 'realtimeInput';

/**
 * One frame as it left for the socket: what it was and when, never its payload.
 *
 * @category session
 * @since 0.2.0
 */
export interface WrittenFrame {
  readonly kind: WrittenFrameKind;
  /**
   * When it was written, in milliseconds on the session's clock: the `scheduler`'s `now()` when the
   * session was given one (so `TestScheduler` times are exact), else `performance.now()`.
   */
  readonly at: number;
  /** For `clientContent`: whether it ended the user's turn (`turnComplete: true`). */
  readonly turnComplete?: boolean;
  /** For `audio`: its length in milliseconds, from the byte count and the `rate=` of its mime type. */
  readonly audioMs?: number;
}

/** The part of a frame the outbox keeps until it is written (strings and numbers, no payload). */
export type WrittenNote = Omit<WrittenFrame, 'at'>;

/** The input rate when an audio mime type names none. */
const DEFAULT_INPUT_RATE = 16_000;
const RATE_PARAMETER = /;\s*rate\s*=\s*(\d+)/i;
const SINGLE_FIELD_KINDS = ['audio', 'video', 'text', 'activityStart', 'activityEnd', 'audioStreamEnd'] as const;

/** Milliseconds of PCM16 in a base64 string, without decoding it. */
function base64AudioMs(data: string, mimeType: string | undefined): number {
  const rate = Number(RATE_PARAMETER.exec(mimeType ?? '')?.[1] ?? DEFAULT_INPUT_RATE);
  const padding = data.endsWith('==') ? 2 : data.endsWith('=') ? 1 : 0;
  const bytes = (data.length * 3) / 4 - padding;
  return rate > 0 ? (bytes / 2 / rate) * 1000 : 0;
}

/** Describes a realtime message (one field per message, as the sink sends them). */
export function realtimeNote(message: RealtimeInputMessage): WrittenNote {
  const input = message.realtimeInput;
  const present = SINGLE_FIELD_KINDS.filter((field) => input[field] !== undefined);
  const kind = present.length === 1 ? (present[0] as WrittenFrameKind) : 'realtimeInput';
  if (kind !== 'audio') return { kind };
  return { kind, audioMs: base64AudioMs(input.audio?.data ?? '', input.audio?.mimeType) };
}

/**
 * The session's `written$`: a stream that costs nothing until subscribed. `notes` says whether the
 * session should describe frames at all; `wrote` stamps and emits one.
 */
export class WrittenFrames {
  /** Built on first use of `written$`, as most sessions never read it. */
  private subject: Subject<WrittenFrame> | undefined;
  private stream: Observable<WrittenFrame> | undefined;
  private now: (() => number) | undefined;

  constructor(private readonly scheduler: SchedulerLike | undefined) {}

  get written$(): Observable<WrittenFrame> {
    if (this.stream === undefined) {
      this.subject = new Subject<WrittenFrame>();
      this.stream = this.subject.asObservable();
    }
    return this.stream;
  }

  /** Whether anyone listens: frames are described only then. */
  get listening(): boolean {
    return this.subject?.observed === true;
  }

  wrote(note: WrittenNote): void {
    this.now ??= sessionClock(this.scheduler);
    // Field by field rather than `{ ...note, at }`: a spread costs several times more, per frame.
    const frame: { -readonly [K in keyof WrittenFrame]: WrittenFrame[K] } = { kind: note.kind, at: this.now() };
    if (note.turnComplete !== undefined) frame.turnComplete = note.turnComplete;
    if (note.audioMs !== undefined) frame.audioMs = note.audioMs;
    this.subject?.next(frame);
  }
}

/**
 * A session's clock: the scheduler's `now()` when one is given (virtual time under `TestScheduler`),
 * else `performance.now()` (monotonic, unlike `Date.now()`).
 *
 * @category session
 * @since 0.2.0
 */
export function sessionClock(scheduler: SchedulerLike | undefined): () => number {
  return scheduler === undefined ? () => performance.now() : () => scheduler.now();
}
