/**
 * Microphone capture for the Live API: `getUserMedia` → AudioWorklet → PCM16 at the rate the model
 * wants (16 kHz). The AudioContext runs at the device's own rate, because asking Web Audio for 16 kHz
 * fails with microphones on Firefox and Safari (live-api-web-console#21); the library's
 * band-limited resampler converts instead of dropping samples.
 */
import { Observable } from 'rxjs';
import { LiveConfigError, LiveMediaUnavailableError } from '../errors';
import { float32ToPcm16 } from '../audio/pcm16';
import { createResampler, type Resampler, type ResamplerQuality } from '../audio/resample';
import { CAPTURE_PROCESSOR_NAME, CAPTURE_STOP_MESSAGE, CAPTURE_WORKLET_SOURCE } from './captureWorklet';
import {
  type AudioContextLike,
  type AudioNodeLike,
  type AudioWorkletNodeLike,
  browserGlobals,
  type MediaDevicesLike,
  type MediaStreamLike,
} from './webAudioLike';

/**
 * @category browser
 * @since 0.2.0
 */
export interface MicrophoneOptions {
  /** Rate of the PCM16 frames emitted, in Hz. Default 16000, the Live API's input rate. */
  readonly sampleRate?: number;
  /** Browser echo cancellation, so the model does not hear itself from the speakers. Default true. */
  readonly echoCancellation?: boolean;
  /** Default true. */
  readonly noiseSuppression?: boolean;
  /** Default true. */
  readonly autoGainControl?: boolean;
  /** A specific input device (from `enumerateDevices`); the default device when absent. */
  readonly deviceId?: string;
  /** Capture block length in milliseconds: how often a frame is emitted. Default 20. */
  readonly blockMs?: number;
  /** Resampler quality (see `createResampler`). Default `medium`. */
  readonly quality?: ResamplerQuality;
  /** Where to get the stream; `globalThis.navigator.mediaDevices` when absent. */
  readonly mediaDevices?: MediaDevicesLike;
  /**
   * Makes the capture context; `new AudioContext()` (the device rate) when absent. The context is
   * closed on unsubscribe, so return a new one each time.
   */
  readonly createAudioContext?: () => AudioContextLike;
}

/**
 * The microphone as an Observable of PCM16 mono frames at `sampleRate` (16 kHz unless told), one
 * about every `blockMs`. Subscribing asks for the microphone (the permission prompt, echo
 * cancellation on by default) and starts an AudioWorklet on an AudioContext at the device's rate;
 * each block is clamped to PCM16, then resampled on the main thread with `createResampler`.
 * Unsubscribing stops the tracks and closes the AudioContext. A track that ends by itself (device
 * unplugged, permission revoked) completes the stream after the resampler's tail. Errors: the
 * `getUserMedia` rejection as is (`NotAllowedError`, `NotFoundError`), or `LiveMediaUnavailableError`
 * outside a secure browser page. Invalid options throw `LiveConfigError` at call time.
 *
 * Create the subscription from a click or key handler: browsers start audio only after a user
 * gesture.
 *
 * @example
 * ```ts
 * import { liveSession } from 'rx-gemini-live';
 * import { batchAudio, toRealtimeAudio } from 'rx-gemini-live/audio';
 * import { microphone$ } from 'rx-gemini-live/browser';
 *
 * const session = liveSession({ model: 'gemini-2.5-flash-native-audio-preview-09-2025', apiKey: 'auth_tokens/…' });
 * session.subscribe();
 * const talking = microphone$({ sampleRate: 16000 })
 *   .pipe(batchAudio({ ms: 40, sampleRate: 16000 }), toRealtimeAudio({ sampleRate: 16000 }))
 *   .subscribe(session.realtimeInput);
 * // later: talking.unsubscribe() releases the microphone
 * ```
 *
 * @category browser
 * @since 0.2.0
 */
export function microphone$(options: MicrophoneOptions = {}): Observable<Int16Array> {
  const sampleRate = options.sampleRate ?? 16000;
  if (!Number.isSafeInteger(sampleRate) || sampleRate <= 0) {
    throw new LiveConfigError('microphone$.sampleRate', `expected a sample rate in Hz (a positive integer), got ${String(sampleRate)}`);
  }
  const blockMs = options.blockMs ?? 20;
  if (typeof blockMs !== 'number' || !Number.isFinite(blockMs) || blockMs <= 0) {
    throw new LiveConfigError('microphone$.blockMs', `expected a positive duration in milliseconds, got ${String(blockMs)}`);
  }
  return new Observable<Int16Array>((subscriber) => {
    let stopped = false;
    let stream: MediaStreamLike | undefined;
    let context: AudioContextLike | undefined;
    let source: AudioNodeLike | undefined;
    let node: AudioWorkletNodeLike | undefined;
    let resampler: Resampler | undefined;

    const release = (): void => {
      stopped = true;
      if (node !== undefined) {
        node.port.onmessage = null;
        node.port.postMessage(CAPTURE_STOP_MESSAGE);
        node.disconnect();
      }
      source?.disconnect();
      for (const track of stream?.getTracks() ?? []) {
        track.onended = null;
        track.stop();
      }
      // Closing an already closed context rejects; nothing is left to free then.
      if (context !== undefined && context.state !== 'closed') context.close().catch(() => undefined);
    };

    const start = async (): Promise<void> => {
      const globals = browserGlobals();
      const devices = options.mediaDevices ?? globals.navigator?.mediaDevices;
      if (devices === undefined || typeof devices.getUserMedia !== 'function') {
        throw new LiveMediaUnavailableError('microphone$', 'navigator.mediaDevices.getUserMedia');
      }
      const { AudioWorkletNode, Blob, URL } = globals;
      if (AudioWorkletNode === undefined || Blob === undefined || URL === undefined) {
        throw new LiveMediaUnavailableError('microphone$', 'AudioWorkletNode, Blob and URL');
      }
      const audio: Record<string, unknown> = {
        channelCount: 1,
        echoCancellation: options.echoCancellation ?? true,
        noiseSuppression: options.noiseSuppression ?? true,
        autoGainControl: options.autoGainControl ?? true,
      };
      if (options.deviceId !== undefined) audio.deviceId = { exact: options.deviceId };
      stream = await devices.getUserMedia({ audio });
      if (stopped) return release();
      context = createContext(options);
      const url = URL.createObjectURL(new Blob([CAPTURE_WORKLET_SOURCE], { type: 'text/javascript' }));
      try {
        await context.audioWorklet.addModule(url);
      } finally {
        URL.revokeObjectURL(url);
      }
      if (stopped) return release();
      resampler = createResampler({ from: context.sampleRate, to: sampleRate, quality: options.quality ?? 'medium' });
      const active = resampler;
      node = new AudioWorkletNode(context, CAPTURE_PROCESSOR_NAME, {
        numberOfInputs: 1,
        numberOfOutputs: 0,
        channelCount: 1,
        channelCountMode: 'explicit',
        processorOptions: { blockSize: Math.max(1, Math.round((blockMs * context.sampleRate) / 1000)) },
      });
      node.port.onmessage = (event) => {
        if (!(event.data instanceof Float32Array)) return;
        const frame = active.process(float32ToPcm16(event.data));
        if (frame.length > 0) subscriber.next(frame);
      };
      for (const track of stream.getTracks()) {
        track.onended = () => {
          const tail = active.flush();
          release();
          if (tail.length > 0) subscriber.next(tail);
          subscriber.complete();
        };
      }
      source = context.createMediaStreamSource(stream);
      source.connect(node);
      // Suspended when created outside a user gesture; resuming may still wait for one.
      if (context.state === 'suspended') await context.resume();
    };

    start().catch((error: unknown) => {
      release();
      subscriber.error(error);
    });
    return release;
  });
}

function createContext(options: MicrophoneOptions): AudioContextLike {
  if (options.createAudioContext !== undefined) return options.createAudioContext();
  const { AudioContext } = browserGlobals();
  if (AudioContext === undefined) throw new LiveMediaUnavailableError('microphone$', 'AudioContext');
  return new AudioContext();
}
