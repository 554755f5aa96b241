/**
 * Proof: a small Angular-style service (a plain class with a destroy hook, as `DestroyRef` offers),
 * marble-tested with only the public entries. docs/testing.md walks through the same code.
 */
import { filter, map, type Observable, scan, share, Subject, takeUntil } from 'rxjs';
import type { LiveSession, LiveSessionStatus } from '../../lib/index';
import { fakeLiveSession, serverMessages as m, sessionStates as s } from '../../lib/testing';
import { testScheduler } from '../support/marbles';

// ---- the code under test ----

/** The part of Angular's `DestroyRef` the service needs. */
interface DestroyHook {
  onDestroy(callback: () => void): void;
}

/**
 * One conversation per component: connects when created, closes when the component is destroyed.
 * In an Angular app the session and `DestroyRef` come from `inject()`.
 */
class AssistantService {
  /** What the model has said so far (its output transcript). */
  readonly transcript$: Observable<string>;
  /** For a status badge. */
  readonly status$: Observable<LiveSessionStatus>;

  constructor(
    private readonly session: LiveSession,
    destroyRef: DestroyHook,
  ) {
    const destroyed$ = new Subject<void>();
    destroyRef.onDestroy(() => destroyed$.next());
    const messages$ = session.pipe(takeUntil(destroyed$), share());
    this.transcript$ = messages$.pipe(
      map((message) => message.serverContent?.outputTranscription?.text ?? ''),
      filter((text) => text !== ''),
      scan((transcript, text) => transcript + text, ''),
    );
    this.status$ = session.state$.pipe(map((state) => state.status));
    // Keeps the connection open for the component's whole life, whoever listens.
    messages$.subscribe();
  }

  say(text: string): void {
    this.session.realtimeInput.next({ text });
  }
}

/** Stands in for Angular's `DestroyRef` in a test. */
class TestDestroyRef implements DestroyHook {
  private readonly callbacks: (() => void)[] = [];

  onDestroy(callback: () => void): void {
    this.callbacks.push(callback);
  }

  destroy(): void {
    for (const callback of this.callbacks.splice(0)) callback();
  }
}

// ---- the tests ----

describe('an Angular-style service on a fake session', () => {
  it('connects when created, shows the transcript, and closes the connection on destroy', () => {
    testScheduler().run(({ hot, cold, expectObservable, expectSubscriptions }) => {
      const server = hot('-a-b--c', { a: m.outputTranscript('Hello'), b: m.outputTranscript(' there.'), c: m.outputTranscript(' Too late') });
      const session = fakeLiveSession(server);
      const destroyRef = new TestDestroyRef();
      const service = new AssistantService(session, destroyRef);
      cold('----d').subscribe(() => destroyRef.destroy());

      expectObservable(service.transcript$).toBe('-a-b|', { a: 'Hello', b: 'Hello there.' });
      expectObservable(service.status$).toBe('o---c', { o: 'open', c: 'closed' });
      expectSubscriptions(server.subscriptions).toBe('^---!');
    });
  });

  it('sends what the user types as realtime text', () => {
    testScheduler().run(({ hot, cold, expectObservable }) => {
      const session = fakeLiveSession(hot('-'));
      const service = new AssistantService(session, new TestDestroyRef());
      cold('--x', { x: 'What time is it?' }).subscribe((text) => service.say(text));
      expectObservable(session.sent.realtimeInput).toBe('--x', { x: { realtimeInput: { text: 'What time is it?' } } });
    });
  });

  it('shows a reconnect and the final failure from a scripted state$', () => {
    testScheduler().run(({ hot, cold, expectObservable }) => {
      const state = cold('o--r-o--x', { o: s.open(), r: s.reconnecting(), x: s.closed(1011, 'Internal error encountered.') });
      const service = new AssistantService(fakeLiveSession(hot('-'), { state }), new TestDestroyRef());
      expectObservable(service.status$).toBe('o--r-o--c', { o: 'open', r: 'reconnecting', c: 'closed' });
    });
  });

  it('opens one connection however many parts of the page listen', () => {
    const session = fakeLiveSession(new Subject());
    const service = new AssistantService(session, new TestDestroyRef());
    service.transcript$.subscribe();
    service.transcript$.subscribe();
    expect(session.connections).toBe(1);
    expect(session.connected).toBe(true);
  });
});
