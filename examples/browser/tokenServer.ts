/**
 * The demo's token server: the only place that holds the API key. The page POSTs to `/api/token`
 * before each connection and gets a fresh one-use ephemeral token (PROTOCOL.md §1.2), minted with
 * `createAuthToken` from `rx-gemini-live/node`. The key itself never leaves this process.
 *
 * A real app would check its own user session here (a cookie, a CSRF header) before minting: anyone
 * who can call this endpoint can open Live sessions on your bill.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
// In your app: `import { createAuthToken } from 'rx-gemini-live/node';`. The demo runs from the
// sources with tsx, without a build, so it imports them directly.
import { createAuthToken } from '../../lib/node';

export interface TokenRouteOptions {
  /** The Gemini API key. Stays on the server. */
  readonly apiKey: string;
  /** Where tokens are minted: Google by default, or the emulator's `baseUrl`. */
  readonly baseUrl?: string;
  /** The model every token is locked to. */
  readonly model: string;
  /** Called with each token's name, for tests and logs (never log the API key). */
  readonly onToken?: (name: string) => void;
}

/** The path the page asks for a token on (same origin, so no CORS is needed). */
export const TOKEN_PATH = '/api/token';

/**
 * A request handler for `POST /api/token`; returns false for other requests, so it sits in front of
 * the static file server.
 */
export function tokenRoute(options: TokenRouteOptions): (request: IncomingMessage, response: ServerResponse) => boolean {
  return (request, response) => {
    if (new URL(request.url ?? '/', 'http://localhost').pathname !== TOKEN_PATH) return false;
    if (request.method !== 'POST') {
      response.writeHead(405, { allow: 'POST' }).end();
      return true;
    }
    const now = Date.now();
    createAuthToken({
      apiKey: options.apiKey,
      baseUrl: options.baseUrl,
      // One token per connection: the page's getter asks again for every reconnect.
      uses: 1,
      newSessionExpireTime: new Date(now + 60_000),
      expireTime: new Date(now + 30 * 60_000),
      // The model and the reply modality are the server's choice; the page still picks its turn
      // taking and transcription (lockAdditionalFields: [] locks only the fields set here).
      liveConnectConstraints: { model: options.model, config: { responseModalities: ['AUDIO'] } },
      lockAdditionalFields: [],
    }).then(
      (token) => {
        options.onToken?.(token.name);
        response.writeHead(200, { 'content-type': 'application/json', 'cache-control': 'no-store' }).end(JSON.stringify({ name: token.name }));
      },
      (error: unknown) => {
        // LiveAuthTokenError messages are redacted; still, tell the page no more than it needs.
        console.error(String(error));
        response.writeHead(502, { 'content-type': 'application/json' }).end(JSON.stringify({ error: 'could not create a token' }));
      },
    );
    return true;
  };
}
