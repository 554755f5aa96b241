/**
 * The parts of a session built on first use (issue 16): sinks, `refused$`, `state$`, `written$` and
 * the stats subject. Whenever they are first read, they must behave as if they had always been there.
 */
import { firstValueFrom, take, toArray } from 'rxjs';
import { LiveInputError, type LiveSinkError } from '../../lib/errors';
import { createLiveSession, type LiveSession } from '../../lib/session/liveSession';
import { DEFAULT_OUTBOX_LIMITS, Outbox, type OutboxStats, type OutboxTarget } from '../../lib/session/outbox';
import { SessionStateHolder } from '../../lib/session/sessionStateHolder';
import type { LiveSessionState } from '../../lib/session/liveSessionState';
import type { WrittenFrame } from '../../lib/session/writtenFrames';
import { fakeSocketFactory, type FakeSocketFactory } from '../../lib/testing/fakeSocket';
import { testScheduler } from '../support/marbles';

const FRAME = { audio: { data: 'AAAA', mimeType: 'audio/pcm;rate=16000' } };

function openSession(): { live: LiveSession; factory: FakeSocketFactory } {
  const scheduler = testScheduler();
  const factory = fakeSocketFactory((socket) => socket.open());
  const live = createLiveSession({ model: 'gemini-live-test', apiKey: 'AIzaLazyPartsKey000', scheduler, webSocketFactory: factory }, () => {
    throw new Error('the default factory must not be used');
  });
  live.subscribe({ error: () => undefined });
  scheduler.flush();
  factory.last?.receive({ setupComplete: {} });
  scheduler.flush();
  return { live, factory };
}

class Target implements OutboxTarget {
  bufferedAmount = 0;
  readonly sent: string[] = [];
  send(frame: string): void {
    this.sent.push(frame);
  }
}

describe('parts of a session built on first use', () => {
  it('gives the same sink object on every read, and sends through it', () => {
    const { live, factory } = openSession();
    expect(live.realtimeInput).toBe(live.realtimeInput);
    expect(live.clientContent).toBe(live.clientContent);
    live.realtimeInput.next(FRAME);
    expect(factory.last?.sentMessages.at(-1)).toEqual({ realtimeInput: FRAME });
    expect(live.stats.framesSent).toBe(1);
  });

  it('delivers refusals to refused$ subscribers, whether the sink or refused$ was read first', () => {
    const { live } = openSession();
    const refusals: LiveSinkError[] = [];
    live.toolResponse.next({ functionResponses: 'not a list' } as never);
    live.refused$.subscribe((error) => refusals.push(error));
    live.toolResponse.next({ functionResponses: 'not a list' } as never);
    live.realtimeInput.next({ audio: { data: 'AAAA', mimeType: 'text/plain' } });
    expect(refusals.map((error) => [error.constructor, error.sink])).toEqual([
      [LiveInputError, 'toolResponse'],
      [LiveInputError, 'realtimeInput'],
    ]);
  });

  it('starts state$ with the current state when it is first read late', async () => {
    const { live } = openSession();
    expect(live.state.status).toBe('open');
    await expect(firstValueFrom(live.state$)).resolves.toMatchObject({ status: 'open' });
  });

  it('SessionStateHolder: a late state$ starts with the last state set, then follows changes', () => {
    const state = new SessionStateHolder();
    state.set({ status: 'connecting', attempt: 1 } as LiveSessionState);
    const seen: string[] = [];
    state.state$.subscribe((value) => seen.push(value.status));
    state.set({ status: 'open' } as LiveSessionState);
    expect(seen).toEqual(['connecting', 'open']);
    expect(state.value.status).toBe('open');
  });

  it('describes written frames once written$ is read and subscribed, and not before', () => {
    const { live } = openSession();
    live.realtimeInput.next(FRAME);
    const written: WrittenFrame[] = [];
    live.written$.subscribe((frame) => written.push(frame));
    live.realtimeInput.next(FRAME);
    expect(written.map((frame) => frame.kind)).toEqual(['audio']);
  });

  describe('Outbox stats', () => {
    it('keeps stats right with nobody subscribed to stats$', () => {
      const box = new Outbox(DEFAULT_OUTBOX_LIMITS, testScheduler());
      box.sendRealtime('a1', true);
      box.sendReliable('c1', 'clientContent');
      expect(box.stats).toEqual({ pendingMessages: 1, pendingRealtime: 1, realtimeDropped: 0, framesSent: 0, charsSent: 0 });
      box.attach(new Target());
      box.sendRealtime('a2', true);
      expect(box.stats).toEqual({ pendingMessages: 0, pendingRealtime: 0, realtimeDropped: 0, framesSent: 3, charsSent: 6 });
    });

    it('gives a late stats$ subscriber the current counters first, then one emission per change', () => {
      const box = new Outbox(DEFAULT_OUTBOX_LIMITS, testScheduler());
      box.attach(new Target());
      box.sendRealtime('a1', true);
      const seen: OutboxStats[] = [];
      const subscription = box.stats$.subscribe((stats) => seen.push(stats));
      box.sendRealtime('a2', true);
      box.sendReliable('c1', 'clientContent');
      subscription.unsubscribe();
      box.sendRealtime('a3', true);
      expect(seen.map((stats) => stats.framesSent)).toEqual([1, 2, 3]);
      expect(box.stats.framesSent).toBe(4);
    });

    it('serves several stats$ subscribers, each starting from the counters at its subscription', async () => {
      const box = new Outbox(DEFAULT_OUTBOX_LIMITS, testScheduler());
      box.attach(new Target());
      const first = firstValueFrom(box.stats$.pipe(take(3), toArray()));
      box.sendRealtime('a1', true);
      const second = firstValueFrom(box.stats$.pipe(take(2), toArray()));
      box.sendRealtime('a2', true);
      await expect(first).resolves.toMatchObject([{ framesSent: 0 }, { framesSent: 1 }, { framesSent: 2 }]);
      await expect(second).resolves.toMatchObject([{ framesSent: 1 }, { framesSent: 2 }]);
    });
  });
});
