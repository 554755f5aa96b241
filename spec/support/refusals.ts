/** Reads what a sink refused: sinks never throw, they report on the session's `refused$`. */
import type { Observable } from 'rxjs';
import type { LiveSinkError } from '../../lib/errors';

/** The refusal `send` caused on `session.refused$`, or `undefined` when the value was accepted. */
export function refusalOf(session: { readonly refused$: Observable<LiveSinkError> }, send: () => void): LiveSinkError | undefined {
  let refused: LiveSinkError | undefined;
  const watch = session.refused$.subscribe((error) => (refused = error));
  try {
    send();
  } finally {
    watch.unsubscribe();
  }
  return refused;
}
