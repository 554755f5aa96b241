import { throwError } from 'rxjs';
import { LiveServerError, LiveSetupTimeoutError, liveSession, type LiveSession } from '../../lib/index';
import { closeError, fakeLiveSession, fakeSocketFactory, type FakeSocket, serverMessages as m, sessionStates as s } from '../../lib/testing';

/** A real session over a fake socket, after setup, closed by the server with `code`. */
function realSessionClosedWith(code: number, reason: string): LiveSession {
  const factory = fakeSocketFactory((socket) => socket.open());
  const session = liveSession({ model: 'gemini-live-test', apiKey: 'AIzaTestKey', webSocketFactory: factory });
  session.subscribe({ error: () => undefined });
  const socket = factory.last as FakeSocket;
  socket.receive(m.setupComplete());
  socket.serverClose(code, reason, code !== 1006);
  return session;
}

describe('sessionStates and closeError', () => {
  it.each([
    [1000, ''],
    [1006, 'gone'],
    [1007, 'Request contains an invalid argument.'],
    [1008, 'models/x is not found for API version v1beta'],
    [1011, 'Internal error encountered.'],
    [1012, 'restart'],
    [4003, 'custom'],
  ])('closed(%i) is the state a real session ends in after that close', (code, reason) => {
    const real = realSessionClosedWith(code, reason);
    const built = s.closed(code, reason);
    expect(built).toEqual(real.state);
    expect(built.error?.constructor).toBe(real.state.error?.constructor);
    expect(built.error?.retryable).toBe(real.state.error?.retryable);
  });

  it('closeError(code) makes a fake session fail as a real one would, ending in closed(code)', () => {
    const errors: unknown[] = [];
    const fake = fakeLiveSession(throwError(() => closeError(1011, 'Internal error encountered.')));
    fake.subscribe({ error: (error: unknown) => errors.push(error) });
    expect(errors).toEqual([new LiveServerError('Internal error encountered.', true)]);
    expect(errors[0]).toBeInstanceOf(LiveServerError);
    expect(fake.state).toEqual(s.closed(1011, 'Internal error encountered.'));
  });

  it('refuses closeError(1000): a normal close is a completion, not an error', () => {
    expect(() => closeError(1000)).toThrow(RangeError);
  });

  it('failed(error) sets the close code only for close errors', () => {
    const timeout = new LiveSetupTimeoutError(100);
    expect(s.failed(timeout)).toEqual({ status: 'closed', error: timeout });
    expect(s.failed(closeError(1007))).toEqual(s.closed(1007));
    expect(s.failed(closeError(1007)).closeCode).toBe(1007);
  });

  it('names every status', () => {
    expect([s.idle(), s.connecting(), s.open(), s.reconnecting(), s.closing(), s.closed()].map((state) => state.status)).toEqual([
      'idle',
      'connecting',
      'open',
      'reconnecting',
      'closing',
      'closed',
    ]);
  });
});
