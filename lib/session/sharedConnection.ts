import { type Observable, type Observer, Subject, type Subscriber, Subscription } from 'rxjs';

/**
 * Shares one connection among every subscriber of a session, as `share()` does with its defaults:
 * the first subscriber opens it, the last one to leave closes it, and after it ends (an error or a
 * normal close) the next subscriber opens a new one. Written out rather than `finalize(...)` plus
 * `share()`, because a server process keeps this for every session it holds: here it is one object
 * and one subject, where the operators keep a subscriber, an observer and a dozen closures each.
 *
 * What still waits in the outbox when a conversation ends belongs to it: a later subscription starts a
 * new conversation, which a stale `toolResponse` would get closed with 1007. So the outbox is cleared
 * once per connection when it is over, before any subscriber hears how it ended: a subscriber that
 * reconnects at once (`retry()`) starts with the old conversation's frames gone rather than having
 * its own cleared behind it.
 */
export class SharedConnection<T> implements Observer<T> {
  private subject: Subject<T> | undefined;
  private connection: Subscription | undefined;
  private subscribers = 0;

  constructor(
    private readonly source: Observable<T>,
    private readonly outbox: { clear(): void },
  ) {}

  /** Adds `subscriber`, opening the connection if it is the first. */
  subscribe(subscriber: Subscriber<T>): void {
    this.subscribers += 1;
    const subject = (this.subject ??= new Subject<T>());
    subscriber.add(() => this.leave());
    subject.subscribe(subscriber);
    if (this.connection !== undefined || this.subscribers === 0) return;
    // Assigned before subscribing: the source may end during `subscribe`, and then it must not be
    // taken for the live connection afterwards.
    const connection = new Subscription();
    this.connection = connection;
    connection.add(this.source.subscribe(this));
  }

  next(value: T): void {
    this.subject?.next(value);
  }

  error(error: unknown): void {
    const subject = this.end();
    subject?.error(error);
  }

  complete(): void {
    const subject = this.end();
    subject?.complete();
  }

  /** The connection ended by itself: forget it, so the next subscriber opens a new one. */
  private end(): Subject<T> | undefined {
    const subject = this.subject;
    this.subject = undefined;
    this.connection = undefined;
    this.outbox.clear();
    return subject;
  }

  private leave(): void {
    this.subscribers -= 1;
    if (this.subscribers > 0) return;
    const connection = this.connection;
    this.subject = undefined;
    this.connection = undefined;
    if (connection === undefined) return;
    connection.unsubscribe();
    this.outbox.clear();
  }
}
