import fc from 'fast-check';
import { modelResourceName } from '../../lib/protocol/modelName';
import { LiveConfigError, LiveInputError } from '../../lib/errors';
import type { LiveBackend } from '../../lib/transport/endpointOptions';
import { failInput } from '../../lib/protocol/validateWith';

const GEMINI: LiveBackend = { kind: 'gemini' };
const VERTEX: LiveBackend = { kind: 'vertex', project: 'proj', location: 'europe-west4' };
const VERTEX_EXPRESS: LiveBackend = { kind: 'vertex' };

describe('modelResourceName', () => {
  it.each([
    ['gemini-live-2.5-flash-preview', 'models/gemini-live-2.5-flash-preview'],
    ['models/gemini-2.0-flash-live-001', 'models/gemini-2.0-flash-live-001'],
    ['tunedModels/my-model', 'tunedModels/my-model'],
    ['owner/name', 'models/owner/name'],
  ])('Gemini API: %s → %s', (model, expected) => {
    expect(modelResourceName(model, GEMINI)).toBe(expected);
  });

  it.each([
    ['gemini-live-2.5-flash', VERTEX, 'projects/proj/locations/europe-west4/publishers/google/models/gemini-live-2.5-flash'],
    ['google/gemini-live-2.5-flash', VERTEX, 'projects/proj/locations/europe-west4/publishers/google/models/gemini-live-2.5-flash'],
    ['acme/custom', VERTEX, 'projects/proj/locations/europe-west4/publishers/acme/models/custom'],
    ['publishers/google/models/m', VERTEX, 'projects/proj/locations/europe-west4/publishers/google/models/m'],
    ['projects/x/locations/y/publishers/google/models/m', VERTEX, 'projects/x/locations/y/publishers/google/models/m'],
    ['models/m', VERTEX, 'models/m'],
    ['gemini-live-2.5-flash', VERTEX_EXPRESS, 'publishers/google/models/gemini-live-2.5-flash'],
    ['gemini-live-2.5-flash', { kind: 'vertex', project: 'proj' } as LiveBackend, 'publishers/google/models/gemini-live-2.5-flash'],
  ])('Vertex AI: %s → %s', (model, backend, expected) => {
    expect(modelResourceName(model, backend)).toBe(expected);
  });

  it.each([
    ['', GEMINI, 'expected a model name such as "gemini-live-2.5-flash-preview"'],
    ['   ', GEMINI, 'expected a model name such as "gemini-live-2.5-flash-preview"'],
    [undefined, GEMINI, 'expected a model name such as "gemini-live-2.5-flash-preview"'],
    [42, VERTEX, 'expected a model name such as "gemini-live-2.5-flash-preview"'],
    ['models/../secrets', GEMINI, 'a model name cannot contain ".."'],
    ['m?key=x', GEMINI, 'a model name cannot contain "?"'],
    ['m&x=1', VERTEX, 'a model name cannot contain "&"'],
    ['a/b/c', VERTEX, 'on Vertex AI expected a bare model name, "owner/name", or a full resource name'],
    ['a/', VERTEX, 'on Vertex AI expected a bare model name, "owner/name", or a full resource name'],
  ])('refuses %j', (model, backend, message) => {
    let caught: unknown;
    try {
      modelResourceName(model, backend);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(LiveConfigError);
    expect((caught as LiveConfigError).path).toBe('model');
    expect((caught as LiveConfigError).message).toBe(`Invalid Live config at model: ${message}`);
  });

  it('reports through the given Fail', () => {
    expect(() => modelResourceName('', GEMINI, failInput('setup'))).toThrow(LiveInputError);
  });

  it('prefixes every bare name and keeps resource names (property)', () => {
    const bare = fc.stringMatching(/^[a-z0-9][a-z0-9.-]{0,30}$/).filter((name) => !name.includes('..'));
    fc.assert(
      fc.property(bare, (name) => {
        expect(modelResourceName(name, GEMINI)).toBe(`models/${name}`);
        expect(modelResourceName(`models/${name}`, GEMINI)).toBe(`models/${name}`);
        expect(modelResourceName(name, VERTEX)).toBe(`projects/proj/locations/europe-west4/publishers/google/models/${name}`);
        const full = modelResourceName(name, VERTEX);
        expect(modelResourceName(full, VERTEX)).toBe(full);
      }),
      { numRuns: 200 },
    );
  });
});
