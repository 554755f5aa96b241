import fc from 'fast-check';
import { REDACTED, redactedExcerpt, redactSecrets, redactUrl } from '../../lib/transport/redact';

describe('redactSecrets', () => {
  it.each(['key', 'access_token', 'token', 'api_key', 'apikey', 'KEY', 'Access_Token'])(
    'redacts the %s query parameter without knowing the secret',
    (name) => {
      expect(redactSecrets(`wss://h/p?${name}=s3cret-value&alt=json`)).toBe(`wss://h/p?${name}=${REDACTED}&alt=json`);
      expect(redactSecrets(`wss://h/p?alt=json&${name}=s3cret-value`)).toBe(`wss://h/p?alt=json&${name}=${REDACTED}`);
    },
  );

  it('redacts Google credentials it was never told about, by their shape', () => {
    const text = 'refresh of ya29.a0Af-Token_1 failed; key AIzaSyD-0123456789abcdefghijklmnopqrstu; token auth_tokens/abc-123.x';
    expect(redactSecrets(text)).toBe(`refresh of ${REDACTED} failed; key ${REDACTED}; token ${REDACTED}`);
    expect(redactSecrets('AIzaShort and ya29 alone')).toBe('AIzaShort and ya29 alone');
  });

  it('stops a query value at a space, a fragment or the next parameter', () => {
    expect(redactSecrets('failed: wss://h/p?key=abc123 (closed)')).toBe(`failed: wss://h/p?key=${REDACTED} (closed)`);
    expect(redactSecrets('wss://h/p?key=abc123#frag')).toBe(`wss://h/p?key=${REDACTED}#frag`);
  });

  it('leaves other parameters and parameters that merely end in a credential name', () => {
    expect(redactSecrets('wss://h/p?alt=json&monkey=banana&tokens=3')).toBe('wss://h/p?alt=json&monkey=banana&tokens=3');
  });

  it('redacts known secrets anywhere, and their URL-encoded form', () => {
    expect(redactSecrets('token ya29.abc/def+ghi was refused', ['ya29.abc/def+ghi'])).toBe(`token ${REDACTED} was refused`);
    expect(redactSecrets('sent ya29.abc%2Fdef%2Bghi', ['ya29.abc/def+ghi'])).toBe(`sent ${REDACTED}`);
  });

  it('ignores undefined and very short secrets, which would redact ordinary words', () => {
    expect(redactSecrets('a cat sat', [undefined, 'cat', ''])).toBe('a cat sat');
  });

  it('leaves no part of a longer secret when a shorter one is its prefix', () => {
    expect(redactSecrets('x abcd1234efgh y', ['abcd1234', 'abcd1234efgh'])).toBe(`x ${REDACTED} y`);
  });

  it('leaves no part of two secrets that overlap in the text', () => {
    expect(redactSecrets('<abcdXYZW>', ['abcdXY', 'XYZW'])).toBe(`<${REDACTED}>`);
  });

  it('does not mangle the marker when a secret happens to occur in it', () => {
    expect(redactSecrets('wss://h/p?key=abc123', ['REDA'])).toBe(`wss://h/p?key=${REDACTED}`);
  });

  it('does not throw on a secret that cannot be URL-encoded (a lone surrogate)', () => {
    const secret = 'abc\uD800def';
    expect(redactSecrets(`leak ${secret} here`, [secret])).toBe(`leak ${REDACTED} here`);
  });

  it('redacts a bearer credential even when the secret is not known', () => {
    expect(redactSecrets('request had Authorization: Bearer ya29.a0Af-xyz_123, rejected')).toBe(
      `request had Authorization: Bearer ${REDACTED}, rejected`,
    );
  });

  const secretArbitrary = fc
    .string({ unit: 'grapheme-ascii', minLength: 4, maxLength: 24 })
    .filter((secret) => !REDACTED.includes(secret));

  it('never leaves a known secret in the output', () => {
    fc.assert(
      fc.property(
        fc.array(secretArbitrary, { minLength: 1, maxLength: 3 }),
        fc.array(fc.oneof(fc.string({ maxLength: 10 }), fc.nat({ max: 2 })), { maxLength: 8 }),
        (secrets, pieces) => {
          const text = pieces.map((piece) => (typeof piece === 'number' ? (secrets[piece % secrets.length] ?? '') : piece)).join('');
          const out = redactSecrets(text, secrets);
          for (const secret of secrets) expect(out).not.toContain(secret);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('is idempotent: redacting a redacted text changes nothing', () => {
    const bracketFree = secretArbitrary.filter((secret) => !/[[\]]/.test(secret));
    fc.assert(
      fc.property(
        fc.array(bracketFree, { minLength: 1, maxLength: 3 }),
        fc.array(fc.oneof(fc.string({ maxLength: 10 }), fc.nat({ max: 2 }), fc.constant(REDACTED)), { maxLength: 8 }),
        (secrets, pieces) => {
          const text = pieces.map((piece) => (typeof piece === 'number' ? (secrets[piece % secrets.length] ?? '') : piece)).join('');
          const once = redactSecrets(text, secrets);
          expect(redactSecrets(once, secrets)).toBe(once);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('changes nothing when there is no secret and no credential parameter', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[a-z ,.:/]*$/), (text) => {
        fc.pre(!/bearer/i.test(text));
        expect(redactSecrets(text)).toBe(text);
      }),
      { numRuns: 200 },
    );
  });
});

describe('redactUrl', () => {
  it('redacts the credential of a Live URL and keeps the rest readable', () => {
    const url = 'wss://generativelanguage.googleapis.com/ws/google.ai.generativelanguage.v1alpha.GenerativeService.BidiGenerateContentConstrained?access_token=auth_tokens/abc';
    expect(redactUrl(url)).toBe(
      `wss://generativelanguage.googleapis.com/ws/google.ai.generativelanguage.v1alpha.GenerativeService.BidiGenerateContentConstrained?access_token=${REDACTED}`,
    );
  });

  it('also redacts known secrets in the path', () => {
    expect(redactUrl('wss://proxy.example/tenant/s3cret-path-part/live', ['s3cret-path-part'])).toBe(
      `wss://proxy.example/tenant/${REDACTED}/live`,
    );
  });
});

describe('fragments of known secrets (text cut before it reached us)', () => {
  const secret = 'AIzaSyD-0123456789abcdefghijklmnopqrstu';

  it('redacts a prefix or a suffix of 8 characters or more, as a server-cut reason leaves it', () => {
    expect(redactSecrets(`key ${secret.slice(0, 20)}`, [secret])).toBe(`key ${REDACTED}`);
    expect(redactSecrets(`${secret.slice(-9)} was refused`, [secret])).toBe(`${REDACTED} was refused`);
  });

  it('keeps runs shorter than 8 characters, which could be any word', () => {
    expect(redactSecrets('ab 0123456 cd', [secret])).toBe('ab 0123456 cd');
  });

  it('leaves no 8-character run of a secret anywhere, wherever the text was cut', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[0-9A-Za-z_-]{8,48}$/), fc.nat(60), fc.nat(60), (value, start, end) => {
        const shown = redactSecrets(`head ${value} tail`.slice(start % (value.length + 5), value.length + 10 - (end % 5)), [value]);
        for (let at = 0; at + 8 <= value.length; at += 1) expect(shown).not.toContain(value.slice(at, at + 8));
      }),
      { numRuns: 300 },
    );
  });
});

describe('redactedExcerpt', () => {
  it('redacts before it cuts: a key straddling the cut leaves nothing, even one it was never told about', () => {
    const key = 'AIzaSyD-0123456789abcdefghijklmnopqrstu';
    const text = `${'x'.repeat(189)} ${key} and more`;
    const shown = redactedExcerpt(text, 200);
    expect(shown).toBe(`${'x'.repeat(189)} ${REDACTED}`);
    expect(shown).not.toContain('AIzaSy');
  });

  it('returns short texts whole, cuts long ones to the length with the ellipsis counted, never half a surrogate pair', () => {
    expect(redactedExcerpt('short', 10)).toBe('short');
    expect(redactedExcerpt('abcdefghijkl', 10, (text) => text, '…')).toBe('abcdefghi…');
    expect(redactedExcerpt(`abcdefgh\u{1F600}xyz`, 9, (text) => text)).toBe('abcdefgh');
  });

  it('only hands a bounded window of a huge text to the redaction', () => {
    const seen: number[] = [];
    redactedExcerpt('y'.repeat(5_000_000), 200, (text) => {
      seen.push(text.length);
      return text;
    });
    expect(seen).toEqual([456]);
  });
});
