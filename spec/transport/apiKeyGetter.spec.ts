/**
 * `apiKey` as a getter (endpoint.ts): called once per connection, so each connection can use a fresh
 * ephemeral token; the URL follows the value it returns; bad options fail before it is called.
 */
import { firstValueFrom } from 'rxjs';
import { LiveConfigError } from '../../lib/errors';
import { endpoint$, resolveEndpoint } from '../../lib/transport/endpoint';
import { validateEndpointOptions } from '../../lib/transport/endpointChecks';
import { resolveBackend } from '../../lib/transport/endpointPlan';

describe('apiKey getter', () => {
  it('is called once per resolution, and the URL follows what it returns', async () => {
    const tokens = ['auth_tokens/first-token', 'AIzaPlainKeyFromTheGetter'];
    const getter = jest.fn(() => tokens.shift() ?? '');
    const endpoint = endpoint$({ apiKey: getter });
    const first = await firstValueFrom(endpoint);
    const second = await firstValueFrom(endpoint);
    expect(getter).toHaveBeenCalledTimes(2);
    expect(first.request.url).toBe(
      'wss://generativelanguage.googleapis.com/ws/google.ai.generativelanguage.v1alpha.GenerativeService.BidiGenerateContentConstrained?access_token=auth_tokens/first-token',
    );
    expect(first.displayUrl).not.toContain('first-token');
    expect(first.secrets).toContain('auth_tokens/first-token');
    expect(second.request.url).toContain('v1beta.GenerativeService.BidiGenerateContent?key=AIzaPlainKeyFromTheGetter');
  });

  it('may return a Promise', async () => {
    const { request } = await resolveEndpoint({ apiKey: () => Promise.resolve('auth_tokens/async'), baseUrl: 'http://127.0.0.1:9' });
    expect(request.url).toBe('ws://127.0.0.1:9/ws/google.ai.generativelanguage.v1alpha.GenerativeService.BidiGenerateContentConstrained?access_token=auth_tokens/async');
  });

  it('validation and the backend need no token: the getter is not called', () => {
    const getter = jest.fn(() => 'auth_tokens/unused');
    validateEndpointOptions({ apiKey: getter });
    expect(resolveBackend({ apiKey: getter })).toEqual({ kind: 'gemini' });
    expect(() => validateEndpointOptions({ apiKey: getter, vertex: { project: 'p', location: 'us-central1' } })).toThrow(LiveConfigError);
    expect(getter).not.toHaveBeenCalled();
  });

  it.each([
    ['throws', () => { throw new Error('offline'); }, 'the API key getter failed: Error: offline'],
    ['returns an empty string', () => '', 'returned no token'],
    ['returns a token with a newline', () => 'auth_tokens/x\n', 'printable ASCII'],
    ['rejects', () => Promise.reject(new Error('HTTP 500')), 'the API key getter failed: Error: HTTP 500'],
  ])('a getter that %s gives LiveConfigError at apiKey', async (_name, getter, message) => {
    const error = await resolveEndpoint({ apiKey: getter as () => string }).catch((thrown: unknown) => thrown);
    expect(error).toBeInstanceOf(LiveConfigError);
    expect((error as LiveConfigError).path).toBe('apiKey');
    expect(String(error)).toContain(message);
  });

  it.each([180, 190, 195, 199, 205])('redacts a key in its error before cutting the message short (key at character %i)', async (offset) => {
    const key = 'AIzaSyLeakedKeyFromTheGetter01234567890';
    const getter = (): never => {
      throw new Error(`${'.'.repeat(offset - 'Error: '.length)}${key} and more text after it`);
    };
    const error: unknown = await resolveEndpoint({ apiKey: getter }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(LiveConfigError);
    const message = (error as LiveConfigError).message;
    expect(message).toContain('the API key getter failed: Error: ...');
    for (let start = 0; start + 8 <= key.length; start += 1) expect(message).not.toContain(key.slice(start, start + 8));
  });
});
