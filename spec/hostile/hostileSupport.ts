/**
 * Shared helpers for the hostile-server scenarios: a session against a capture server, the texts of
 * the turns a connection received, and a recorder for what a subscription saw.
 */
import type { Observable } from 'rxjs';
import type { LiveServerMessage } from '../../lib/protocol/serverMessages';
import type { CapturedConnection, CaptureServer } from '../support/captureServer';
import { expectNoLeaks, liveResources } from '../support/leaks';

export const API_KEY = 'AIzaHostileSpecSecret0001';

/**
 * The raw server of each test in a describe block: `track(await startCaptureServer(…))` hands it
 * over, and after the test its connections are terminated, it is closed, and the process must hold
 * no socket or timer more than before the test.
 */
export function hostileServers(): { track(server: CaptureServer): CaptureServer } {
  let server: CaptureServer | undefined;
  let baseline = liveResources();
  beforeEach(() => {
    baseline = liveResources();
  });
  afterEach(async () => {
    for (const connection of server?.connections ?? []) connection.socket.terminate();
    await server?.close();
    server = undefined;
    await expectNoLeaks(baseline);
  });
  return {
    track: (started) => {
      server = started;
      return started;
    },
  };
}

/** The text parts of every clientContent a connection received, in order. */
export function turnTexts(connection: CapturedConnection | undefined): string[] {
  return (connection?.messages() ?? []).flatMap((message) => {
    const content = (message as { clientContent?: { turns?: { parts?: { text?: string }[] }[] } }).clientContent;
    return content === undefined ? [] : (content.turns ?? []).flatMap((turn) => (turn.parts ?? []).map((part) => part.text ?? ''));
  });
}

/** Everything a subscription saw: messages, and how it ended. */
export interface Recorded {
  readonly messages: LiveServerMessage[];
  readonly outcome: { error?: unknown; completed?: boolean };
  readonly ended: Promise<void>;
  unsubscribe(): void;
}

export function record(source: Observable<LiveServerMessage>, onMessage?: (message: LiveServerMessage) => void): Recorded {
  const messages: LiveServerMessage[] = [];
  const outcome: Recorded['outcome'] = {};
  let end: () => void = () => undefined;
  const ended = new Promise<void>((resolve) => (end = resolve));
  const subscription = source.subscribe({
    next: (message) => {
      messages.push(message);
      onMessage?.(message);
    },
    error: (error: unknown) => {
      outcome.error = error;
      end();
    },
    complete: () => {
      outcome.completed = true;
      end();
    },
  });
  return { messages, outcome, ended, unsubscribe: () => subscription.unsubscribe() };
}
