import { BehaviorSubject, distinctUntilChanged, type Observable } from 'rxjs';
import type { LiveSessionState } from './liveSessionState';

/** Holds a session's `LiveSessionState` and publishes its changes. */
export class SessionStateHolder {
  private readonly subject = new BehaviorSubject<LiveSessionState>({ status: 'idle' });

  readonly state$: Observable<LiveSessionState> = this.subject.pipe(distinctUntilChanged(sameSessionState));

  get value(): LiveSessionState {
    return this.subject.value;
  }

  set(state: LiveSessionState): void {
    this.subject.next(state);
  }
}

/** Whether two states would look the same to a subscriber: `state$` emits only changes. */
export function sameSessionState(a: LiveSessionState, b: LiveSessionState): boolean {
  return a.status === b.status && a.error === b.error && a.closeCode === b.closeCode && a.attempt === b.attempt && a.fresh === b.fresh;
}
