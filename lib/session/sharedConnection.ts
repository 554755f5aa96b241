import { type Observable, type Observer, Subject, type Subscriber, Subscription } from 'rxjs';

/**
 * Shares one connection among every subscriber of a session, as `share()` does with its defaults:
 * the first subscriber opens it, the last one to leave closes it, and after it ends (an error or a
 * normal close) the next subscriber opens a new one. Written out rather than `finalize(...)` plus
 * `share()`, because a server process keeps this for every session it holds: here it is one object
 * (and a subject only once a second subscriber joins), where the operators keep a subscriber, an
 * observer and a dozen closures each.
 *
 * What still waits in the outbox when a conversation ends belongs to it: a later subscription starts a
 * new conversation, which a stale `toolResponse` would get closed with 1007. So the outbox is cleared
 * once per connection when it is over, before any subscriber hears how it ended: a subscriber that
 * reconnects at once (`retry()`) starts with the old conversation's frames gone rather than having
 * its own cleared behind it.
 */
export class SharedConnection<T> implements Observer<T> {
  /**
   * The subscribers while a connection is open. Most sessions have one subscriber, which gets the
   * messages directly; a `Subject` is built when a second one joins, and the first moves into it.
   */
  private single: Subscriber<T> | undefined;
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
    subscriber.add(() => this.leave(subscriber));
    if (this.single === undefined && this.subject === undefined) {
      this.single = subscriber;
    } else {
      if (this.subject === undefined) {
        this.subject = new Subject<T>();
        const first = this.single as Subscriber<T>;
        this.single = undefined;
        this.subject.subscribe(first);
      }
      this.subject.subscribe(subscriber);
    }
    if (this.connection !== undefined || this.subscribers === 0) return;
    // Assigned before subscribing: the source may end during `subscribe`, and then it must not be
    // taken for the live connection afterwards.
    const connection = new Subscription();
    this.connection = connection;
    connection.add(this.source.subscribe(this));
  }

  next(value: T): void {
    if (this.single !== undefined) this.single.next(value);
    else this.subject?.next(value);
  }

  error(error: unknown): void {
    const { single, subject } = this.end();
    single?.error(error);
    subject?.error(error);
  }

  complete(): void {
    const { single, subject } = this.end();
    single?.complete();
    subject?.complete();
  }

  /** The connection ended by itself: forget it and its subscribers, so the next one opens a new one. */
  private end(): { single: Subscriber<T> | undefined; subject: Subject<T> | undefined } {
    const ended = { single: this.single, subject: this.subject };
    this.single = undefined;
    this.subject = undefined;
    this.connection = undefined;
    this.outbox.clear();
    return ended;
  }

  private leave(subscriber: Subscriber<T>): void {
    this.subscribers -= 1;
    // A subscriber in the subject is removed by the subject itself.
    if (this.single === subscriber) this.single = undefined;
    if (this.subscribers > 0) return;
    const connection = this.connection;
    this.single = undefined;
    this.subject = undefined;
    this.connection = undefined;
    if (connection === undefined) return;
    connection.unsubscribe();
    this.outbox.clear();
  }
}
