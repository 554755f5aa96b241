/**
 * One client connection to the emulator: frames in (checked strictly, recorded), frames out (like
 * Google: pretty-printed JSON in binary frames), the connection's lifetime and
 * `goAway` (§4.5), and the faults a test can inject.
 */
import type { WebSocket } from 'ws';
import type { LiveClientMessage } from '../../protocol/clientMessages';
import type { EmulatorAuthTokens } from './authTokens';
import { Conversation, type EmulatorAudioStats } from './conversation';
import type { EmulatorFault, EmulatorFaultAction, EmulatorFaultPoint, EmulatorOptions } from './options';
import type { EmulatorMessage } from './replyPlan';
import type { EmulatorRoute } from './routes';
import type { SessionStore } from './sessionStore';
import { validateClientFrame } from './validateClientFrame';

/** How a connection ended. */
export interface EmulatorClose {
  readonly code: number;
  readonly reason: string;
  /** Who ended it: the client's close, the emulator's close (a rejection, a fault), or a drop. */
  readonly by: 'client' | 'server' | 'dropped';
}

/** What all connections of one emulator share. */
export interface EmulatorShared {
  readonly options: EmulatorOptions;
  readonly store: SessionStore;
  readonly firedFaults: Set<EmulatorFault>;
  /** Uses left per ephemeral token, when `ephemeralTokens` limits them. */
  readonly tokenUses: Map<string, number>;
  /** Tokens minted on `POST /v1alpha/auth_tokens`, and their expiry and locked setup. */
  readonly authTokens: EmulatorAuthTokens;
}

/** Longest close reason RFC 6455 allows. */
const MAX_REASON_BYTES = 123;

/** Closes a connection whose client ignored `goAway` once its time is up. */
const DEADLINE_CLOSE = { code: 1011, reason: 'Deadline expired before operation could complete.' } as const;

/**
 * A connection as tests see it: what the client sent, what the emulator answered, how it ended, and
 * handles to inject faults.
 *
 * @category emulator
 * @since 0.2.0
 */
export class EmulatorConnection {
  /** Client messages in arrival order, decoded (the setup first). */
  readonly received: LiveClientMessage[] = [];
  /** Server messages in sending order. */
  readonly sent: EmulatorMessage[] = [];
  /** Resolves once the socket is closed, however that happened. */
  readonly closed: Promise<EmulatorClose>;

  private readonly conversation: Conversation;
  private readonly timers = new Set<ReturnType<typeof setTimeout>>();
  private outgoing: Promise<void> = Promise.resolve();
  private ending: 'server' | 'dropped' | undefined;
  private ended = false;
  private frozen = false;
  private receivedCount = 0;

  constructor(
    /** 1 for the emulator's first connection. */
    readonly index: number,
    /** The request path and query, as the client sent it (it may hold the API key). */
    readonly url: string,
    readonly headers: Readonly<Record<string, string | string[] | undefined>>,
    readonly route: EmulatorRoute,
    private readonly socket: WebSocket,
    private readonly shared: EmulatorShared,
  ) {
    this.conversation = new Conversation(
      {
        send: (message) => this.write(message),
        close: (code, reason) => this.close(code, reason),
        faultPoint: (point) => this.faultPoint(point),
        useToken: () => this.useToken(),
        lastReceivedIndex: () => this.receivedCount - 1,
      },
      shared.options,
      route,
      shared.store,
    );
    this.closed = new Promise((resolve) => {
      socket.on('close', (code, reason) => {
        this.ended = true;
        this.conversation.dispose();
        for (const timer of this.timers) clearTimeout(timer);
        resolve({ code, reason: reason.toString('utf8'), by: this.ending ?? 'client' });
      });
    });
    // A socket error (a reset, a bad frame from the client) is followed by 'close'; nothing to add.
    socket.on('error', () => undefined);
    socket.on('message', (data, isBinary) => this.onFrame(Buffer.isBuffer(data) ? data : Buffer.concat(asBuffers(data)), isBinary));
    const lifetime = shared.options.connectionLifetimeMs;
    if (lifetime !== undefined) {
      const lead = Math.min(lifetime, shared.options.goAwayLeadMs ?? 1000);
      this.after(lifetime - lead, () => this.goAway(lead));
    }
  }

  /** Realtime audio this connection received. */
  get audio(): EmulatorAudioStats {
    return this.conversation.audio;
  }

  /** The emulated session's id (kept when a later connection resumes it). */
  get sessionId(): string | undefined {
    return this.conversation.sessionId;
  }

  /** The emulated conversation's history as the model has it now (restored ones included). */
  get history(): readonly { readonly role: 'user' | 'model'; readonly text: string }[] {
    return this.conversation.historyNow;
  }

  /** True until the socket closed. */
  get open(): boolean {
    return !this.ended;
  }

  /**
   * Sends a server message, as the emulated model would (also for tests that script frames). The
   * function calls of a scripted `toolCall` become pending, so the client's response is accepted.
   */
  send(message: EmulatorMessage): void {
    if (this.write(message)) this.conversation.expectToolResponses(functionCallsOf(message));
  }

  /** Writes a message unless the connection is ending, frozen or gone; true when it went out. */
  private write(message: EmulatorMessage): boolean {
    if (this.ending !== undefined || this.ended || this.frozen) return false;
    this.sent.push(message);
    const frame = Buffer.from(`${JSON.stringify(message, null, 2)}\n`);
    this.transmit((socket) => {
      if (this.shared.options.timing?.splitFrames === true && frame.length > 1) {
        // Two WebSocket fragments of one message: clients must reassemble them.
        const middle = frame.length >> 1;
        socket.send(frame.subarray(0, middle), { binary: true, fin: false });
        socket.send(frame.subarray(middle), { binary: true, fin: true });
      } else {
        socket.send(frame, { binary: true });
      }
    });
    return true;
  }

  /** Closes with a code and reason (cut to 123 bytes), after the frames already queued. */
  close(code: number, reason = ''): void {
    if (this.ending !== undefined || this.ended) return;
    this.ending = 'server';
    this.conversation.dispose();
    this.transmit((socket) => socket.close(code, truncateReason(reason)));
  }

  /** Destroys the TCP connection without a close frame: the client sees 1006. */
  drop(): void {
    if (this.ended) return;
    this.ending = 'dropped';
    this.conversation.dispose();
    this.socket.terminate();
  }

  /** Sends a binary frame that is not JSON. */
  sendMalformed(): void {
    this.transmit((socket) => socket.send(Buffer.from('{"serverContent": {"modelTurn": '), { binary: true }));
  }

  /** Stops reading the client's frames (they queue in the client's `bufferedAmount`) until `resume`. */
  stall(): void {
    this.socket.pause();
  }

  resume(): void {
    this.socket.resume();
  }

  /** Goes silent: no more frames are read or sent, but the socket stays open (see `freeze`). */
  freeze(): void {
    this.frozen = true;
    this.conversation.halt();
  }

  /** Sends `goAway` with `timeLeftMs`, then closes with 1011 if the client is still here then. */
  goAway(timeLeftMs: number): void {
    this.send({ goAway: { timeLeft: `${timeLeftMs / 1000}s` } });
    this.after(timeLeftMs, () => this.close(DEADLINE_CLOSE.code, DEADLINE_CLOSE.reason));
  }

  /** Runs a fault action now. */
  inject(action: EmulatorFaultAction): void {
    switch (action.kind) {
      case 'drop':
        return this.drop();
      case 'close':
        return this.close(action.code, action.reason);
      case 'malformed':
        return this.sendMalformed();
      case 'stall':
        return this.stall();
      case 'freeze':
        return this.freeze();
      case 'goAway':
        return this.goAway(action.timeLeftMs);
    }
  }

  private onFrame(data: Buffer, _isBinary: boolean): void {
    if (this.ending !== undefined || this.ended || this.frozen) return;
    this.receivedCount += 1;
    const first = this.received[0];
    const check = validateClientFrame(data.toString('utf8'), { setup: first !== undefined && 'setup' in first ? first.setup : undefined });
    if ('code' in check) {
      this.close(check.code, check.reason);
      return;
    }
    if (this.shared.options.record !== false || this.received.length === 0) this.received.push(check.message);
    // An ephemeral token may have expired or lock setup fields (authTokens.ts).
    const admitted = this.shared.authTokens.admit(this.route.credential, check.message);
    if ('code' in admitted) {
      this.close(admitted.code, admitted.reason);
      return;
    }
    if ('setup' in admitted.message) this.conversation.start(admitted.message.setup);
    else this.conversation.receive(admitted.message);
  }

  private faultPoint(point: EmulatorFaultPoint): boolean {
    for (const fault of this.shared.options.scenario?.faults ?? []) {
      if (fault.at !== point || (fault.connection !== undefined && fault.connection !== this.index)) continue;
      if (fault.once !== false && this.shared.firedFaults.has(fault)) continue;
      this.shared.firedFaults.add(fault);
      this.inject(fault.action);
    }
    return this.ending !== undefined || this.ended;
  }

  private useToken(): boolean {
    if (this.route.credential.kind !== 'ephemeralToken') return true;
    const left = this.shared.tokenUses.get(this.route.credential.value);
    if (left === undefined) return true;
    if (left <= 0) return false;
    this.shared.tokenUses.set(this.route.credential.value, left - 1);
    return true;
  }

  /** Sends in order; with `frameDelayMs`, each frame waits that long after the previous one. */
  private transmit(write: (socket: WebSocket) => void): void {
    const delayMs = this.shared.options.timing?.frameDelayMs ?? 0;
    const run = (): void => {
      if (!this.ended && this.socket.readyState === this.socket.OPEN) write(this.socket);
    };
    if (delayMs <= 0) {
      run();
      return;
    }
    this.outgoing = this.outgoing.then(
      () =>
        new Promise<void>((resolve) =>
          this.after(delayMs, () => {
            run();
            resolve();
          }),
        ),
    );
  }

  private after(ms: number, action: () => void): void {
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      action();
    }, ms);
    this.timers.add(timer);
  }
}

/** The calls with an id in a scripted `toolCall` message (none for other messages). */
function functionCallsOf(message: EmulatorMessage): { id: string; name: string }[] {
  const toolCall: unknown = message.toolCall;
  if (typeof toolCall !== 'object' || toolCall === null || !('functionCalls' in toolCall) || !Array.isArray(toolCall.functionCalls)) return [];
  return toolCall.functionCalls.flatMap((call: unknown) => {
    if (typeof call !== 'object' || call === null || !('id' in call) || typeof call.id !== 'string') return [];
    return [{ id: call.id, name: 'name' in call && typeof call.name === 'string' ? call.name : '' }];
  });
}

function asBuffers(data: Buffer | ArrayBuffer | Buffer[]): Buffer[] {
  if (Array.isArray(data)) return data;
  return [Buffer.from(data instanceof ArrayBuffer ? new Uint8Array(data) : data)];
}

function truncateReason(reason: string): string {
  let bytes = Buffer.from(reason, 'utf8');
  if (bytes.length <= MAX_REASON_BYTES) return reason;
  bytes = bytes.subarray(0, MAX_REASON_BYTES);
  // Drop a cut multi-byte character: the reason must stay valid UTF-8.
  let text = bytes.toString('utf8');
  while (Buffer.byteLength(text, 'utf8') > MAX_REASON_BYTES || text.endsWith('\uFFFD')) text = text.slice(0, -1);
  return text;
}
