import { concatWith, map, NEVER, Observable, of, Subject, take } from 'rxjs';
import { TestScheduler } from 'rxjs/testing';
import {
  type LiveClientContentInput,
  type LiveContextUpdateInput,
  LiveInputError,
  LiveProtocolError,
  type LiveRealtimeInput,
  LiveServerError,
  type LiveSession,
  type LiveSessionState,
  type LiveToolResponseInput,
  liveSession,
  toClientContent,
  toContextUpdate,
  toRealtimeInput,
  toToolResponse,
} from '../../lib/index';
import {
  closeError,
  fakeLiveSession,
  fakeSocketFactory,
  type FakeSocket,
  serverMessages as m,
  sessionStates as s,
} from '../../lib/testing';
import { testScheduler } from '../support/marbles';
import { refusalOf } from '../support/refusals';

const validClientContent: LiveClientContentInput[] = [
  { turns: 'Hello' },
  { turns: [{ role: 'model', parts: [{ text: 'Hi' }] }], turnComplete: false },
  {},
];
const validRealtimeInput: LiveRealtimeInput[] = [
  { audio: { data: 'AAAA', mimeType: 'audio/pcm;rate=16000' } },
  { text: 'hi' },
  { activityStart: {} },
  { audioStreamEnd: true },
];
const validToolResponse: LiveToolResponseInput[] = [{ functionResponses: { id: 'c1', name: 'f', response: { output: 1 } } }];
const validContextUpdate: LiveContextUpdateInput[] = [{ systemInstruction: 'Answer in French.' }];

/** Each sink with values it accepts and values it refuses, shared by the fake and the real session. */
const inputs: Record<'clientContent' | 'realtimeInput' | 'toolResponse' | 'contextUpdate', { valid: readonly unknown[]; invalid: readonly unknown[] }> = {
  clientContent: {
    valid: validClientContent,
    invalid: [{ turns: [] }, { turns: 'x', extra: 1 }, { turns: [{ functionCall: { name: 'f' } }] }, { turnComplete: 'yes' }],
  },
  realtimeInput: {
    valid: validRealtimeInput,
    invalid: [{}, { audio: { data: 'AAAA', mimeType: 'video/mp4' } }, { text: 'a', audioStreamEnd: true }, { video: { mimeType: 'image/jpeg' } }],
  },
  toolResponse: {
    valid: validToolResponse,
    invalid: [{ functionResponses: [] }, { functionResponses: { name: 'f', response: {} } }, { functionResponses: { id: 'c1', name: 'f' } }],
  },
  contextUpdate: {
    valid: validContextUpdate,
    invalid: [{ systemInstruction: 42 }, { tools: [] }, { unknown: true }],
  },
};

type SinkName = keyof typeof inputs;
const sinkNames = Object.keys(inputs) as SinkName[];

/** Calls `session[sink].next(value)` with a value the test deliberately types loosely. */
function send(session: LiveSession, sink: SinkName, value: unknown): void {
  (session[sink] as unknown as { next(value: unknown): void }).next(value);
}


/** A real session over a fake socket that has completed setup. */
function realOpenSession(): { session: LiveSession; socket: FakeSocket } {
  const factory = fakeSocketFactory((socket) => socket.open());
  const session = liveSession({ model: 'gemini-live-test', apiKey: 'AIzaTestKey', webSocketFactory: factory });
  session.subscribe();
  const socket = factory.last as FakeSocket;
  socket.receive(m.setupComplete());
  return { session, socket };
}

describe('fakeLiveSession', () => {
  it('is a LiveSession and an Observable instance, like the real one', () => {
    const fake: LiveSession = fakeLiveSession(NEVER);
    expect(fake).toBeInstanceOf(Observable);
    expect(realOpenSession().session).toBeInstanceOf(Observable);
    expect(fake.state).toEqual({ status: 'idle' });
  });

  it('runs the script only once subscribed, shares it among concurrent subscribers, and starts it again after it ended', () => {
    testScheduler().run(({ cold, expectObservable, expectSubscriptions }) => {
      const server = cold('-a-b|', { a: m.text('Hel'), b: m.text('lo') });
      const fake = fakeLiveSession(server);
      expect(fake.connections).toBe(0);
      expectObservable(fake, '^----------').toBe('-a-b|', { a: m.text('Hel'), b: m.text('lo') });
      expectObservable(fake, '--^--------').toBe('---b|', { b: m.text('lo') });
      expectObservable(fake, '-------^---').toBe('--------a-b|', { a: m.text('Hel'), b: m.text('lo') });
      expectSubscriptions(server.subscriptions).toBe(['^---!', '-------^---!']);
    });
  });

  it('gives the function form of the script the connection index, and counts connections', () => {
    testScheduler().run(({ cold, expectObservable }) => {
      const fake = fakeLiveSession((index) => cold('-a|', { a: m.text(`connection ${index}`) }));
      expectObservable(fake, '^').toBe('-a|', { a: m.text('connection 0') });
      expectObservable(fake, '---^').toBe('----b|', { b: m.text('connection 1') });
    });
    const fake = fakeLiveSession(new Subject());
    const first = fake.subscribe();
    expect([fake.connections, fake.connected]).toEqual([1, true]);
    fake.subscribe().unsubscribe();
    first.unsubscribe();
    expect([fake.connections, fake.connected]).toEqual([1, false]);
    fake.subscribe();
    expect([fake.connections, fake.connected]).toEqual([2, true]);
  });

  describe('sinks', () => {
    it.each(sinkNames)('%s refuses exactly the values the real session refuses, with the same LiveInputError on refused$', (sink) => {
      const { session: real } = realOpenSession();
      const fake = fakeLiveSession(NEVER);
      for (const value of inputs[sink].invalid) {
        const fromFake = refusalOf(fake, () => send(fake, sink, value));
        expect(fromFake).toBeInstanceOf(LiveInputError);
        expect(fromFake).toEqual(refusalOf(real, () => send(real, sink, value)));
      }
      expect(fake.sent.all.values).toEqual([]);
    });

    it('records the very messages the real session puts on the wire, in call order', () => {
      const { session: real, socket } = realOpenSession();
      const fake = fakeLiveSession(NEVER);
      for (const sink of sinkNames) {
        for (const value of inputs[sink].valid) {
          send(real, sink, value);
          send(fake, sink, value);
        }
      }
      expect(fake.sent.all.values).toEqual(socket.sentMessages.slice(1));
      expect(fake.sent.clientContent.values).toEqual(validClientContent.map((value) => toClientContent(value)));
      expect(fake.sent.realtimeInput.values).toEqual(validRealtimeInput.map((value) => toRealtimeInput(value)));
      expect(fake.sent.toolResponse.values).toEqual(validToolResponse.map((value) => toToolResponse(value, { kind: 'gemini' })));
      expect(fake.sent.contextUpdate.values).toEqual(validContextUpdate.map((value) => toContextUpdate(value)));
    });

    it('applies the backend rules given: Vertex AI takes tool responses without an id', () => {
      const response = { functionResponses: { name: 'f', response: { output: 1 } } };
      const gemini = fakeLiveSession(NEVER);
      expect(refusalOf(gemini, () => gemini.toolResponse.next(response))).toBeInstanceOf(LiveInputError);
      const vertex = fakeLiveSession(NEVER, { backend: { kind: 'vertex', project: 'p', location: 'us-central1' } });
      vertex.toolResponse.next(response);
      expect(vertex.sent.toolResponse.values).toEqual([{ toolResponse: { functionResponses: [response.functionResponses] } }]);
    });

    it('keeps recording after a source completes or errors into a sink, as the real sinks do', () => {
      const fake = fakeLiveSession(NEVER);
      of({ turns: 'one' }).subscribe(fake.clientContent);
      fake.clientContent.error(new Error('the source failed'));
      fake.clientContent.next({ turns: 'two' });
      expect(fake.sent.clientContent.values).toEqual([toClientContent({ turns: 'one' }), toClientContent({ turns: 'two' })]);
    });

    it('emits what was sent at the frame it was sent in, including before the expectation subscribed', () => {
      testScheduler().run(({ hot, expectObservable }) => {
        const fake = fakeLiveSession(NEVER);
        fake.clientContent.next({ turns: 'at once' });
        hot('--a-b', { a: { text: 'one' }, b: { text: 'two' } }).subscribe(fake.realtimeInput);
        expectObservable(fake.sent.clientContent).toBe('a', { a: toClientContent({ turns: 'at once' }) });
        expectObservable(fake.sent.realtimeInput).toBe('--a-b', { a: toRealtimeInput({ text: 'one' }), b: toRealtimeInput({ text: 'two' }) });
        expectObservable(fake.sent.all.pipe(map((message) => Object.keys(message)[0]))).toBe('c-r-r', { c: 'clientContent', r: 'realtimeInput' });
      });
    });

    it('emits raw accepted values from the sink itself, which is a Subject', () => {
      const fake = fakeLiveSession(NEVER);
      const raw: unknown[] = [];
      fake.clientContent.subscribe((value) => raw.push(value));
      fake.clientContent.next({ turns: 'Hi' });
      expect(refusalOf(fake, () => fake.clientContent.next({ turns: [] }))).toBeInstanceOf(LiveInputError);
      expect(raw).toEqual([{ turns: 'Hi' }]);
    });
  });

  describe('state$', () => {
    it('follows the connection: idle, open on connect, closed with 1000 when the script completes', () => {
      testScheduler().run(({ cold, expectObservable }) => {
        const fake = fakeLiveSession(cold('---|'));
        expectObservable(fake.state$).toBe('i-o--c', { i: s.idle(), o: s.open(), c: s.closed(1000) });
        cold('--x').subscribe(() => fake.subscribe());
      });
    });

    it('ends closed with the typed error when the script errors with a close error', () => {
      testScheduler().run(({ cold, expectObservable }) => {
        const fake = fakeLiveSession(cold('-a-#', { a: m.text('Hi') }, closeError(1011, 'Internal error encountered.')));
        expectObservable(fake).toBe('-a-#', { a: m.text('Hi') }, new LiveServerError('Internal error encountered.', true));
        expectObservable(fake.state$).toBe('o--c', { o: s.open(), c: s.closed(1011, 'Internal error encountered.') });
      });
      const failed = fakeLiveSession(cold$Error(new LiveProtocolError(['serverContent: expected object'], '{}')));
      failed.subscribe({ error: () => undefined });
      expect(failed.state).toEqual(s.failed(new LiveProtocolError(['serverContent: expected object'], '{}')));
      expect(failed.state.error).toBeInstanceOf(LiveProtocolError);
    });

    it('goes closed without a code when the last subscriber leaves', () => {
      testScheduler().run(({ expectObservable }) => {
        const fake = fakeLiveSession(NEVER);
        expectObservable(fake, '^--!').toBe('');
        expectObservable(fake.state$).toBe('o--c', { o: s.open(), c: s.closed() });
      });
    });

    it('can be scripted instead, with states or bare statuses, reconnecting included', () => {
      testScheduler().run(({ cold, expectObservable }) => {
        const script = cold<LiveSessionState | 'open' | 'reconnecting'>('c-o--r-o-x', {
          c: s.connecting(),
          o: 'open',
          r: 'reconnecting',
          x: s.closed(1007, 'Request contains an invalid argument.'),
        });
        const fake = fakeLiveSession(NEVER, { state: script });
        fake.subscribe();
        expectObservable(fake.state$.pipe(map((state) => state.status))).toBe('c-o--r-o-x', {
          c: 'connecting',
          o: 'open',
          r: 'reconnecting',
          x: 'closed',
        });
        cold('---------x').subscribe(() => expect(fake.state).toEqual(s.closed(1007, 'Request contains an invalid argument.')));
      });
    });
  });

  describe('replaceConnection', () => {
    const half = m.text('The capital');
    const full = m.text('The capital of France is Paris.');

    it('stops the script, emits the marker, moves state$ through reconnecting to open, and starts the next connection', () => {
      testScheduler().run(({ cold, expectObservable, expectSubscriptions }) => {
        const first = cold('-a----b', { a: half, b: m.text(' never sent') });
        const second = cold('-d---|', { d: full });
        const fake = fakeLiveSession((index) => (index === 0 ? first : second));
        cold('----x').subscribe(() => fake.replaceConnection());

        expectObservable(fake).toBe('-a--rd---|', { a: half, r: m.connectionReplaced('closed'), d: full });
        expectObservable(fake.state$).toBe('o---(ro)-c', { o: s.open(), r: s.reconnecting(), c: s.closed(1000) });
        expectSubscriptions(first.subscriptions).toBe('^---!');
        expectSubscriptions(second.subscriptions).toBe('----^----!');
      });
    });

    it('counts the new connection and emits the reason given, once per call, to every subscriber', () => {
      const fake = fakeLiveSession((index) => of(m.text(`connection ${index}`)).pipe(concatWith(NEVER)));
      const seen: { first: unknown[]; second: unknown[] } = { first: [], second: [] };
      const first = fake.subscribe((message) => seen.first.push(message));
      const second = fake.subscribe((message) => seen.second.push(message));
      fake.replaceConnection('goAway');
      fake.replaceConnection('unresponsive');
      expect([fake.connections, fake.connected]).toEqual([3, true]);
      const expected = [
        m.text('connection 0'),
        m.connectionReplaced('goAway'),
        m.text('connection 1'),
        m.connectionReplaced('unresponsive'),
        m.text('connection 2'),
      ];
      expect(seen.first).toEqual(expected);
      // The second subscriber joined the running connection, as with a real session.
      expect(seen.second).toEqual(expected.slice(1));
      first.unsubscribe();
      second.unsubscribe();
      expect([fake.connected, fake.state]).toEqual([false, s.closed()]);
    });

    it('subscribes a plain Observable script again, as the next connection', () => {
      testScheduler().run(({ cold, expectObservable, expectSubscriptions }) => {
        const server = cold('-a-b', { a: half, b: full });
        const fake = fakeLiveSession(server);
        cold('--x').subscribe(() => fake.replaceConnection('goAway'));
        expectObservable(fake).toBe('-ara-b', { a: half, r: m.connectionReplaced('goAway'), b: full });
        expectSubscriptions(server.subscriptions).toBe(['^-!', '--^']);
      });
    });

    it('leaves a scripted state$ to its script', () => {
      testScheduler().run(({ cold, expectObservable }) => {
        const fake = fakeLiveSession(NEVER, { state: cold('o', { o: 'open' }) });
        fake.subscribe();
        cold('--x').subscribe(() => fake.replaceConnection());
        expectObservable(fake.state$).toBe('o', { o: s.open() });
      });
    });

    it('throws when no connection is open: before anyone subscribed, and after the script ended', () => {
      const fake = fakeLiveSession(of(m.text('Hi')));
      expect(() => fake.replaceConnection()).toThrow('no connection is open');
      fake.subscribe();
      expect(fake.connected).toBe(false);
      expect(() => fake.replaceConnection()).toThrow('no connection is open');
      expect(fake.connections).toBe(1);
    });
  });

  it('passes an error of the state or stats script to state$ or stats$ subscribers', () => {
    testScheduler().run(({ cold, expectObservable }) => {
      const fake = fakeLiveSession(NEVER, { state: cold('o-#', { o: 'open' }, 'bad state script'), stats: cold('#', undefined, 'bad stats script') });
      expectObservable(fake.state$).toBe('o-#', { o: s.open() }, 'bad state script');
      expectObservable(fake.stats$).toBe('#', undefined, 'bad stats script');
    });
  });

  describe('stats$', () => {
    it('counts every message sent as written at once, by default', () => {
      const fake = fakeLiveSession(NEVER);
      const seen: number[] = [];
      fake.stats$.subscribe((stats) => seen.push(stats.framesSent));
      fake.clientContent.next({ turns: 'Hi' });
      fake.realtimeInput.next({ text: 'there' });
      expect(seen).toEqual([0, 1, 2]);
      expect(fake.stats).toEqual({
        pendingMessages: 0,
        pendingRealtime: 0,
        realtimeDropped: 0,
        framesSent: 2,
        charsSent: JSON.stringify(toClientContent({ turns: 'Hi' })).length + JSON.stringify(toRealtimeInput({ text: 'there' })).length,
      });
    });

    it('can be scripted, e.g. to show dropped audio', () => {
      testScheduler().run(({ cold, expectObservable }) => {
        const dropped = (count: number) => ({ pendingMessages: 0, pendingRealtime: 50, realtimeDropped: count, framesSent: 0, charsSent: 0 });
        const fake = fakeLiveSession(NEVER, { stats: cold('-a-b', { a: dropped(1), b: dropped(7) }) });
        fake.realtimeInput.next({ text: 'not counted when scripted' });
        expectObservable(fake.stats$.pipe(map((stats) => stats.realtimeDropped))).toBe('za-b', { z: 0, a: 1, b: 7 });
      });
    });
  });

  it('works with TestScheduler outside run(), as jest-marbles and rxjs-marbles use it (10 time units a frame)', () => {
    const scheduler = new TestScheduler((actual, expected) => expect(actual).toEqual(expected));
    const server = scheduler.createColdObservable('-a-b-|', { a: m.text('Hel'), b: m.turnComplete() });
    const fake = fakeLiveSession(server);
    scheduler.createHotObservable('---q', { q: { turns: 'Hello' } }).subscribe(fake.clientContent);
    scheduler.expectObservable(fake.pipe(take(2))).toBe('-a-(b|)', { a: m.text('Hel'), b: m.turnComplete() });
    scheduler.expectObservable(fake.sent.clientContent).toBe('---q', { q: toClientContent({ turns: 'Hello' }) });
    scheduler.flush();
    expect(server.subscriptions.map(({ subscribedFrame, unsubscribedFrame }) => [subscribedFrame, unsubscribedFrame])).toEqual([[0, 30]]);
  });
});

function cold$Error(error: unknown): Observable<never> {
  return new Observable((subscriber) => subscriber.error(error));
}
