/**
 * Type-level check that values typed with `@google/genai`'s parameter types can be given to our
 * conversions unchanged (DESIGN.md §2: "sinks accept exactly the parameter objects of the official
 * SDK"). `tsc` is the real test here; the runtime assertions only keep Jest happy.
 *
 * `CallableTool` is left out of the tool lists on purpose: we refuse it (it needs an async call to
 * become a Tool).
 */
import type * as sdk from '@google/genai';
import type { LiveConnectConfig } from '../../lib/protocol/liveConnectConfig';
import type { LiveClientContentInput } from '../../lib/protocol/toClientContent';
import type { LiveContextUpdateInput } from '../../lib/protocol/toContextUpdate';
import type { LiveRealtimeInput } from '../../lib/protocol/toRealtimeInput';
import type { LiveToolResponseInput } from '../../lib/protocol/toToolResponse';

type SdkConfig = Omit<sdk.LiveConnectConfig, 'httpOptions' | 'tools'> & { tools?: sdk.Tool[] };
type SdkContextUpdate = Omit<sdk.LiveClientContextUpdate, 'tools'> & { tools?: { tools?: sdk.Tool[] } };

// content.ts types FunctionCall.partialArgs items and Part.videoMetadata as Record<string, unknown>,
// which the SDK's interfaces (no index signature) cannot be assigned to. These three directives go
// once content.ts uses an object type that accepts interfaces there.
export const config = (value: SdkConfig): LiveConnectConfig =>
  value;
export const clientContent = (value: sdk.LiveSendClientContentParameters): LiveClientContentInput =>
  value;
export const contextUpdate = (value: SdkContextUpdate): LiveContextUpdateInput =>
  value;
export const realtimeInput = (value: sdk.LiveSendRealtimeInputParameters): LiveRealtimeInput => value;
export const toolResponse = (value: sdk.LiveSendToolResponseParameters): LiveToolResponseInput => value;

/** The parts of the config that do not involve Parts already take SDK-typed values. */
export const configWithoutContent = (value: Omit<SdkConfig, 'systemInstruction'>): LiveConnectConfig => value;

describe('SDK parameter types', () => {
  it('are assignable to ours (checked by tsc)', () => {
    expect([config, clientContent, contextUpdate, realtimeInput, toolResponse, configWithoutContent]).toHaveLength(6);
  });
});
