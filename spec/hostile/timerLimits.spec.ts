/**
 * Issue 13 §7: a JavaScript timer holds at most 2^31 − 1 ms; `setTimeout` fires a longer delay after
 * about 1 ms. A careless timeout option would end a session (or a tool call) at once, so each one is
 * refused up front with `LiveConfigError`, before any socket or timer exists.
 */
import { handleToolCalls } from '../../lib/operators/handleToolCalls';
import { LiveConfigError } from '../../lib/errors';
import { MAX_TIMER_MS } from '../../lib/util/timerLimit';
import { liveSession, nodeWebSocketFactory } from '../../lib/node';
import { liveResources } from '../support/leaks';

const BASE = { model: 'm', apiKey: 'AIzaTimerLimitsSecret000001', baseUrl: 'http://127.0.0.1:9' };
const TOO_LONG = 2 ** 31;

function configErrorOf(build: () => unknown): unknown {
  try {
    build();
  } catch (error) {
    return error;
  }
  return undefined;
}

describe('hostile: timeouts longer than a timer can hold (issue 13 §7)', () => {
  it.each([
    ['setupTimeoutMs', () => liveSession({ ...BASE, setupTimeoutMs: TOO_LONG })],
    ['reconnect.responseTimeoutMs', () => liveSession({ ...BASE, reconnect: { responseTimeoutMs: TOO_LONG } })],
    ['reconnect.maxDelayMs', () => liveSession({ ...BASE, reconnect: { maxDelayMs: TOO_LONG } })],
    ['reconnect.initialDelayMs', () => liveSession({ ...BASE, reconnect: { initialDelayMs: TOO_LONG } })],
    ['reconnect.goAwayMarginMs', () => liveSession({ ...BASE, reconnect: { goAwayMarginMs: TOO_LONG } })],
    ['outbox.drainIntervalMs', () => liveSession({ ...BASE, outbox: { drainIntervalMs: TOO_LONG } })],
    ['timeoutMs', () => handleToolCalls({}, { timeoutMs: TOO_LONG })],
    ['closeTimeoutMs', () => nodeWebSocketFactory({ closeTimeoutMs: TOO_LONG })],
    ['handshakeTimeoutMs', () => nodeWebSocketFactory({ handshakeTimeoutMs: TOO_LONG })],
  ])('%s above 2^31 − 1 ms is refused with LiveConfigError, before any socket or timer', (path, build) => {
    const before = liveResources();
    const error = configErrorOf(build);
    expect(error).toBeInstanceOf(LiveConfigError);
    expect(error).toMatchObject({ path });
    expect(liveResources()).toEqual(before);
  });

  it('2^31 − 1 ms itself is accepted everywhere', () => {
    expect(MAX_TIMER_MS).toBe(2_147_483_647);
    expect(() => liveSession({ ...BASE, setupTimeoutMs: MAX_TIMER_MS, reconnect: { responseTimeoutMs: MAX_TIMER_MS, maxDelayMs: MAX_TIMER_MS } })).not.toThrow();
    expect(() => handleToolCalls({}, { timeoutMs: MAX_TIMER_MS })).not.toThrow();
    expect(() => nodeWebSocketFactory({ closeTimeoutMs: MAX_TIMER_MS, handshakeTimeoutMs: MAX_TIMER_MS })).not.toThrow();
  });
});
