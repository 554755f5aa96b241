import type { LiveServerMessage } from '../protocol/serverMessages';
import type { OutboxLog, ReliableFrame, ReliableSink } from './outbox';

/** A reliable frame written on the current connection that the server may not have consumed yet. */
interface LoggedFrame extends ReliableFrame {
  /** Its position among the client messages of its connection, `setup` being 0 (PROTOCOL.md §4.6). */
  readonly index: number;
  /** The function call ids a toolResponse answers. */
  readonly callIds: readonly string[];
  /** How many server outputs had arrived when it was written. */
  readonly outputsBefore: number;
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
 * Session resumption bookkeeping (PROTOCOL.md §6.6): the newest resumable handle, the reliable frames
 * the server may not have consumed, and the tool calls a resumed conversation would not know.
 *
 * The replay rule: a handle names the server's state when it was issued. With
 * `lastConsumedClientMessageIndex` (Vertex AI's `transparent` mode, §4.6) it also says which of this
 * connection's messages that state includes, so exactly the later ones are replayed. Without it, a
 * frame counts as consumed by a handle when the model said something (content, a tool call) after the
 * frame was written and before the handle: the server has seen it. Frames the model has not reacted
 * to yet are replayed: the ones queued before `setupComplete`, whose first handle follows at once,
 * and anything written since. The limits (a frame in flight while the model finishes an earlier
 * turn; a history-only turn that gets no reaction) are in docs/resilience.md.
 */
export class Resumption implements OutboxLog {
  private newestHandle: string | undefined;
  private log: LoggedFrame[] = [];
  private written = 0;
  private outputs = 0;
  private started = false;
  private idle = false;
  /** Pending function calls, and whether the newest handle's state includes them. */
  private readonly calls = new Map<string, { covered: boolean }>();
  private readonly lostCalls = new Set<string>();

  /** Told when a reliable frame is written: the reconnect loop's response watchdog. */
  onReliableWritten: (() => void) | undefined;

  constructor(private readonly maxLogged: number) {}

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

  /** A new subscription: a new conversation, resuming `initialHandle` when the config gives one. */
  reset(initialHandle: string | undefined): void {
    this.newestHandle = initialHandle;
    this.log = [];
    this.written = 0;
    this.outputs = 0;
    this.started = false;
    this.idle = false;
    this.calls.clear();
    this.lostCalls.clear();
  }

  attached(): void {
    this.started = true;
    this.written = 0;
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
      outputsBefore: this.outputs,
    });
    // Bounded like the outbox: a server that never sends handles must not make the log grow forever.
    if (this.log.length > this.maxLogged) this.log.shift();
    this.onReliableWritten?.();
  }

  /** Reads what matters for resumption from each server message. */
  observe(message: LiveServerMessage): void {
    if (isModelReaction(message)) this.outputs += 1;
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

  /** Frames up to `index`, or (without one) those the model has reacted to, are in the handle's state. */
  private consumed(index: number | undefined): void {
    const isConsumed = (entry: LoggedFrame): boolean => (index === undefined ? entry.outputsBefore < this.outputs : entry.index <= index);
    const done = this.log.filter(isConsumed);
    this.log = this.log.filter((entry) => !isConsumed(entry));
    for (const entry of done) for (const id of entry.callIds) this.calls.delete(id);
  }
}

/**
 * The model answering, calling or being cut off: proof that the server has read what came before.
 * Transcripts are not: an input transcript follows audio, not the frames around it.
 */
function isModelReaction(message: LiveServerMessage): boolean {
  const content = message.serverContent;
  return (
    message.toolCall !== undefined ||
    message.toolCallCancellation !== undefined ||
    (content !== undefined &&
      (content.modelTurn !== undefined || content.turnComplete === true || content.interrupted === true || content.generationComplete === true))
  );
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
