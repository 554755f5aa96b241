/**
 * SharedConnection: the session's own `share()`, with the outbox cleared when a connection is over.
 * Driven through a plain Observable source that counts its subscriptions.
 */
import { Observable, type Subscriber, take } from 'rxjs';
import { TestScheduler } from 'rxjs/testing';
import { SharedConnection } from '../../lib/session/sharedConnection';

interface Probe {
  readonly source: Observable<string>;
  readonly opened: Subscriber<string>[];
  readonly log: string[];
  readonly outbox: { clear(): void };
  closedSources: number;
}

function probe(): Probe {
  const log: string[] = [];
  const result: Probe = {
    opened: [],
    log,
    closedSources: 0,
    outbox: { clear: () => log.push('clear') },
    source: new Observable<string>((subscriber) => {
      result.opened.push(subscriber);
      log.push(`open ${result.opened.length}`);
      return () => {
        result.closedSources += 1;
        log.push('source closed');
      };
    }),
  };
  return result;
}

function shared(p: Probe): Observable<string> {
  const connection = new SharedConnection(p.source, p.outbox);
  return new Observable<string>((subscriber) => connection.subscribe(subscriber));
}

describe('SharedConnection', () => {
  it('gives every subscriber the same connection and closes it, then clears the outbox, when the last one leaves', () => {
    const p = probe();
    const session = shared(p);
    const seen: string[] = [];
    const a = session.subscribe((value) => seen.push(`a ${value}`));
    const b = session.subscribe((value) => seen.push(`b ${value}`));
    p.opened[0]?.next('x');
    a.unsubscribe();
    expect(p.closedSources).toBe(0);
    b.unsubscribe();
    expect(p.opened).toHaveLength(1);
    expect(seen).toEqual(['a x', 'b x']);
    expect(p.log).toEqual(['open 1', 'source closed', 'clear']);
  });

  it('keeps delivering to the others when the first subscriber leaves after a second one joined', () => {
    const p = probe();
    const session = shared(p);
    const seen: string[] = [];
    const first = session.subscribe((value) => seen.push(`first ${value}`));
    p.opened[0]?.next('a');
    const second = session.subscribe((value) => seen.push(`second ${value}`));
    p.opened[0]?.next('b');
    first.unsubscribe();
    p.opened[0]?.next('c');
    const third = session.subscribe((value) => seen.push(`third ${value}`));
    p.opened[0]?.next('d');
    second.unsubscribe();
    third.unsubscribe();
    expect(seen).toEqual(['first a', 'first b', 'second b', 'second c', 'second d', 'third d']);
    expect(p.opened).toHaveLength(1);
    expect(p.log).toEqual(['open 1', 'source closed', 'clear']);
  });

  it('errors every subscriber, the one that came first and those in the subject', () => {
    const p = probe();
    const session = shared(p);
    const errors: string[] = [];
    session.subscribe({ error: () => errors.push('first') });
    session.subscribe({ error: () => errors.push('second') });
    p.opened[0]?.error(new Error('dropped'));
    expect(errors).toEqual(['first', 'second']);
  });

  it('clears the outbox before any subscriber hears of an error, and a subscriber that retries at once gets a new connection', () => {
    const p = probe();
    const session = shared(p);
    let retried = false;
    session.subscribe({
      error: () => {
        p.log.push('error seen');
        if (retried) return;
        retried = true;
        session.subscribe({ error: () => undefined });
      },
    });
    p.opened[0]?.error(new Error('dropped'));
    expect(p.log.slice(0, 3)).toEqual(['open 1', 'clear', 'error seen']);
    // The retry's connection is open, and the old subscriber's leaving does not close it.
    expect(p.opened).toHaveLength(2);
    expect(p.opened[1]?.closed).toBe(false);
  });

  it('completes every subscriber after clearing, and the next subscriber opens a new connection', () => {
    const p = probe();
    const session = shared(p);
    const events: string[] = [];
    session.subscribe({ complete: () => events.push(`complete after ${p.log.join(', ')}`) });
    p.opened[0]?.complete();
    expect(events).toEqual(['complete after open 1, clear']);
    expect(p.log).toEqual(['open 1', 'clear', 'source closed']);
    session.subscribe();
    expect(p.opened).toHaveLength(2);
  });

  it('handles a source that ends while it is being subscribed', () => {
    const log: string[] = [];
    let subscriptions = 0;
    const source = new Observable<string>((subscriber) => {
      subscriptions += 1;
      subscriber.next('only');
      subscriber.complete();
    });
    const connection = new SharedConnection(source, { clear: () => log.push('clear') });
    const session = new Observable<string>((subscriber) => connection.subscribe(subscriber));
    const values: string[] = [];
    session.subscribe((value) => values.push(value));
    session.subscribe((value) => values.push(value));
    expect(subscriptions).toBe(2);
    expect(values).toEqual(['only', 'only']);
    expect(log).toEqual(['clear', 'clear']);
  });

  it('lets a subscriber leave during a synchronous first value without leaving the source open', () => {
    let closed = 0;
    const source = new Observable<number>((subscriber) => {
      subscriber.next(1);
      return () => (closed += 1);
    });
    const connection = new SharedConnection(source, { clear: () => undefined });
    const session = new Observable<number>((subscriber) => connection.subscribe(subscriber));
    const values: number[] = [];
    session.pipe(take(1)).subscribe((value) => values.push(value));
    expect(values).toEqual([1]);
    expect(closed).toBe(1);
  });

  it('shares in virtual time as share() does: late subscribers see only later values', () => {
    new TestScheduler((actual, expected) => expect(actual).toEqual(expected)).run(({ cold, expectObservable, expectSubscriptions }) => {
      const source = cold('a-b-c-|');
      const connection = new SharedConnection(source, { clear: () => undefined });
      const session = new Observable<string>((subscriber) => connection.subscribe(subscriber));
      expectObservable(session).toBe('a-b-c-|');
      expectObservable(session, '--^').toBe('--b-c-|');
      expectSubscriptions(source.subscriptions).toBe('^-----!');
    });
  });
});
