import fc from 'fast-check';
import * as t from 'io-ts';
import { jsonGuard } from '../../lib/protocol/jsonGuard';
import { LiveServerMessage } from '../../lib/protocol/serverMessages';
import { anyLiveServerMessage, jsonValue, liveServerMessage } from '../support/serverMessageArbitraries';

describe('jsonGuard', () => {
  const isServerMessage = jsonGuard(LiveServerMessage);

  it('answers as LiveServerMessage.is for valid messages, arbitrary JSON and messages with wrong field types', () => {
    // Wrong types at known paths: a valid message with one field replaced by arbitrary JSON.
    const broken = fc.tuple(liveServerMessage, fc.constantFrom('serverContent', 'toolCall', 'usageMetadata', 'goAway', 'setupComplete'), jsonValue).map(([message, key, value]) => ({ ...message, [key]: value }));
    const deep = fc.tuple(fc.constantFrom('turnComplete', 'modelTurn', 'outputTranscription', 'interrupted'), jsonValue).map(([key, value]) => ({ serverContent: { [key]: value } }));
    const parts = jsonValue.map((value) => ({ serverContent: { modelTurn: { parts: [{ text: 'a' }, value] } } }));
    fc.assert(
      fc.property(fc.oneof(liveServerMessage, anyLiveServerMessage, jsonValue, broken, deep, parts), (value) => {
        const json: unknown = JSON.parse(JSON.stringify(value) ?? 'null');
        expect(isServerMessage(json)).toBe(LiveServerMessage.is(json));
      }),
      { numRuns: 1000 },
    );
  });

  it('ignores keys the codec does not know, including ones named like Object.prototype members', () => {
    expect(isServerMessage(JSON.parse('{"constructor": 1, "__proto__": 2, "toString": [], "somethingNew": {"x": 1}}'))).toBe(true);
    expect(isServerMessage(JSON.parse('{"serverContent": {"turnComplete": "yes"}}'))).toBe(false);
  });

  it('falls back to the codec\'s own is for codecs it does not walk', () => {
    const codec = t.type({ required: t.string });
    const guard = jsonGuard(t.partial({ nested: codec, list: t.array(codec) }));
    expect(guard({ nested: { required: 'x' }, list: [{ required: 'y' }] })).toBe(true);
    expect(guard({ nested: {} })).toBe(false);
    expect(guard({ list: [{ required: 1 }] })).toBe(false);
    expect(guard([])).toBe(false);
    expect(guard(null)).toBe(false);
  });
});
