import { type Observable, Subject } from 'rxjs';
import type { TestScheduler } from 'rxjs/testing';
import {
  LiveCloseError,
  LiveConfigError,
  LiveConnectionLostError,
  LiveHandshakeError,
  LiveInputError,
  LiveInvalidArgumentError,
  LiveOutboxOverflowError,
  LivePolicyViolationError,
  LiveProtocolError,
  LiveServerError,
  LiveSetupTimeoutError,
} from '../../lib/errors';
import { createLiveSession, type LiveSession } from '../../lib/session/liveSession';
import type { LiveSessionOptions } from '../../lib/session/options';
import type { LiveSessionStatus } from '../../lib/session/liveSessionState';
import {
  type FakeSocket,
  type FakeSocketAction,
  fakeSocketFactory,
  scriptedSocketFactory,
} from '../../lib/testing/fakeSocket';
import { testScheduler } from '../support/marbles';
import { refusalOf } from '../support/refusals';

const API_KEY = 'AIzaSecretKeyForTests1234';
const SETUP_COMPLETE = { setupComplete: {} };

const open: FakeSocketAction = (socket) => socket.open();
const ready: FakeSocketAction = (socket) => socket.receive(SETUP_COMPLETE);

function session(scheduler: TestScheduler, script: Observable<FakeSocketAction>, extra: Partial<LiveSessionOptions> = {}) {
  const factory = scriptedSocketFactory(script);
  const live = createLiveSession(
    { model: 'gemini-live-test', apiKey: API_KEY, scheduler, webSocketFactory: factory, ...extra },
    () => {
      throw new Error('the default factory must not be used when one is injected');
    },
  );
  return { live, factory };
}

function statuses(live: LiveSession): LiveSessionStatus[] {
  const seen: LiveSessionStatus[] = [];
  live.state$.subscribe((state) => seen.push(state.status));
  return seen;
}

describe('liveSession over a fake socket', () => {
  it('connects only when subscribed, sends setup first, and emits server messages', () => {
    const scheduler = testScheduler();
    scheduler.run(({ cold, expectObservable }) => {
      const { live, factory } = session(scheduler, cold('-o-s-m', { o: open, s: ready, m: (s) => s.receive({ serverContent: { turnComplete: true } }) }));
      expect(factory.sockets).toHaveLength(0);
      expectObservable(live).toBe('---s-m', { s: SETUP_COMPLETE, m: { serverContent: { turnComplete: true } } });
      scheduler.flush();
      const socket = factory.last as FakeSocket;
      expect(socket.binaryType).toBe('arraybuffer');
      expect(socket.request.url).toContain('BidiGenerateContent');
      expect(socket.sentMessages).toEqual([{ setup: { model: 'models/gemini-live-test' } }]);
    });
  });

  it('holds sink values until setupComplete, then sends them in call order before announcing it', () => {
    const scheduler = testScheduler();
    scheduler.run(({ cold, hot, expectObservable }) => {
      const { live, factory } = session(scheduler, cold('-o---s', { o: open, s: ready }));
      const sentWhenAnnounced: number[] = [];
      hot('--a-b', { a: { turns: 'first' }, b: { turns: 'second', turnComplete: false } }).subscribe(live.clientContent);
      hot('---r', { r: { text: 'realtime' } }).subscribe(live.realtimeInput);
      live.subscribe((message) => {
        if (message.setupComplete) sentWhenAnnounced.push((factory.last as FakeSocket).sent.length);
      });
      expectObservable(live).toBe('-----s', { s: SETUP_COMPLETE });
      scheduler.flush();
      expect((factory.last as FakeSocket).sentMessages).toEqual([
        { setup: { model: 'models/gemini-live-test' } },
        { clientContent: { turns: [{ role: 'user', parts: [{ text: 'first' }] }], turnComplete: true } },
        { realtimeInput: { text: 'realtime' } },
        { clientContent: { turns: [{ role: 'user', parts: [{ text: 'second' }] }], turnComplete: false } },
      ]);
      expect(sentWhenAnnounced).toEqual([4]);
    });
  });

  it('fails with LiveSetupTimeoutError and closes the socket when setupComplete never comes', () => {
    const scheduler = testScheduler();
    scheduler.run(({ cold, expectObservable }) => {
      const { live, factory } = session(scheduler, cold('-o', { o: open }), { setupTimeoutMs: 100 });
      expectObservable(live).toBe('100ms #', undefined, new LiveSetupTimeoutError(100));
      scheduler.flush();
      expect((factory.last as FakeSocket).clientClose).toEqual({ code: 1000, reason: 'setup-timeout' });
    });
  });

  it.each([
    [1011, 'Internal error encountered.', new LiveServerError('Internal error encountered.', true), true],
    [1007, 'Request contains an invalid argument.', new LiveInvalidArgumentError('Request contains an invalid argument.', true), false],
    [1008, 'models/x is not found for API version v1beta', new LivePolicyViolationError('models/x is not found for API version v1beta', true), false],
    [1012, 'restart', new LiveCloseError(1012, 'restart', true, true), true],
    [4003, 'custom', new LiveCloseError(4003, 'custom', true, false), false],
  ])('maps a server close %i to a typed error (retryable: %#)', (code, reason, expected, retryable) => {
    const scheduler = testScheduler();
    scheduler.run(({ cold, expectObservable }) => {
      const { live } = session(scheduler, cold('-o-s-c', { o: open, s: ready, c: (s) => s.serverClose(code, reason) }));
      let seen: unknown;
      live.subscribe({ error: (error: unknown) => (seen = error) });
      expectObservable(live).toBe('---s-#', { s: SETUP_COMPLETE }, expected);
      scheduler.flush();
      expect(seen).toBeInstanceOf(expected.constructor);
      expect((seen as LiveCloseError).retryable).toBe(retryable);
      expect((seen as LiveCloseError).closeCode).toBe(code);
    });
  });

  it('does not retry a used-up ephemeral token, although 1011 is otherwise retryable', () => {
    const scheduler = testScheduler();
    scheduler.run(({ cold }) => {
      const { live } = session(scheduler, cold('-o-c', { o: open, c: (s) => s.serverClose(1011, 'Token has been used too many times') }));
      let seen: LiveServerError | undefined;
      live.subscribe({ error: (error: LiveServerError) => (seen = error) });
      scheduler.flush();
      expect(seen).toBeInstanceOf(LiveServerError);
      expect(seen?.retryable).toBe(false);
    });
  });

  it('completes on a 1000 close after setup, whatever wasClean says', () => {
    const scheduler = testScheduler();
    scheduler.run(({ cold, expectObservable }) => {
      const { live } = session(scheduler, cold('-o-s-c', { o: open, s: ready, c: (s) => s.serverClose(1000, 'bye', false) }));
      expectObservable(live).toBe('---s-|', { s: SETUP_COMPLETE });
    });
  });

  it('treats a 1011 that arrives clean as an error (code decides, not wasClean)', () => {
    const scheduler = testScheduler();
    scheduler.run(({ cold, expectObservable }) => {
      const { live } = session(scheduler, cold('-o-s-c', { o: open, s: ready, c: (s) => s.serverClose(1011, 'x', true) }));
      expectObservable(live).toBe('---s-#', { s: SETUP_COMPLETE }, new LiveServerError('x', true));
    });
  });

  it('errors when the server closes normally before setupComplete', () => {
    const scheduler = testScheduler();
    scheduler.run(({ cold, expectObservable }) => {
      const { live } = session(scheduler, cold('-o-c', { o: open, c: (s) => s.serverClose(1000, 'no') }));
      expectObservable(live).toBe(
        '---#',
        undefined,
        new LiveCloseError(1000, 'no', true, false, 'The Live server closed the connection before setupComplete'),
      );
    });
  });

  it('reports a dropped connection as LiveConnectionLostError and a refused upgrade as LiveHandshakeError', () => {
    const scheduler = testScheduler();
    scheduler.run(({ cold, expectObservable }) => {
      const dropped = session(scheduler, cold('-o-s-d', { o: open, s: ready, d: (s) => s.drop('read ECONNRESET') })).live;
      expectObservable(dropped).toBe('---s-#', { s: SETUP_COMPLETE }, new LiveConnectionLostError('read ECONNRESET'));
      const refused = session(scheduler, cold('-r', { r: (s) => s.refuse(403) })).live;
      expectObservable(refused).toBe('-#', undefined, new LiveHandshakeError(403, 'Unexpected server response: 403'));
    });
  });

  it('ends with LiveProtocolError on a bad frame, closes the socket, and never throws', () => {
    const scheduler = testScheduler();
    scheduler.run(({ cold }) => {
      const { live, factory } = session(scheduler, cold('-o-s-b', { o: open, s: ready, b: (s) => s.receiveRaw('{not json') }));
      let seen: unknown;
      live.subscribe({ error: (error: unknown) => (seen = error) });
      scheduler.flush();
      expect(seen).toBeInstanceOf(LiveProtocolError);
      expect((factory.last as FakeSocket).clientClose).toEqual({ code: 1000, reason: 'protocol' });
    });
  });

  it('shares one connection between subscribers and closes it with 1000 after the last unsubscribe', () => {
    const scheduler = testScheduler();
    scheduler.run(({ cold, expectObservable }) => {
      const { live, factory } = session(scheduler, cold('-o-s', { o: open, s: ready }));
      expectObservable(live, '^-----!').toBe('---s--', { s: SETUP_COMPLETE });
      expectObservable(live, '--^-------!').toBe('---s------', { s: SETUP_COMPLETE });
      expectObservable(live, '-----------^-!').toBe('');
      scheduler.flush();
      expect(factory.sockets).toHaveLength(2);
      expect(factory.sockets[0]?.clientClose).toEqual({ code: 1000, reason: 'client closed' });
      expect(factory.sockets[1]?.clientClose).toEqual({ code: 1000, reason: 'client closed' });
    });
  });

  it('closes a socket that is still CONNECTING when unsubscribed', () => {
    const scheduler = testScheduler();
    scheduler.run(({ cold, expectObservable }) => {
      const { live, factory } = session(scheduler, cold('----o', { o: open }));
      expectObservable(live, '^-!').toBe('---');
      scheduler.flush();
      const socket = factory.last as FakeSocket;
      expect(socket.clientClose).toEqual({ code: 1000, reason: 'client closed' });
      expect(socket.sent).toEqual([]);
    });
  });

  it('walks state$ through idle, connecting, open, closing and closed', () => {
    const scheduler = testScheduler();
    scheduler.run(({ cold, expectObservable }) => {
      const { live } = session(scheduler, cold('-o-s', { o: open, s: ready }));
      const seen = statuses(live);
      expectObservable(live, '^----!').toBe('---s-', { s: SETUP_COMPLETE });
      scheduler.flush();
      expect(seen).toEqual(['idle', 'connecting', 'open', 'closing', 'closed']);
      expect(live.state).toEqual({ status: 'closed' });
    });
  });

  it('puts the error and close code on the closed state', () => {
    const scheduler = testScheduler();
    scheduler.run(({ cold }) => {
      const { live } = session(scheduler, cold('-o-s-c', { o: open, s: ready, c: (s) => s.serverClose(1007, 'bad') }));
      live.subscribe({ error: () => undefined });
      scheduler.flush();
      expect(live.state.status).toBe('closed');
      expect(live.state.closeCode).toBe(1007);
      expect(live.state.error).toBeInstanceOf(LiveInvalidArgumentError);
    });
  });
});

describe('liveSession outbox', () => {
  it('holds realtime media while the socket is congested and sends it when it drains', () => {
    const scheduler = testScheduler();
    scheduler.run(({ cold, hot }) => {
      const congest: FakeSocketAction = (s) => (s.bufferedAmount = 1_000_000);
      const relieve: FakeSocketAction = (s) => (s.bufferedAmount = 0);
      const { live, factory } = session(scheduler, cold('-o-s-c-----r', { o: open, s: ready, c: congest, r: relieve }), {
        outbox: { drainIntervalMs: 10 },
      });
      live.subscribe();
      const audio = (n: number) => ({ audio: { data: `AAA${n}`, mimeType: 'audio/pcm;rate=16000' } });
      hot('------a-b', { a: audio(1), b: audio(2) }).subscribe(live.realtimeInput);
      const sentAt: Record<number, number> = {};
      scheduler.schedule(() => (sentAt[8] = (factory.last as FakeSocket).sent.length), 8);
      scheduler.schedule(() => (sentAt[30] = (factory.last as FakeSocket).sent.length), 30);
      scheduler.flush();
      expect(sentAt).toEqual({ 8: 1, 30: 3 });
      expect(live.stats.realtimeDropped).toBe(0);
      expect((factory.last as FakeSocket).sentMessages.slice(1)).toEqual([{ realtimeInput: audio(1) }, { realtimeInput: audio(2) }]);
    });
  });

  it('drops the oldest media first beyond maxPendingRealtime and counts it, but never drops control signals', () => {
    const scheduler = testScheduler();
    scheduler.run(() => {
      const factory = fakeSocketFactory();
      const live = createLiveSession(
        { model: 'm', apiKey: API_KEY, scheduler, webSocketFactory: factory, outbox: { maxPendingRealtime: 2 } },
        factory,
      );
      const audio = (n: number) => ({ audio: { data: `AA${n}=`, mimeType: 'audio/pcm;rate=16000' } });
      live.realtimeInput.next(audio(1));
      live.realtimeInput.next({ activityStart: {} });
      live.realtimeInput.next(audio(2));
      live.realtimeInput.next(audio(3));
      live.realtimeInput.next({ audioStreamEnd: true });
      expect(live.stats).toMatchObject({ pendingRealtime: 4, realtimeDropped: 1 });
      live.subscribe();
      const socket = factory.last as FakeSocket;
      socket.open();
      socket.receive(SETUP_COMPLETE);
      expect(socket.sentMessages.slice(1)).toEqual([
        { realtimeInput: { activityStart: {} } },
        { realtimeInput: audio(2) },
        { realtimeInput: audio(3) },
        { realtimeInput: { audioStreamEnd: true } },
      ]);
      expect(live.stats).toMatchObject({ pendingRealtime: 0, realtimeDropped: 1, framesSent: 4 });
    });
  });

  it('sends media given in reaction to state open straight to the wire: none waits, none is dropped', () => {
    const factory = fakeSocketFactory();
    const live = createLiveSession({ model: 'm', apiKey: API_KEY, webSocketFactory: factory, outbox: { maxPendingRealtime: 2 } }, factory);
    const audio = (n: number) => ({ audio: { data: `AA${n}=`, mimeType: 'audio/pcm;rate=16000' } });
    live.clientContent.next({ turns: 'first' });
    const streaming = live.state$.subscribe((state) => {
      if (state.status === 'open') for (let n = 0; n < 5; n++) live.realtimeInput.next(audio(n));
    });
    const sub = live.subscribe();
    const socket = factory.last as FakeSocket;
    socket.open();
    socket.receive(SETUP_COMPLETE);
    expect(socket.sentMessages.slice(1)).toEqual([
      { clientContent: { turns: [{ role: 'user', parts: [{ text: 'first' }] }], turnComplete: true } },
      ...[0, 1, 2, 3, 4].map((n) => ({ realtimeInput: audio(n) })),
    ]);
    expect(live.stats.realtimeDropped).toBe(0);
    streaming.unsubscribe();
    sub.unsubscribe();
  });

  it('refuses a reliable message beyond maxPendingMessages with LiveOutboxOverflowError and keeps the others', () => {
    const factory = fakeSocketFactory();
    const live = createLiveSession({ model: 'm', apiKey: API_KEY, webSocketFactory: factory, outbox: { maxPendingMessages: 2 } }, factory);
    live.clientContent.next({ turns: 'one' });
    live.toolResponse.next({ functionResponses: { id: 'c1', name: 'f', response: { ok: true } } });
    expect(refusalOf(live, () => live.clientContent.next({ turns: 'three' }))).toBeInstanceOf(LiveOutboxOverflowError);
    const sub = live.subscribe();
    const socket = factory.last as FakeSocket;
    socket.open();
    socket.receive(SETUP_COMPLETE);
    expect(socket.sentMessages.slice(1)).toEqual([
      { clientContent: { turns: [{ role: 'user', parts: [{ text: 'one' }] }], turnComplete: true } },
      { toolResponse: { functionResponses: [{ id: 'c1', name: 'f', response: { ok: true } }] } },
    ]);
    sub.unsubscribe();
  });

  it('refuses invalid sink values with LiveInputError on refused$, without throwing, and queues nothing', () => {
    const factory = fakeSocketFactory();
    const live = createLiveSession({ model: 'm', apiKey: API_KEY, webSocketFactory: factory }, factory);
    expect(refusalOf(live, () => live.realtimeInput.next({ audio: { data: 'AAAA', mimeType: 'video/mp4' } }))).toBeInstanceOf(LiveInputError);
    expect(refusalOf(live, () => live.realtimeInput.next({ video: { data: 'AAAA', mimeType: 'audio/pcm' } }))).toBeInstanceOf(LiveInputError);
    expect(refusalOf(live, () => live.clientContent.next({ turns: [{ functionCall: { name: 'f', args: {} } }] }))).toBeInstanceOf(LiveInputError);
    expect(live.stats).toMatchObject({ pendingMessages: 0, pendingRealtime: 0 });
  });

  it('keeps sinks usable after a source completes or errors', () => {
    const factory = fakeSocketFactory();
    const live = createLiveSession({ model: 'm', apiKey: API_KEY, webSocketFactory: factory }, factory);
    const first = new Subject<{ text: string }>();
    first.subscribe(live.realtimeInput);
    first.next({ text: 'a' });
    first.complete();
    const second = new Subject<{ text: string }>();
    second.subscribe(live.realtimeInput);
    second.next({ text: 'b' });
    second.error(new Error('source failed'));
    live.realtimeInput.next({ text: 'c' });
    expect(live.stats.pendingRealtime).toBe(3);
  });
});

describe('liveSession options', () => {
  it('throws LiveConfigError before any socket for invalid config', () => {
    const factory = fakeSocketFactory();
    expect(() =>
      createLiveSession({ model: 'm', apiKey: API_KEY, webSocketFactory: factory, config: { responseModalities: ['AUDIO', 'TEXT'] } }, factory),
    ).toThrow(LiveConfigError);
    expect(() => createLiveSession({ model: '../etc', apiKey: API_KEY, webSocketFactory: factory }, factory)).toThrow(LiveConfigError);
    expect(() => createLiveSession({ model: 'm', apiKey: API_KEY, webSocketFactory: factory, setupTimeoutMs: -1 }, factory)).toThrow(
      LiveConfigError,
    );
    expect(factory.sockets).toHaveLength(0);
  });

  it('never shows the API key in errors, reasons or state', () => {
    const scheduler = testScheduler();
    scheduler.run(({ cold }) => {
      const { live, factory } = session(
        scheduler,
        cold('-o-c', { o: open, c: (s) => s.serverClose(1007, `API key ${API_KEY} expired. url=wss://h/ws?key=${API_KEY}`) }),
      );
      let seen: Error | undefined;
      live.subscribe({ error: (error: Error) => (seen = error) });
      scheduler.flush();
      expect(factory.last?.request.url).toContain(API_KEY);
      expect(seen?.message).toContain('expired');
      expect(JSON.stringify({ message: seen?.message, state: live.state, reason: (seen as LiveCloseError).reason })).not.toContain(API_KEY);
    });
  });
});
