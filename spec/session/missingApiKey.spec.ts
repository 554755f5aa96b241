import { liveSession } from '../../lib/node';
import { LiveConfigError } from '../../lib/errors';
import { fakeSocketFactory } from '../../lib/testing/fakeSocket';

const model = 'gemini-live-2.5-flash-preview';
const unset = process.env.RX_GEMINI_LIVE_SPEC_SURELY_UNSET_VARIABLE;

describe('liveSession with an unset API key', () => {
  it.each([
    ['the Gemini API', {}],
    ['a baseUrl, which would otherwise fail later with a 401', { baseUrl: 'https://generativelanguage.googleapis.com' }],
  ])('fails at once with a LiveConfigError naming apiKey (%s)', (_name, extra) => {
    let error: unknown;
    try {
      liveSession({ model, apiKey: unset, ...extra });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(LiveConfigError);
    expect((error as LiveConfigError).message).toContain('apiKey');
    expect((error as LiveConfigError).message).toContain('unset environment variable');
  });

  it('keeps the cases that need no key working: an explicit proxy, a credential header, a webSocketFactory', () => {
    expect(() => liveSession({ model, baseUrl: 'https://proxy.example.com' })).not.toThrow();
    expect(() => liveSession({ model, apiKey: unset, baseUrl: 'https://proxy.example.com', headers: { 'X-Goog-Api-Key': 'AIzaHeaderKey' } })).not.toThrow();
    expect(() => liveSession({ model, apiKey: unset, baseUrl: 'https://proxy.example.com', webSocketFactory: fakeSocketFactory() })).not.toThrow();
  });
});
