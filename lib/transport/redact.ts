/**
 * Secret redaction. API keys and tokens must never reach an error message, a log line, a `state$` value
 * or a URL we print. Everything that turns a URL or a server reason into text goes through here.
 */

/** What a secret is replaced with. */
export const REDACTED = '[REDACTED]';

/** Query parameters that carry credentials on the Live endpoints. */
const SECRET_QUERY_PARAMETERS = ['key', 'access_token', 'token', 'api_key', 'apikey'];

const SECRET_QUERY_PATTERN = new RegExp(`([?&](?:${SECRET_QUERY_PARAMETERS.join('|')})=)[^&#\\s]*`, 'gi');

/** An OAuth2 bearer credential (Vertex `Authorization` header), known or not. */
const BEARER_PATTERN = /(\bBearer\s+)[^\s,;"']+/gi;

/**
 * Google credentials by their shape, for the ones we were never told about: a token getter that
 * fails while naming the token it could not refresh, a server echoing an earlier connection's
 * token. API keys (`AIza` + 35), OAuth2 access tokens (`ya29.`), ephemeral tokens (`auth_tokens/`).
 */
const CREDENTIAL_SHAPES = /\b(?:AIza[0-9A-Za-z_-]{35}|ya29\.[0-9A-Za-z_\-.]+|auth_tokens\/[0-9A-Za-z_\-.]+)/g;

/** Shortest secret we look for verbatim: shorter strings would redact ordinary words. */
const MIN_SECRET_LENGTH = 4;

/**
 * Length of the fragments of a known secret that are redacted wherever they occur. Text reaches us
 * already cut (a close reason at 123 bytes, a JSON error's quote of the frame), so a secret may
 * arrive as a prefix or a suffix only; no run of this many of its characters may be shown.
 */
const SECRET_FRAGMENT_LENGTH = 8;

/**
 * Replaces every occurrence of the given secrets (and of their URL-encoded form), every fragment of
 * them of `SECRET_FRAGMENT_LENGTH` (8) characters or more, every credential query parameter, every
 * bearer credential and anything shaped like a Google API key, OAuth2 access token or ephemeral token
 * in `text`.
 *
 * Occurrences are found in the original text and overlapping ones are merged before anything is
 * replaced, so no fragment of a secret survives because another secret overlapped or prefixed it, and
 * the `[REDACTED]` marker already in a text is never cut up: redacting twice changes nothing more.
 * Redact before cutting a text for display (`redactedExcerpt`): a credential cut in half no longer
 * has the shape the patterns look for.
 *
 * @since 0.1.0
 */
export function redactSecrets(text: string, secrets: readonly (string | undefined)[] = []): string {
  const markers = occurrences(text, REDACTED);
  const spans: [start: number, end: number][] = [];
  for (const secret of secrets) {
    if (secret === undefined || secret.length < MIN_SECRET_LENGTH) continue;
    for (const form of formsOf(secret)) {
      for (const needle of fragmentsOf(form)) {
        for (const span of occurrences(text, needle)) {
          if (!markers.some(([start, end]) => start <= span[0] && span[1] <= end)) spans.push(span);
        }
      }
    }
  }
  return replaceSpans(text, spans)
    .replace(SECRET_QUERY_PATTERN, `$1${REDACTED}`)
    .replace(BEARER_PATTERN, `$1${REDACTED}`)
    .replace(CREDENTIAL_SHAPES, REDACTED);
}

/**
 * A URL safe to print: credential query parameters are replaced by `[REDACTED]`.
 *
 * @since 0.1.0
 */
export function redactUrl(url: string, secrets: readonly (string | undefined)[] = []): string {
  return redactSecrets(url, secrets);
}

/**
 * At most `length` characters of `text` to show, redacted before they are cut: the redaction sees a
 * window `REDACTION_MARGIN` longer than the cut, so a credential that straddles the cut is whole when
 * its shape is matched. A text that had to be cut ends with `ellipsis` (counted in `length`), never
 * with half of a surrogate pair. `redact` defaults to `redactSecrets` without known secrets.
 *
 * @since 0.2.0
 */
export function redactedExcerpt(
  text: string,
  length: number,
  redact: (text: string) => string = (raw) => redactSecrets(raw),
  ellipsis = '',
): string {
  const windowed = text.length > length + REDACTION_MARGIN;
  const redacted = redact(windowed ? text.slice(0, length + REDACTION_MARGIN) : text);
  if (!windowed && redacted.length <= length) return redacted;
  const cut = redacted.slice(0, Math.max(0, length - ellipsis.length));
  const last = cut.charCodeAt(cut.length - 1);
  return (last >= 0xd800 && last <= 0xdbff ? cut.slice(0, -1) : cut) + ellipsis;
}

/**
 * How far past a cut the redaction looks: longer than an API key (39 characters), so one that starts
 * before the cut is matched whole. Longer credentials (tokens) match by their prefix alone.
 */
const REDACTION_MARGIN = 256;

/** Every run of `SECRET_FRAGMENT_LENGTH` characters of `form`, or `form` itself when it is shorter. */
function fragmentsOf(form: string): string[] {
  if (form.length <= SECRET_FRAGMENT_LENGTH) return [form];
  const fragments = new Set<string>();
  for (let start = 0; start + SECRET_FRAGMENT_LENGTH <= form.length; start += 1) fragments.add(form.slice(start, start + SECRET_FRAGMENT_LENGTH));
  return [...fragments];
}

/** The secret as given, and as `encodeURIComponent` writes it (a lone surrogate has no such form). */
function formsOf(secret: string): string[] {
  try {
    const encoded = encodeURIComponent(secret);
    return encoded === secret ? [secret] : [secret, encoded];
  } catch {
    return [secret];
  }
}

/** Every place `needle` starts in `text`, overlapping ones included, as [start, end) spans. */
function occurrences(text: string, needle: string): [start: number, end: number][] {
  const found: [number, number][] = [];
  for (let at = text.indexOf(needle); at !== -1; at = text.indexOf(needle, at + 1)) found.push([at, at + needle.length]);
  return found;
}

/** `text` with each maximal run of overlapping or touching spans replaced by one marker. */
function replaceSpans(text: string, spans: [start: number, end: number][]): string {
  if (spans.length === 0) return text;
  spans.sort((a, b) => a[0] - b[0]);
  let out = '';
  let cursor = 0;
  let runEnd = -1;
  for (const [start, end] of spans) {
    if (start > runEnd) {
      if (runEnd >= 0) cursor = runEnd;
      out += text.slice(cursor, start) + REDACTED;
      runEnd = end;
    } else if (end > runEnd) {
      runEnd = end;
    }
  }
  return out + text.slice(runEnd);
}
