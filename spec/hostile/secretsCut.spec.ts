/**
 * Issue 13 §7: secrets stay secret where text is cut. A server echoes the API key inside a bad frame
 * around character 200 (the excerpt's cut), inside a long invalid field (the problem line's cut at
 * 60), and in a close reason it cut at 123 bytes itself. No 8-character run of the key may reach
 * `error.message`, the excerpt, the problems, the reason, the stack or `state$`.
 */
import fc from 'fast-check';
import { Subscription } from 'rxjs';
import { liveSession } from '../../lib/node';
import type { LiveSessionState } from '../../lib/session/liveSessionState';
import { fakeSocketFactory, type FakeSocket } from '../../lib/testing/fakeSocket';
import { startCaptureServer } from '../support/captureServer';
import { hostileServers } from './hostileSupport';

const KEY = 'AIzaSyC-q7Xv3mN9pL2wR8tY4uZ6bH1jK5dF0gE';

/** Every run of 8 characters of `secret` that `text` contains. */
function leakedFragments(text: string, secret: string): string[] {
  const found: string[] = [];
  for (let start = 0; start + 8 <= secret.length; start += 1) {
    const fragment = secret.slice(start, start + 8);
    if (text.includes(fragment)) found.push(fragment);
  }
  return found;
}

/**
 * Everything a user could print about an error and the states the session went through. The stack's
 * frames are left out: they name test files and functions (`fc.property`), not server text.
 */
function printable(error: unknown, states: readonly LiveSessionState[]): string {
  const stackHead = error instanceof Error ? (error.stack ?? '').split('\n    at ')[0] ?? '' : '';
  const fields = error instanceof Error ? [error.message, stackHead, JSON.stringify({ ...error })] : [String(error)];
  return [...fields, JSON.stringify(states, (_key, value: unknown) => (value instanceof Error ? { ...value, message: value.message } : value))].join('\n');
}

/** The text of a frame that is not JSON, with `secret` starting at character `offset`. */
function badJsonWith(secret: string, offset: number): string {
  const head = '{"echo": "';
  return `${head}${'x'.repeat(Math.max(0, offset - head.length))}${secret} and more text that never closes the string`;
}

/** A frame of the wrong shape whose offending value holds `secret` at `offset` of its JSON. */
function wrongShapeWith(secret: string, offset: number): unknown {
  return { serverContent: { turnComplete: `${'y'.repeat(Math.max(0, offset - 1))}${secret} trailing words` } };
}

/** A reason holding `secret` at byte `offset`, cut at 123 bytes by the server as the protocol says. */
function cutReasonWith(secret: string, offset: number): string {
  return Buffer.from(`${'z'.repeat(offset)}${secret}`).subarray(0, 123).toString('utf8');
}

describe('hostile: secrets echoed where text is cut (issue 13 §7)', () => {
  describe('against a raw ws server', () => {
    const servers = hostileServers();

    async function outcome(onSetup: (send: (text: string) => void, close: (code: number, reason: string) => void) => void): Promise<string> {
      const server = servers.track(await startCaptureServer({
        onFrame: (connection, frame) => {
          if (frame.text.includes('"setup"')) onSetup((text) => connection.socket.send(text), (code, reason) => connection.socket.close(code, reason));
        },
      }));
      const session = liveSession({ model: 'm', apiKey: KEY, baseUrl: server.baseUrl });
      const states: LiveSessionState[] = [];
      const watch = new Subscription();
      watch.add(session.state$.subscribe((state) => states.push(state)));
      const error = await new Promise<unknown>((resolve) => watch.add(session.subscribe({ error: resolve })));
      watch.unsubscribe();
      return printable(error, states);
    }

    it('a bad frame with the key around character 200, the excerpt cut', async () => {
      expect(leakedFragments(await outcome((send) => send(badJsonWith(KEY, 190))), KEY)).toEqual([]);
    });

    it('a long invalid field with the key around character 60, the problem line cut', async () => {
      expect(leakedFragments(await outcome((send) => send(JSON.stringify(wrongShapeWith(KEY, 50)))), KEY)).toEqual([]);
    });

    it('a close reason the server cut at 123 bytes in the middle of the key', async () => {
      expect(leakedFragments(await outcome((_send, close) => close(1007, cutReasonWith(KEY, 100))), KEY)).toEqual([]);
    });
  });

  describe('property: a secret at every offset around each cut', () => {
    /** Keys and tokens as Google issues them, and arbitrary credentials of URL-safe characters. */
    const secret = fc.oneof(
      fc.stringMatching(/^AIza[0-9A-Za-z_-]{35}$/),
      fc.stringMatching(/^auth_tokens\/[0-9A-Za-z_-]{20,60}$/),
      fc.stringMatching(/^[0-9A-Za-z_-]{12,64}$/),
    );

    /**
     * Fails when a scenario, for any offset in `offsets`, shows a fragment of the secret that the same
     * scenario does not show when the server echoes something else of the same length (a random
     * secret may happen to spell a word of the fixtures or messages; the control uses the longest
     * filler, which holds every shorter one).
     */
    function expectNoLeakAtAnyOffset(value: string, offsets: readonly number[], serve: (socket: FakeSocket, echoed: string, offset: number) => void): void {
      const longest = Math.max(...offsets);
      const control = run('AIzaSyControlKeyNeverEchoed00000000000000', (socket) => serve(socket, '#'.repeat(value.length), longest));
      fc.pre(leakedFragments(control, value).length === 0);
      for (const offset of offsets) {
        expect({ offset, leaked: leakedFragments(run(value, (socket) => serve(socket, value, offset)), value) }).toEqual({ offset, leaked: [] });
      }
    }

    /** Every offset from `from` to `to`, both included. */
    function everyOffset(from: number, to: number): number[] {
      return Array.from({ length: to - from + 1 }, (_, index) => from + index);
    }

    function run(secretValue: string, serve: (socket: FakeSocket) => void): string {
      const factory = fakeSocketFactory();
      const session = liveSession({ model: 'm', apiKey: secretValue, webSocketFactory: factory });
      const states: LiveSessionState[] = [];
      let error: unknown;
      const watch = session.state$.subscribe((state) => states.push(state));
      watch.add(session.subscribe({ error: (caught: unknown) => (error = caught) }));
      const socket = factory.last as FakeSocket;
      socket.open();
      socket.receive({ setupComplete: {} });
      serve(socket);
      watch.unsubscribe();
      expect(error).toBeDefined();
      return printable(error, states);
    }

    it('the excerpt of a frame that is not JSON (cut at 200 characters)', () => {
      fc.assert(
        fc.property(secret, fc.constantFrom('text', 'binary'), (value, kind) => {
          expectNoLeakAtAnyOffset(value, everyOffset(140, 220), (socket, echoed, offset) => {
            const frame = badJsonWith(echoed, offset);
            socket.receiveRaw(kind === 'text' ? frame : new TextEncoder().encode(frame));
          });
        }),
        { numRuns: 12 },
      );
    });

    it('the problem line of a long invalid field (cut at 60 characters) and the excerpt', () => {
      fc.assert(
        fc.property(secret, (value) => {
          expectNoLeakAtAnyOffset(value, everyOffset(1, 90), (socket, echoed, offset) => socket.receive(wrongShapeWith(echoed, offset)));
        }),
        { numRuns: 12 },
      );
    });

    it('a close reason cut at 123 bytes by the server', () => {
      fc.assert(
        fc.property(secret, fc.constantFrom(1007, 1008, 1011, 4000), (value, code) => {
          expectNoLeakAtAnyOffset(value, everyOffset(40, 122), (socket, echoed, offset) => socket.serverClose(code, cutReasonWith(echoed, offset)));
        }),
        { numRuns: 12 },
      );
    });
  });
});
