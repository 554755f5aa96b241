/**
 * Ephemeral tokens on the emulator: `POST /v1alpha/auth_tokens` mints them for a
 * valid API key, and the Constrained Live path enforces them. What the service documents, and so what
 * is modelled here:
 *
 * - `uses` new sessions (default 1, 0 for no limit); resuming a session is not a use. A new session
 *   beyond them closes with 1011 "Token has been used too many times" (the close-code table, §6.2);
 * - no new session after `newSessionExpireTime` (default: a minute after minting), and no message of
 *   any session, resumed ones included, after `expireTime` (default: 30 minutes). The service's close
 *   for an expired token is not on record; like an expired API key (§6.2) it is a 1007 here;
 * - `bidiGenerateContentSetup` locks the setup: the fields in `fieldMask`, or all of them when there is
 *   no mask, come from the token, and what the client sent for them is ignored, as Google documents
 *   ("will be ignored by the API"). A masked field the token leaves unset is removed; with no mask,
 *   a model the token leaves open is the client's.
 *
 * Expiry is measured on `EmulatorOptions.clock`, so tests move time instead of waiting.
 */
import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { LiveClientMessage, LiveClientSetup } from '../../protocol/clientMessages';
import type { EmulatorOptions } from './options';
import type { EmulatorCredential } from './routes';
import { INVALID_ARGUMENT } from './validateClientFrame';
import { isRecord } from '../../util/isRecord';

/** A token this emulator minted. */
interface MintedToken {
  readonly expireTimeMs: number;
  readonly newSessionExpireTimeMs: number;
  readonly setup: Readonly<Record<string, unknown>> | undefined;
  /** Locked paths (`field` or `field.subfield`); `undefined` locks the whole setup when there is one. */
  readonly fieldMask: readonly string[] | undefined;
}

/** A close that refuses a frame. */
export interface TokenRefusal {
  readonly code: number;
  readonly reason: string;
}

/** The service's defaults. */
const DEFAULT_USES = 1;
const DEFAULT_EXPIRE_MS = 30 * 60_000;
const DEFAULT_NEW_SESSION_EXPIRE_MS = 60_000;
/** Documented upper bound for both times. */
const MAX_LIFETIME_MS = 20 * 60 * 60_000;
/** A token request is a few KB; more is refused rather than buffered. */
const MAX_BODY_BYTES = 1 << 20;

const AUTH_TOKENS_PATH = /^\/+v1alpha\/auth_tokens$/;
const RFC_3339 = /^\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:[Zz]|[+-]\d{2}:\d{2})$/;

const EXPIRED: TokenRefusal = { code: INVALID_ARGUMENT, reason: 'Ephemeral token expired. Please request a new token.' };
const NEW_SESSIONS_EXPIRED: TokenRefusal = {
  code: INVALID_ARGUMENT,
  reason: 'Ephemeral token can no longer open new sessions (newSessionExpireTime has passed).',
};

/** The tokens one emulator minted, and the checks the Constrained path runs with them. */
export class EmulatorAuthTokens {
  private readonly minted = new Map<string, MintedToken>();

  constructor(
    private readonly options: EmulatorOptions,
    /** Uses left per token, shared with the static `ephemeralTokens` (0 or absent: no limit). */
    private readonly usesLeft: Map<string, number>,
  ) {}

  /** True for a token this emulator minted. */
  has(token: string): boolean {
    return this.minted.has(token);
  }

  /** Serves `POST /v1alpha/auth_tokens`; false for any other request, which the caller then answers. */
  serve(request: IncomingMessage, response: ServerResponse): boolean {
    const url = request.url ?? '/';
    const queryStart = url.indexOf('?');
    if (!AUTH_TOKENS_PATH.test(queryStart === -1 ? url : url.slice(0, queryStart))) return false;
    if (request.method !== 'POST') {
      answerError(response, 405, 'METHOD_NOT_ALLOWED', 'auth_tokens takes POST.');
      request.resume();
      return true;
    }
    const headerKey = request.headers['x-goog-api-key'];
    const key = (Array.isArray(headerKey) ? headerKey[0] : headerKey) ?? new URLSearchParams(queryStart === -1 ? '' : url.slice(queryStart + 1)).get('key') ?? '';
    // Google's REST answers for a missing and for a wrong key.
    if (key === '') {
      answerError(response, 403, 'PERMISSION_DENIED', "Method doesn't allow unregistered callers (callers without established identity). Please use API Key or other form of API consumer identity to call this API.");
      request.resume();
      return true;
    }
    if (key.startsWith('auth_tokens/') || (this.options.apiKeys !== undefined && !this.options.apiKeys.includes(key))) {
      answerError(response, 400, 'INVALID_ARGUMENT', 'API key not valid. Please pass a valid API key.');
      request.resume();
      return true;
    }
    readBody(request, (text) => {
      if (text === undefined) {
        answerError(response, 413, 'INVALID_ARGUMENT', 'Request payload size exceeds the limit.');
        return;
      }
      const result = this.mint(text);
      if ('problem' in result) answerError(response, 400, 'INVALID_ARGUMENT', result.problem);
      else answer(response, 200, { name: result.name });
    });
    return true;
  }

  /**
   * Checks a client frame sent with `credential` and returns the frame the emulated model acts on: a
   * setup with the token's locked fields in force, or the frame itself; or the close that refuses it.
   */
  admit(credential: EmulatorCredential, message: LiveClientMessage): { readonly message: LiveClientMessage } | TokenRefusal {
    const token = credential.kind === 'ephemeralToken' ? this.minted.get(credential.value) : undefined;
    if (token === undefined) return { message };
    const now = this.now();
    if (now >= token.expireTimeMs) return EXPIRED;
    if (!('setup' in message)) return { message };
    const resuming = message.setup.sessionResumption?.handle !== undefined && message.setup.sessionResumption.handle !== '';
    if (!resuming && now >= token.newSessionExpireTimeMs) return NEW_SESSIONS_EXPIRED;
    return { message: { setup: lockSetup(message.setup, token) } };
  }

  private mint(text: string): { readonly name: string } | { readonly problem: string } {
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      return { problem: 'Invalid JSON payload received.' };
    }
    if (!isRecord(body)) return { problem: 'Invalid JSON payload received.' };
    const fields = body as Record<string, unknown>;
    const known = ['uses', 'expireTime', 'newSessionExpireTime', 'bidiGenerateContentSetup', 'fieldMask'];
    const unknown = Object.keys(fields).find((field) => !known.includes(field));
    if (unknown !== undefined) return { problem: `Invalid JSON payload received. Unknown name "${unknown}": Cannot find field.` };
    const now = this.now();
    const uses = fields.uses ?? DEFAULT_USES;
    if (typeof uses !== 'number' || !Number.isSafeInteger(uses) || uses < 0) return { problem: 'uses must be a non-negative integer.' };
    const expireTimeMs = parseTime(fields.expireTime, now + DEFAULT_EXPIRE_MS);
    const newSessionExpireTimeMs = parseTime(fields.newSessionExpireTime, now + DEFAULT_NEW_SESSION_EXPIRE_MS);
    if (expireTimeMs === undefined || newSessionExpireTimeMs === undefined) return { problem: 'expireTime and newSessionExpireTime must be RFC 3339 timestamps.' };
    if (expireTimeMs > now + MAX_LIFETIME_MS || newSessionExpireTimeMs > now + MAX_LIFETIME_MS) {
      return { problem: 'expireTime and newSessionExpireTime must be less than 20 hours in the future.' };
    }
    const setup = fields.bidiGenerateContentSetup;
    if (setup !== undefined && (!isRecord(setup))) {
      return { problem: 'bidiGenerateContentSetup must be an object.' };
    }
    const mask = fields.fieldMask;
    if (mask !== undefined && typeof mask !== 'string') return { problem: 'fieldMask must be a comma-separated string.' };
    const name = `auth_tokens/${randomBytes(16).toString('hex')}`;
    this.minted.set(name, {
      expireTimeMs,
      newSessionExpireTimeMs,
      setup: setup as Record<string, unknown> | undefined,
      fieldMask: mask === undefined ? undefined : mask.split(',').filter((path) => path !== ''),
    });
    if (uses > 0) this.usesLeft.set(name, uses);
    return { name };
  }

  private now(): number {
    return (this.options.clock ?? Date.now)();
  }
}

/** The setup with the token's locked fields in force (see the module comment). */
function lockSetup(sent: LiveClientSetup, token: MintedToken): LiveClientSetup {
  if (token.setup === undefined && token.fieldMask === undefined) return sent;
  const locked: Readonly<Record<string, unknown>> = token.setup ?? {};
  const handle = sent.sessionResumption?.handle;
  let effective: Record<string, unknown>;
  if (token.fieldMask === undefined) {
    // Every config field is the token's; a model it leaves open is the client's.
    effective = structuredClone({ model: sent.model, ...locked });
  } else {
    effective = structuredClone({ ...sent }) as Record<string, unknown>;
    for (const path of token.fieldMask) lockPath(effective, locked, path);
  }
  // A resumption handle names this connection's session; it is not configuration, so it stays.
  const resumption = effective.sessionResumption;
  if (handle !== undefined && typeof resumption === 'object' && resumption !== null) {
    effective.sessionResumption = { ...resumption, handle };
  }
  return effective as unknown as LiveClientSetup;
}

/** Copies `path` (`field` or `field.subfield`) from the token's setup, or removes it when unset there. */
function lockPath(effective: Record<string, unknown>, locked: Readonly<Record<string, unknown>>, path: string): void {
  const [field, inner] = path.split('.', 2) as [string, string | undefined];
  if (inner === undefined) {
    if (locked[field] === undefined) delete effective[field];
    else effective[field] = structuredClone(locked[field]);
    return;
  }
  const lockedParent = locked[field];
  const value = typeof lockedParent === 'object' && lockedParent !== null ? (lockedParent as Record<string, unknown>)[inner] : undefined;
  const current = effective[field];
  const parent: Record<string, unknown> = typeof current === 'object' && current !== null ? { ...(current as Record<string, unknown>) } : {};
  if (value === undefined) delete parent[inner];
  else parent[inner] = structuredClone(value);
  if (Object.keys(parent).length === 0) delete effective[field];
  else effective[field] = parent;
}

function parseTime(value: unknown, fallbackMs: number): number | undefined {
  if (value === undefined) return fallbackMs;
  if (typeof value !== 'string' || !RFC_3339.test(value)) return undefined;
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? undefined : ms;
}

function readBody(request: IncomingMessage, done: (text: string | undefined) => void): void {
  const chunks: Buffer[] = [];
  let size = 0;
  let finished = false;
  request.on('data', (chunk: Buffer) => {
    size += chunk.length;
    if (size > MAX_BODY_BYTES && !finished) {
      finished = true;
      done(undefined);
    }
    if (!finished) chunks.push(chunk);
  });
  request.on('end', () => {
    if (!finished) done(Buffer.concat(chunks).toString('utf8'));
  });
  request.on('error', () => undefined);
}

/** Google's REST error shape: `{"error": {"code", "message", "status"}}`. */
function answerError(response: ServerResponse, code: number, status: string, message: string): void {
  answer(response, code, { error: { code, message, status } });
}

function answer(response: ServerResponse, status: number, body: unknown): void {
  if (response.headersSent) return;
  response.writeHead(status, { 'content-type': 'application/json; charset=UTF-8' });
  response.end(`${JSON.stringify(body, null, 2)}\n`);
}
