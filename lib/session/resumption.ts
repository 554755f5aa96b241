import type { SchedulerLike } from 'rxjs';
import type { LiveServerMessage } from '../protocol/serverMessages';
import type { OutboxLog, ReliableFrame, ReliableSink } from './outbox';

/** A reliable frame written on the current connection that the server may not have received yet. */
interface LoggedFrame extends ReliableFrame {
  /** Its position among the client messages of its connection, `setup` being 0. */
  readonly index: number;
  /** The function call ids a toolResponse answers. */
  readonly callIds: readonly string[];
  /** When it was written, on the session's scheduler. */
  readonly writtenAt: number;
}

/** What the next connection needs: the handle to resume, what to send again, which calls are gone. */
export interface ResumePlan {
  /** `undefined`: no handle, so the next connection starts a new conversation. */
  readonly handle: string | undefined;
  /** Reliable frames to write again, oldest first, before anything still waiting in the outbox. */
  readonly replay: readonly ReliableFrame[];
  /** Calls the resumed conversation does not know: nobody may answer them any more. */
  readonly lostCallIds: readonly string[];
}

/** Lost call ids remembered to strip late answers; a bound so a long session stays flat. */
const MAX_LOST_CALLS = 1024;

/**
 * The in-flight window's bounds, in ms. The floor covers what one round trip measured at setup does
 * not: a client event loop busy for a moment, a server that queues before it reads. The cap keeps a
 * slow setup (an access token fetched, a cold model) from making every frame ambiguous.
 */
export const IN_FLIGHT_FLOOR_MS = 100;
export const IN_FLIGHT_CAP_MS = 2_000;

/**
 * Session resumption bookkeeping: the newest resumable handle, the reliable frames
 * the newest handle does not cover, and the tool calls a resumed conversation would not know.
 *
 * The replay rule is the service's own (§6.6 step 4): a resumable handle covers what the server had
 * received when it issued it, so the client keeps the reliable frames written since and replays
 * them. With `lastConsumedClientMessageIndex` (Vertex AI's `transparent` mode, §4.6) the handle says
 * which of this connection's messages it covers, and exactly the later ones are kept. Without it, a
 * frame written at least one in-flight window before the handle arrived had reached the server when
 * it issued the handle, so it is covered; a frame written within the window may have been on its way
 * and is kept: replaying it may double it, dropping it may lose it, and a duplicate is the lesser harm.
 * The window is this connection's round trip from `setup` to `setupComplete`, held between
 * `IN_FLIGHT_FLOOR_MS` and `IN_FLIGHT_CAP_MS`.
 */
export class Resumption implements OutboxLog {
  private newestHandle: string | undefined;
  private log: LoggedFrame[] = [];
  private written = 0;
  private started = false;
  private idle = false;
  private setupSentAt: number | undefined;
  private window = IN_FLIGHT_FLOOR_MS;
  /** Pending function calls, and whether the newest handle's state includes them. */
  private readonly calls = new Map<string, { covered: boolean }>();
  private readonly lostCalls = new Set<string>();
  /** The newest frame pushed out of the full log that no handle has covered since: a replay would miss it. */
  private droppedUncovered: LoggedFrame | undefined;

  /** Told when a reliable frame is written: the reconnect loop's response watchdog. */
  onReliableWritten: ((frame: string, sink: ReliableSink) => void) | undefined;

  constructor(
    private readonly maxLogged: number,
    private readonly scheduler: SchedulerLike,
  ) {}

  /** How many uncovered reliable frames the replay log holds (`outbox.maxPendingMessages`). */
  get logLimit(): number {
    return this.maxLogged;
  }

  /** The handle the next connection resumes, if any. */
  get handle(): string | undefined {
    return this.newestHandle;
  }

  /** True once a connection reached `setupComplete`: from then on there is a conversation to lose. */
  get conversationStarted(): boolean {
    return this.started;
  }

  /**
   * True while the server is at a resumable point with nothing in flight: the newest update was
   * resumable and neither the model nor the client has said anything since. Rotating now loses nothing.
   */
  get quiet(): boolean {
    return this.idle;
  }

  /** How long before a handle a frame must have been written to count as covered by it, in ms. */
  get inFlightWindowMs(): number {
    return this.window;
  }

  /**
   * False when the log overflowed and no handle has covered the frame it pushed out: replaying now
   * would silently skip that frame, so the conversation cannot go on as it was.
   */
  get replayComplete(): boolean {
    return this.droppedUncovered === undefined;
  }

  /** Reliable frames written on this connection that no handle covers yet. */
  get uncovered(): number {
    return this.log.length;
  }

  /** A new subscription: a new conversation, resuming `initialHandle` when the config gives one. */
  reset(initialHandle: string | undefined): void {
    this.newestHandle = initialHandle;
    this.log = [];
    this.written = 0;
    this.started = false;
    this.idle = false;
    this.setupSentAt = undefined;
    this.window = IN_FLIGHT_FLOOR_MS;
    this.calls.clear();
    this.lostCalls.clear();
    this.droppedUncovered = undefined;
  }

  /** A connection sent its `setup`: the round trip to `setupComplete` starts now. */
  setupSent(): void {
    this.setupSentAt = this.scheduler.now();
  }

  attached(): void {
    this.started = true;
    this.written = 0;
    const roundTrip = this.setupSentAt === undefined ? 0 : this.scheduler.now() - this.setupSentAt;
    this.window = Math.min(IN_FLIGHT_CAP_MS, Math.max(IN_FLIGHT_FLOOR_MS, roundTrip));
    this.setupSentAt = undefined;
  }

  wrote(frame: string, reliable: ReliableSink | undefined): void {
    this.written += 1;
    if (reliable === undefined) return;
    this.idle = false;
    this.log.push({
      frame,
      sink: reliable,
      index: this.written,
      callIds: reliable === 'toolResponse' ? responseIds(frame) : [],
      writtenAt: this.scheduler.now(),
    });
    // Bounded like the outbox: a server that never sends handles must not make the log grow forever.
    if (this.log.length > this.maxLogged) this.droppedUncovered = this.log.shift();
    this.onReliableWritten?.(frame, reliable);
  }

  /** Reads what matters for resumption from each server message. */
  observe(message: LiveServerMessage): void {
    const update = message.sessionResumptionUpdate;
    if (update !== undefined) {
      if (update.resumable === true && update.newHandle !== undefined && update.newHandle !== '') {
        this.newestHandle = update.newHandle;
        this.consumed(consumedIndex(update.lastConsumedClientMessageIndex));
        for (const call of this.calls.values()) call.covered = true;
        this.idle = true;
      } else {
        this.idle = false;
      }
    }
    if (message.serverContent?.modelTurn !== undefined) this.idle = false;
    for (const call of message.toolCall?.functionCalls ?? []) {
      this.idle = false;
      if (call.id === undefined) continue;
      this.calls.set(call.id, { covered: false });
      this.lostCalls.delete(call.id);
    }
    for (const id of message.toolCallCancellation?.ids ?? []) this.calls.delete(id);
  }

  /**
   * The connection ended and another will follow: what it must resume and replay. The log is handed
   * over (the replayed frames are logged again when written), and the calls the next conversation
   * will not know are forgotten.
   */
  planResume(): ResumePlan {
    const fresh = this.newestHandle === undefined;
    const lostCallIds = [...this.calls].filter(([, call]) => fresh || !call.covered).map(([id]) => id);
    for (const id of lostCallIds) {
      this.calls.delete(id);
      this.lostCalls.add(id);
      if (this.lostCalls.size > MAX_LOST_CALLS) this.lostCalls.delete(this.lostCalls.values().next().value as string);
    }
    const replay = this.log.flatMap((entry) => {
      const frame = this.withoutLostCalls(entry.frame, entry.sink);
      return frame === undefined ? [] : [{ frame, sink: entry.sink }];
    });
    this.log = [];
    this.idle = false;
    return { handle: this.newestHandle, replay, lostCallIds };
  }

  /**
   * `frame` without the answers to lost calls: the resumed server does not know them, and answering
   * an unknown id closes the session (1007). `undefined` when nothing is left to send.
   */
  withoutLostCalls(frame: string, sink: ReliableSink): string | undefined {
    if (sink !== 'toolResponse' || this.lostCalls.size === 0) return frame;
    const message = JSON.parse(frame) as { toolResponse: { functionResponses?: { id?: string }[] } };
    const responses = message.toolResponse.functionResponses ?? [];
    const kept = responses.filter((response) => response.id === undefined || !this.lostCalls.has(response.id));
    if (kept.length === responses.length) return frame;
    return kept.length === 0 ? undefined : JSON.stringify({ toolResponse: { ...message.toolResponse, functionResponses: kept } });
  }

  /** Frames up to `index`, or (without one) those written a window before the handle, are in its state. */
  private consumed(index: number | undefined): void {
    const coveredUntil = this.scheduler.now() - this.window;
    const isConsumed = (entry: LoggedFrame): boolean => (index === undefined ? entry.writtenAt <= coveredUntil : entry.index <= index);
    if (this.droppedUncovered !== undefined && isConsumed(this.droppedUncovered)) this.droppedUncovered = undefined;
    const done = this.log.filter(isConsumed);
    this.log = this.log.filter((entry) => !isConsumed(entry));
    for (const entry of done) for (const id of entry.callIds) this.calls.delete(id);
  }
}

function consumedIndex(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const index = Number(value);
  return Number.isSafeInteger(index) && index >= 0 ? index : undefined;
}

function responseIds(frame: string): string[] {
  const message = JSON.parse(frame) as { toolResponse?: { functionResponses?: { id?: string }[] } };
  return (message.toolResponse?.functionResponses ?? []).flatMap((response) => (response.id === undefined ? [] : [response.id]));
}
