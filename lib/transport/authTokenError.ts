/**
 * The error `createAuthToken` rejects with when the token service did not hand out a token. It sits
 * beside the request that raises it; the rest of the `LiveError` family is in `lib/errors.ts`.
 */
import { LiveError } from '../errors';

/**
 * Minting an ephemeral token failed: the service answered with an HTTP error (its message is kept,
 * redacted), the answer held no `auth_tokens/…` name, the request never got an answer (network), or
 * it was aborted. Retryable for network failures, 408, 429 and 5xx.
 *
 * @category errors
 * @since 0.2.0
 */
export class LiveAuthTokenError extends LiveError {
  readonly kind = 'auth-token';
  readonly retryable: boolean;
  /** The HTTP status, or `undefined` when no response arrived (network failure, abort). */
  readonly httpStatus: number | undefined;
  /** The service's own words (`error.message` of its JSON answer, or an excerpt of the body), redacted. */
  readonly serverMessage: string;
  /** The service's status name, e.g. `INVALID_ARGUMENT` or `PERMISSION_DENIED`, when it sent one. */
  readonly serverStatus: string | undefined;

  constructor(
    summary: string,
    details: { readonly httpStatus?: number; readonly serverMessage?: string; readonly serverStatus?: string; readonly retryable: boolean },
  ) {
    const { httpStatus, serverMessage = '', serverStatus, retryable } = details;
    const status = httpStatus === undefined ? '' : ` with HTTP ${httpStatus}${serverStatus === undefined ? '' : ` ${serverStatus}`}`;
    super(`${summary}${status}${serverMessage === '' ? '' : `: ${serverMessage}`}`);
    this.httpStatus = httpStatus;
    this.serverMessage = serverMessage;
    this.serverStatus = serverStatus;
    this.retryable = retryable;
  }
}
