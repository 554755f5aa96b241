import { Subject } from 'rxjs';
import { LiveHandshakeError, LiveServerError, liveSession } from '../../lib/index';
import { type FakeSocket, type FakeSocketAction, fakeSocketFactory, scriptedSocketFactory, serverMessages as m } from '../../lib/testing';
import { testScheduler } from '../support/marbles';

const request = { url: 'wss://example.test/ws', headers: {} };

describe('FakeSocket', () => {
  it('refuses send() while CONNECTING and discards frames after close, like a real WebSocket', () => {
    const socket = fakeSocketFactory()(request);
    expect(() => socket.send('early')).toThrow(/CONNECTING/);
    socket.open();
    socket.send('one');
    socket.close(1000, 'bye');
    socket.send('late');
    expect(socket.sent).toEqual(['one']);
    expect(socket.clientClose).toEqual({ code: 1000, reason: 'bye' });
  });

  it('delivers server messages as pretty JSON in binary frames by default, or as text', () => {
    const socket = fakeSocketFactory((created) => created.open())(request);
    const frames: unknown[] = [];
    socket.onmessage = (event) => frames.push(event.data);
    socket.receive(m.setupComplete());
    socket.receive(m.text('Hi'), 'text');
    expect(frames[0]).toBeInstanceOf(ArrayBuffer);
    expect(new TextDecoder().decode(frames[0] as ArrayBuffer)).toBe('{\n  "setupComplete": {}\n}\n');
    expect(JSON.parse(frames[1] as string)).toEqual(m.text('Hi'));
  });

  it('drops with an error and close 1006, refuses with the HTTP status, and runs close hooks once', () => {
    const events: string[] = [];
    const socket = fakeSocketFactory()(request);
    socket.onerror = (event) => events.push(`error ${event.message} ${event.httpStatus}`);
    socket.onclose = (event) => events.push(`close ${event.code} ${event.wasClean}`);
    socket.afterClose(() => events.push('hook'));
    socket.refuse(403);
    socket.drop();
    socket.afterClose(() => events.push('late hook'));
    expect(events).toEqual(['error Unexpected server response: 403 403', 'close 1006 false', 'hook', 'late hook']);
  });

  it('lets a real session be driven at the socket level', () => {
    const factory = fakeSocketFactory((socket) => socket.open());
    const errors: unknown[] = [];
    liveSession({ model: 'gemini-live-test', apiKey: 'k', webSocketFactory: factory }).subscribe({ error: (error) => errors.push(error) });
    const socket = factory.last as FakeSocket;
    expect(socket.sentMessages).toEqual([{ setup: { model: 'models/gemini-live-test' } }]);
    socket.serverClose(1011, 'Internal error encountered.');
    expect(errors).toEqual([new LiveServerError('Internal error encountered.', true)]);
    expect(errors[0]).toBeInstanceOf(LiveServerError);
  });
});

describe('scriptedSocketFactory', () => {
  it('plays the script on every socket from its creation, and stops it when the socket closes', () => {
    testScheduler().run(({ cold, expectSubscriptions }) => {
      const script = cold<FakeSocketAction>('-o-s-c', {
        o: (socket) => socket.open(),
        s: (socket) => socket.receive(m.setupComplete()),
        c: (socket) => socket.serverClose(1011),
      });
      const factory = scriptedSocketFactory(script);
      factory(request);
      cold('--x').subscribe(() => factory(request));
      expectSubscriptions(script.subscriptions).toBe(['^----!', '--^----!']);
    });
  });

  it('gives each socket its own script when given a function of the socket index', () => {
    const scripts = [new Subject<FakeSocketAction>(), new Subject<FakeSocketAction>()];
    const factory = scriptedSocketFactory((index) => scripts[index] ?? new Subject());
    const errors: unknown[] = [];
    const session = liveSession({ model: 'm', apiKey: 'k', webSocketFactory: factory });
    session.subscribe({ error: (error) => errors.push(error) });
    scripts[0]?.next((socket) => socket.refuse(503));
    const second = session.subscribe();
    scripts[1]?.next((socket) => socket.open());
    expect(errors).toEqual([new LiveHandshakeError(503, 'Unexpected server response: 503')]);
    expect(factory.sockets.map((socket) => socket.sentMessages)).toEqual([[], [{ setup: { model: 'models/m' } }]]);
    expect(scripts[0]?.observed).toBe(false);
    // Without setupComplete the session's real setup timer is running: closing stops it.
    second.unsubscribe();
    expect(factory.sockets[1]?.clientClose).toEqual({ code: 1000, reason: 'client closed' });
    expect(scripts[1]?.observed).toBe(false);
  });
});
