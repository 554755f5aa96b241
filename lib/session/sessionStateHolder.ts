import { BehaviorSubject, distinctUntilChanged, type Observable } from 'rxjs';
import type { LiveSessionState } from './liveSessionState';

/**
 * Holds a session's `LiveSessionState` and publishes its changes. The subject behind `state$` is
 * built on first use: many sessions of a server process are never watched.
 */
export class SessionStateHolder {
  private current: LiveSessionState = { status: 'idle' };
  private subject: BehaviorSubject<LiveSessionState> | undefined;
  private stream: Observable<LiveSessionState> | undefined;

  get state$(): Observable<LiveSessionState> {
    if (this.stream === undefined) {
      this.subject = new BehaviorSubject(this.current);
      this.stream = this.subject.pipe(distinctUntilChanged(sameSessionState));
    }
    return this.stream;
  }

  get value(): LiveSessionState {
    return this.current;
  }

  set(state: LiveSessionState): void {
    this.current = state;
    this.subject?.next(state);
  }
}

/** Whether two states would look the same to a subscriber: `state$` emits only changes. */
export function sameSessionState(a: LiveSessionState, b: LiveSessionState): boolean {
  return a.status === b.status && a.error === b.error && a.closeCode === b.closeCode && a.attempt === b.attempt && a.fresh === b.fresh;
}
