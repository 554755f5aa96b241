/**
 * The emulator's strictness: what Google refuses, it refuses, with the close code Google uses
 * (1007 for an invalid argument, 1008 for an unknown model). Shapes are checked with
 * our own client codecs; the rules the codecs cannot express (one modality, one setup, activity marks
 * only without automatic VAD, …) are checked here.
 */
import * as either from 'fp-ts/lib/Either.js';
import type * as t from 'io-ts';
import {
  ClientContentMessage,
  ContextUpdateMessage,
  type LiveClientMessage,
  LiveClientSetup,
  RealtimeInputMessage,
  SetupMessage,
  ToolResponseMessage,
} from '../../protocol/clientMessages';
import { formatPath, locateError } from '../../protocol/errorLocation';
import { isRecord } from '../../util/isRecord';

/** A frame the emulator closes the connection for. */
export interface FrameRejection {
  readonly code: number;
  readonly reason: string;
}

export type FrameCheck = { readonly message: LiveClientMessage } | FrameRejection;

/** Close code for a bad request (RFC 6455 "invalid frame payload data"; Google's choice). */
export const INVALID_ARGUMENT = 1007;
/** Close code for a policy problem: unknown model, ignored goAway. */
export const POLICY_VIOLATION = 1008;

const CODECS: Readonly<Record<string, t.Decoder<unknown, LiveClientMessage>>> = {
  setup: SetupMessage,
  clientContent: ClientContentMessage,
  realtimeInput: RealtimeInputMessage,
  toolResponse: ToolResponseMessage,
  contextUpdate: ContextUpdateMessage,
};

/** The fields of `BidiGenerateContentSetup`, read off our codec; proto3 JSON parsers refuse others. */
const SETUP_FIELDS: ReadonlySet<string> = new Set(LiveClientSetup.types.flatMap((part) => Object.keys(part.props)));

/** What the rest of a connection's frames are checked against. */
export interface FrameContext {
  /** The setup of this connection, once it arrived. */
  readonly setup: LiveClientSetup | undefined;
}

/** Parses one client frame and checks it as Google would; never throws. */
export function validateClientFrame(data: string, context: FrameContext): FrameCheck {
  let parsed: unknown;
  try {
    parsed = JSON.parse(data);
  } catch {
    return reject(INVALID_ARGUMENT, 'Invalid JSON payload received.');
  }
  if (!isRecord(parsed)) {
    return reject(INVALID_ARGUMENT, 'Invalid JSON payload received: expected an object.');
  }
  const keys = Object.keys(parsed);
  if (keys.length !== 1) {
    return reject(INVALID_ARGUMENT, `A client message has exactly one field, got ${keys.length === 0 ? 'none' : keys.join(', ')}.`);
  }
  const key = keys[0] as string;
  const codec = CODECS[key];
  if (codec === undefined) return reject(INVALID_ARGUMENT, `Unknown name "${key}": Cannot find field.`);
  if (context.setup === undefined && key !== 'setup') return reject(INVALID_ARGUMENT, 'The first message must be setup.');
  if (context.setup !== undefined && key === 'setup') return reject(INVALID_ARGUMENT, 'setup may be sent only once.');
  const decoded = codec.decode(parsed);
  if (either.isLeft(decoded)) {
    const first = decoded.left[0];
    const path = first === undefined ? key : formatPath(locateError(first).keys);
    return reject(INVALID_ARGUMENT, `Invalid value at '${path}'.`);
  }
  const message = decoded.right;
  const problem = 'setup' in message ? checkSetup(message.setup) : checkAgainstSetup(message, context.setup);
  return problem ?? { message };
}

function checkSetup(setup: LiveClientSetup): FrameRejection | undefined {
  const unknown = Object.keys(setup).find((field) => !SETUP_FIELDS.has(field));
  if (unknown !== undefined) return reject(INVALID_ARGUMENT, `Unknown name "${unknown}" at 'setup': Cannot find field.`);
  const modalities = setup.generationConfig?.responseModalities ?? [];
  if (modalities.length > 1) return reject(INVALID_ARGUMENT, 'Only one response modality is supported per session.');
  return undefined;
}

function checkAgainstSetup(message: LiveClientMessage, setup: LiveClientSetup | undefined): FrameRejection | undefined {
  if (!('realtimeInput' in message)) return undefined;
  const input = message.realtimeInput;
  const automaticVad = setup?.realtimeInputConfig?.automaticActivityDetection?.disabled !== true;
  if (automaticVad && (input.activityStart !== undefined || input.activityEnd !== undefined)) {
    return reject(INVALID_ARGUMENT, 'activityStart and activityEnd need automatic activity detection disabled.');
  }
  if (!automaticVad && input.audioStreamEnd === true) {
    return reject(INVALID_ARGUMENT, 'audioStreamEnd needs automatic activity detection.');
  }
  if (input.audio !== undefined && !(input.audio.mimeType ?? '').startsWith('audio/pcm')) {
    return reject(INVALID_ARGUMENT, `Unsupported audio mime type "${input.audio.mimeType ?? ''}"; send audio/pcm;rate=16000.`);
  }
  return undefined;
}

function reject(code: number, reason: string): FrameRejection {
  return { code, reason };
}
