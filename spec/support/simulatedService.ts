/**
 * A simulated Live service in virtual time, for resumption tests that must be exact: every frame
 * takes `latencyMs` each way, the server answers `setup` with `setupComplete` and a resumable handle
 * at once (as Gemini does), keeps the conversation it has received, and restores the snapshot a
 * handle names when a connection resumes it. A handle covers exactly what the server had received
 * when it issued it (PROTOCOL.md §6.6 step 4), so "lost" and "doubled" can be counted.
 *
 * Time moves only through `advanceTo`/`advanceBy` on its `VirtualTimeScheduler`, which the session
 * under test must use as its `scheduler`.
 */
import { VirtualTimeScheduler } from 'rxjs';
import {
  type SocketCloseEventLike,
  type SocketErrorEventLike,
  type SocketMessageEventLike,
  SocketReadyState,
  type SocketRequest,
  type WebSocketFactory,
  type WebSocketLike,
} from '../../lib/transport/webSocketLike';

/** One connection as the server sees it. */
export interface SimulatedConnection {
  readonly index: number;
  /** The handle its setup resumed, if any. */
  readonly resumed: string | undefined;
  /** The user turns of the conversation as the server has it now, in order. */
  readonly conversation: string[];
  /** The server still considers the connection open. */
  serverOpen: boolean;
  /** It reached setupComplete. */
  ready: boolean;
  readonly client: SimulatedSocket;
}

export interface SimulatedServiceOptions {
  readonly latencyMs: number;
  /** Answer a clientContent that completes a turn after this long (a model turn and a handle); none if undefined. */
  readonly answerAfterMs?: number;
}

export class SimulatedService {
  readonly scheduler = new VirtualTimeScheduler();
  readonly connections: SimulatedConnection[] = [];
  /** Setups still to refuse with a 1011 before setupComplete. */
  failingSetups = 0;
  private readonly snapshots = new Map<string, readonly string[]>();
  private handles = 0;

  constructor(readonly options: SimulatedServiceOptions) {}

  readonly factory: WebSocketFactory = (request) => {
    const socket = new SimulatedSocket(request, this);
    this.later(() => socket.serverOpened());
    return socket;
  };

  /** The newest connection the server has not ended. */
  get current(): SimulatedConnection | undefined {
    const last = this.connections.at(-1);
    return last?.serverOpen === true ? last : undefined;
  }

  advanceTo(time: number): void {
    const scheduler = this.scheduler;
    scheduler.maxFrames = time;
    scheduler.flush();
    scheduler.frame = Math.max(scheduler.frame, time);
  }

  advanceBy(ms: number): void {
    this.advanceTo(this.scheduler.frame + ms);
  }

  /** Issues a resumable handle for what the current connection's server has now. */
  issueHandle(connection = this.current): void {
    if (connection === undefined || !connection.ready) return;
    this.handles += 1;
    const handle = `h${this.handles}`;
    this.snapshots.set(handle, [...connection.conversation]);
    this.send(connection, { sessionResumptionUpdate: { newHandle: handle, resumable: true } });
  }

  answer(connection = this.current): void {
    if (connection === undefined || !connection.ready) return;
    this.send(connection, { serverContent: { modelTurn: { parts: [{ text: 'ok' }] } } });
    this.send(connection, { serverContent: { turnComplete: true } });
    this.issueHandle(connection);
  }

  goAway(timeLeftMs: number, connection = this.current): void {
    if (connection === undefined) return;
    this.send(connection, { goAway: { timeLeft: `${timeLeftMs / 1000}s` } });
    // At the deadline the server ends a connection the client did not leave.
    this.scheduler.schedule(() => this.close(1011, 'Deadline expired', connection), timeLeftMs);
  }

  /** The network drops: no close frame; the client notices one latency later. */
  drop(connection = this.current): void {
    if (connection === undefined || !connection.serverOpen) return;
    connection.serverOpen = false;
    this.later(() => connection.client.lost());
  }

  close(code: number, reason: string, connection = this.current): void {
    if (connection === undefined || !connection.serverOpen) return;
    connection.serverOpen = false;
    this.later(() => connection.client.closedByServer(code, reason));
  }

  /** Runs `action` one latency from now. */
  later(action: () => void): void {
    this.scheduler.schedule(action, this.options.latencyMs);
  }

  /** A client frame arrived at the server. */
  received(socket: SimulatedSocket, frame: string): void {
    const message = JSON.parse(frame) as {
      setup?: { sessionResumption?: { handle?: string } };
      clientContent?: { turns?: { parts?: { text?: string }[] }[]; turnComplete?: boolean };
    };
    if (message.setup !== undefined) {
      const resumed = message.setup.sessionResumption?.handle;
      const restored = resumed === undefined ? [] : this.snapshots.get(resumed);
      if (restored === undefined) throw new Error(`the client resumed an unknown handle ${resumed}`);
      const connection: SimulatedConnection = { index: this.connections.length, resumed, conversation: [...restored], serverOpen: true, ready: false, client: socket };
      // Google refuses to resume while the old socket is open (PROTOCOL.md §6.2): the client must have closed it.
      if (this.connections.some((other) => other.serverOpen)) throw new Error('a new connection while an older one was still open');
      this.connections.push(connection);
      socket.connection = connection;
      if (this.failingSetups > 0) {
        this.failingSetups -= 1;
        this.close(1011, 'The service is currently unavailable.', connection);
        return;
      }
      connection.ready = true;
      this.send(connection, { setupComplete: {} });
      this.issueHandle(connection);
      return;
    }
    const connection = socket.connection;
    if (connection === undefined || !connection.serverOpen) return;
    const content = message.clientContent;
    if (content === undefined) return;
    for (const turn of content.turns ?? []) for (const part of turn.parts ?? []) connection.conversation.push(part.text ?? '');
    const delay = this.options.answerAfterMs;
    if (content.turnComplete === true && delay !== undefined) this.scheduler.schedule(() => this.answer(connection), delay);
  }

  /** The client closed its socket: the server sees it one latency later. */
  clientClosed(socket: SimulatedSocket): void {
    this.later(() => {
      if (socket.connection !== undefined) socket.connection.serverOpen = false;
    });
  }

  private send(connection: SimulatedConnection, message: unknown): void {
    if (!connection.serverOpen) return;
    const data = JSON.stringify(message);
    this.later(() => connection.client.deliver(data));
  }
}

/** The client's end of a simulated connection. */
export class SimulatedSocket implements WebSocketLike {
  readyState: number = SocketReadyState.CONNECTING;
  readonly bufferedAmount = 0;
  binaryType = 'blob';
  onopen: ((event: unknown) => void) | null = null;
  onmessage: ((event: SocketMessageEventLike) => void) | null = null;
  onerror: ((event: SocketErrorEventLike) => void) | null = null;
  onclose: ((event: SocketCloseEventLike) => void) | null = null;
  connection: SimulatedConnection | undefined;

  constructor(
    readonly request: SocketRequest,
    private readonly service: SimulatedService,
  ) {}

  send(data: string): void {
    if (this.readyState === SocketReadyState.CONNECTING) throw new Error('send() while CONNECTING');
    if (this.readyState !== SocketReadyState.OPEN) return;
    this.service.later(() => this.service.received(this, data));
  }

  close(code?: number, reason?: string): void {
    if (this.readyState === SocketReadyState.CLOSING || this.readyState === SocketReadyState.CLOSED) return;
    const wasConnecting = this.readyState === SocketReadyState.CONNECTING;
    this.readyState = SocketReadyState.CLOSING;
    if (!wasConnecting) this.service.clientClosed(this);
    // The closing handshake takes a round trip.
    this.service.scheduler.schedule(() => this.ended({ code: code ?? 1005, reason: reason ?? '', wasClean: true }), 2 * this.service.options.latencyMs);
  }

  serverOpened(): void {
    if (this.readyState !== SocketReadyState.CONNECTING) return;
    this.readyState = SocketReadyState.OPEN;
    this.onopen?.({});
  }

  deliver(data: string): void {
    // Like a browser WebSocket: nothing is delivered once the client started closing.
    if (this.readyState === SocketReadyState.OPEN) this.onmessage?.({ data });
  }

  lost(): void {
    if (this.readyState === SocketReadyState.CLOSED) return;
    this.onerror?.({ message: 'connection lost' });
    this.ended({ code: 1006, reason: '', wasClean: false });
  }

  closedByServer(code: number, reason: string): void {
    if (this.readyState === SocketReadyState.CLOSED) return;
    this.ended({ code, reason, wasClean: true });
  }

  private ended(event: SocketCloseEventLike): void {
    if (this.readyState === SocketReadyState.CLOSED) return;
    this.readyState = SocketReadyState.CLOSED;
    this.onclose?.(event);
  }
}
