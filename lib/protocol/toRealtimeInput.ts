/**
 * `session.realtimeInput` values → `{realtimeInput: …}` frames, as `Session.sendRealtimeInput` of
 * `@google/genai` builds them.
 *
 * One deliberate difference: we send exactly one field per message. The SDK puts whatever it is given
 * into one frame (`{audio, text}` goes out together) and sends `{realtimeInput: {}}` for `{}`; Google's
 * docs and samples send one field per message, and audio, video and text are separate streams on the
 * server anyway. So an empty value or one with several fields throws `LiveInputError`. For every
 * single-field value the frame equals the SDK's.
 *
 * @since 0.1.0
 */
import * as t from 'io-ts';
import { ActivityMarker, type LiveClientRealtimeInput, type RealtimeInputMessage, realtimeInputProps } from './clientMessages';
import { Blob } from './content';
import { type Fail, failInput, joinPath, unknownField, validateWith } from './validateWith';
import { isRecord } from '../util/isRecord';

const SINK = 'realtimeInput';

/** The runtime codec of {@link LiveRealtimeInput}; its `.props` are the codecs of the fields. @category codecs @since 0.1.0 */
export const LiveRealtimeInput = t.partial(
  {
    ...realtimeInputProps,
    media: t.union([Blob, t.readonlyArray(Blob)], 'Blob | Blob[]'),
  },
  'LiveRealtimeInput',
);
/**
 * What the SDK's `sendRealtimeInput` takes. Give one field per value:
 *
 * - `audio`: a PCM chunk, `{data: base64, mimeType: 'audio/pcm;rate=16000'}`;
 * - `video`: one image frame, `{data, mimeType: 'image/jpeg'}`;
 * - `text`: realtime text;
 * - `activityStart` / `activityEnd` (`{}`): manual turn marks, when automatic VAD is disabled;
 * - `audioStreamEnd: true`: the microphone paused, with automatic VAD;
 * - `media`: deprecated, sent as `mediaChunks` (the server reads only the first chunk).
 *
 * @category conversions
 * @since 0.1.0
 */
export interface LiveRealtimeInput extends t.TypeOf<typeof LiveRealtimeInput> {}

type Field = keyof typeof LiveRealtimeInput.props;

const FIELDS = Object.keys(LiveRealtimeInput.props) as Field[];
const FIELD_SET: ReadonlySet<string> = new Set(FIELDS);
const fail = failInput(SINK);

/** Realtime fields that carry media: the outbox may drop these under backpressure. */
const DROPPABLE_WIRE_FIELDS: readonly string[] = ['audio', 'video', 'mediaChunks'];

/**
 * Builds the `realtimeInput` message for `params`. `audio` must have an `audio/*` MIME type and `video`
 * an `image/*` one (the SDK's checks; video means still frames, not `video/mp4`); both need `data`.
 * `media` becomes `mediaChunks: [blob]` without a MIME check, as in the SDK.
 *
 * Throws `LiveInputError` for an empty value, more than one field, an unknown field, a wrong MIME type
 * or a value the codec refuses. Fields set to `null` or `undefined` count as absent, as in the SDK.
 *
 * @example
 * ```ts
 * toRealtimeInput({ audio: { data: 'AAAA', mimeType: 'audio/pcm;rate=16000' } });
 * // {realtimeInput: {audio: {data: 'AAAA', mimeType: 'audio/pcm;rate=16000'}}}
 * ```
 *
 * @category conversions
 * @since 0.1.0
 */
export function toRealtimeInput(params: LiveRealtimeInput): RealtimeInputMessage {
  const value: unknown = params;
  if (!isRecord(value)) {
    return fail('', 'expected an object with one of audio, video, text, activityStart, activityEnd, audioStreamEnd');
  }
  const record = value as Record<string, unknown>;
  const unknown = unknownField(record, FIELD_SET);
  if (unknown !== undefined) {
    return fail(unknown, `not a realtimeInput field: expected one of ${FIELDS.join(', ')}`);
  }
  // The one field given; a loop rather than a filtered array, as this runs for every audio frame.
  let field: Field | undefined;
  for (const candidate of FIELDS) {
    if (record[candidate] === undefined || record[candidate] === null) continue;
    if (field !== undefined) {
      const present = FIELDS.filter((name) => record[name] !== undefined && record[name] !== null);
      return fail(
        '',
        `one field per message, got ${present.join(' and ')}: send them as separate values (audio, video and text are separate streams)`,
      );
    }
    field = candidate;
  }
  if (field === undefined) {
    return fail('', 'nothing to send: give one of audio, video, text, activityStart, activityEnd, audioStreamEnd');
  }
  return { realtimeInput: fieldToWire(field, record[field], fail) };
}

function fieldToWire(field: Field, value: unknown, fail: Fail): LiveClientRealtimeInput {
  switch (field) {
    case 'audio':
      return { audio: mediaBlob(value, field, 'audio/', '"audio/pcm;rate=16000"', fail) };
    case 'video':
      return { video: mediaBlob(value, field, 'image/', '"image/jpeg" (video is sent as still frames)', fail) };
    case 'media': {
      const chunks = validateWith(LiveRealtimeInput.props.media, value, field, fail);
      return { mediaChunks: Array.isArray(chunks) ? [...chunks] : [chunks] };
    }
    case 'text':
      return { text: validateWith(LiveRealtimeInput.props.text, value, field, fail) };
    case 'audioStreamEnd':
      return { audioStreamEnd: validateWith(LiveRealtimeInput.props.audioStreamEnd, value, field, fail) };
    case 'activityStart':
      return { activityStart: validateWith(ActivityMarker, value, field, fail) };
    case 'activityEnd':
      return { activityEnd: validateWith(ActivityMarker, value, field, fail) };
  }
}

function mediaBlob(value: unknown, field: Field, mimePrefix: string, example: string, fail: Fail): Blob {
  // `Blob` only validates (it converts nothing), so a value its guard accepts decodes to itself: the
  // guard allocates nothing, where `decode` builds an Either and a context per field.
  const blob = Blob.is(value) ? value : validateWith(Blob, value, field, fail);
  if (blob.mimeType === undefined || !blob.mimeType.startsWith(mimePrefix)) {
    return fail(
      joinPath(field, 'mimeType'),
      `expected an ${mimePrefix}* MIME type such as ${example}, got ${blob.mimeType === undefined ? 'none' : JSON.stringify(blob.mimeType)}`,
    );
  }
  if (blob.data === undefined) return fail(joinPath(field, 'data'), 'expected the base64-encoded bytes');
  return blob;
}

/**
 * Whether `message` carries only media (audio, video frames, deprecated media chunks). The outbox may
 * drop such messages under backpressure, since a late audio chunk is worse than a missing one; text,
 * activity marks and `audioStreamEnd` are never dropped.
 *
 * @category conversions
 * @since 0.1.0
 */
export function isDroppableRealtimeInput(message: RealtimeInputMessage): boolean {
  let fields = 0;
  for (const field in message.realtimeInput) {
    if (!Object.hasOwn(message.realtimeInput, field)) continue;
    if (!DROPPABLE_WIRE_FIELDS.includes(field)) return false;
    fields += 1;
  }
  return fields > 0;
}
