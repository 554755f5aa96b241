/**
 * `emulator.close()` drops the live connections (docs/emulator.md): a session with `reconnect` then
 * meets a port that refuses every connection, and must give up within `maxAttempts` (issue 18).
 */
import { nodeWebSocketFactory } from '../../lib/transport/nodeWebSocket';
import type { LiveError } from '../../lib/errors';
import type { LiveSessionState } from '../../lib/session/liveSessionState';
import { startEmulator } from '../../lib/testing/emulator/startEmulator';
import { emulatorSession, errorOf, firstMessage } from '../support/emulator';
import { expectNoLeaks, liveResources } from '../support/leaks';

describe('emulator: close()', () => {
  it('drops live connections; a session with reconnect gives up within maxAttempts', async () => {
    const baseline = liveResources();
    const emulator = await startEmulator();
    const maxAttempts = 3;
    const openSocket = nodeWebSocketFactory();
    let sockets = 0;
    const session = emulatorSession(emulator, {
      config: { responseModalities: ['TEXT'], sessionResumption: {} },
      reconnect: { maxAttempts, initialDelayMs: 5, maxDelayMs: 20, jitter: 0 },
      webSocketFactory: (request) => {
        sockets += 1;
        return openSocket(request);
      },
    });
    const states: LiveSessionState[] = [];
    const watching = session.state$.subscribe((state) => states.push(state));
    const failed = errorOf(session);
    await firstMessage(session, (message) => message.sessionResumptionUpdate?.resumable === true);
    const connection = await emulator.connection(1);
    await emulator.close();
    expect(await connection.closed).toMatchObject({ code: 1006, by: 'dropped' });
    const error = (await failed) as LiveError;
    watching.unsubscribe();
    expect(error.retryable).toBe(true);
    // The first connection, then at most maxAttempts retries, all refused.
    expect(sockets).toBeGreaterThan(1);
    expect(sockets).toBeLessThanOrEqual(1 + maxAttempts);
    expect(states.filter((state) => state.status === 'reconnecting').length).toBeLessThanOrEqual(maxAttempts);
    expect(states.at(-1)).toMatchObject({ status: 'closed' });
    await expectNoLeaks(baseline);
  });
});
