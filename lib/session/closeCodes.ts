import {
  LiveCloseError,
  LiveConnectionLostError,
  LiveInvalidArgumentError,
  LivePolicyViolationError,
  LiveServerError,
} from '../errors';

/** Close codes after which trying again can succeed (RFC 6455 §7.4.1). */
const RETRYABLE_CLOSE_CODES: ReadonlySet<number> = new Set([1001, 1005, 1006, 1011, 1012, 1013, 1014]);

/**
 * Turns a close event into the session's outcome: `undefined` for a normal end (1000), else the typed
 * error. The code decides, never `wasClean`: a 1011 after a proper handshake arrives clean.
 */
export function closeOutcome(code: number, reason: string, wasClean: boolean): LiveCloseError | undefined {
  switch (code) {
    case 1000:
      return undefined;
    case 1006:
      return new LiveConnectionLostError(reason);
    case 1007:
      return new LiveInvalidArgumentError(reason, wasClean);
    case 1008:
      return new LivePolicyViolationError(reason, wasClean);
    case 1011:
      return new LiveServerError(reason, wasClean);
    default:
      return new LiveCloseError(code, reason, wasClean, RETRYABLE_CLOSE_CODES.has(code));
  }
}
