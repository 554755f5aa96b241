/**
 * Camera frames for `realtimeInput.video`: the Live API takes video as discrete JPEG or PNG stills,
 * about 1 per second at up to 768 px.
 */
import { asyncScheduler, interval, Observable, type SchedulerLike } from 'rxjs';
import { LiveConfigError, LiveMediaUnavailableError } from '../errors';
import { browserGlobals, type MediaDevicesLike, type MediaStreamLike } from './webAudioLike';

/**
 * @category browser
 * @since 0.2.0
 */
export interface CameraFramesOptions {
  /** Frames per second. Default 1, what Google recommends; audio + video sessions are costly. */
  readonly fps?: number;
  /** Width of each frame in pixels; the height keeps the camera's aspect ratio. Default 768. */
  readonly width?: number;
  /** JPEG quality between 0 and 1. Default 0.8. */
  readonly quality?: number;
  /** A specific camera (from `enumerateDevices`), else the default one. */
  readonly deviceId?: string;
  /** Where to get the stream; `globalThis.navigator.mediaDevices` when absent. */
  readonly mediaDevices?: MediaDevicesLike;
  /** Where the frame timer runs; `asyncScheduler` when absent. */
  readonly scheduler?: SchedulerLike;
}

/**
 * One still frame in the shape of a Live API `Blob`: base64 `data` and its `mimeType`.
 *
 * @category browser
 * @since 0.2.0
 */
export interface CameraFrame {
  readonly data: string;
  readonly mimeType: 'image/jpeg';
}

interface VideoElementLike {
  srcObject: MediaStreamLike | null;
  muted: boolean;
  playsInline: boolean;
  readonly videoWidth: number;
  readonly videoHeight: number;
  play(): Promise<void>;
}

interface CanvasLike {
  width: number;
  height: number;
  getContext(kind: '2d'): { drawImage(image: VideoElementLike, x: number, y: number, width: number, height: number): void } | null;
  toDataURL(type: string, quality: number): string;
}

/**
 * The camera as JPEG frames, `fps` per second at `width` pixels (1 fps at 768 px unless told).
 * Subscribing asks for the camera; frames start once it delivers video. Unsubscribing stops its
 * tracks. Errors: the `getUserMedia` rejection as is, or `LiveMediaUnavailableError` outside a secure
 * browser page. Invalid options throw `LiveConfigError` at call time.
 *
 * @example
 * ```ts
 * import { map } from 'rxjs';
 * import { liveSession } from 'rx-gemini-live';
 * import { cameraFrames$ } from 'rx-gemini-live/browser';
 *
 * const session = liveSession({ model: 'gemini-2.5-flash-native-audio-preview-09-2025', apiKey: 'auth_tokens/…' });
 * session.subscribe();
 * cameraFrames$({ fps: 1, width: 640 }).pipe(map((video) => ({ video }))).subscribe(session.realtimeInput);
 * ```
 *
 * @category browser
 * @since 0.2.0
 */
export function cameraFrames$(options: CameraFramesOptions = {}): Observable<CameraFrame> {
  const fps = options.fps ?? 1;
  if (typeof fps !== 'number' || !Number.isFinite(fps) || fps <= 0) {
    throw new LiveConfigError('cameraFrames$.fps', `expected a positive number of frames per second, got ${String(fps)}`);
  }
  const width = options.width ?? 768;
  if (!Number.isSafeInteger(width) || width <= 0) {
    throw new LiveConfigError('cameraFrames$.width', `expected a width in pixels (a positive integer), got ${String(width)}`);
  }
  const quality = options.quality ?? 0.8;
  if (typeof quality !== 'number' || !(quality > 0 && quality <= 1)) {
    throw new LiveConfigError('cameraFrames$.quality', `expected a JPEG quality in (0, 1], got ${String(quality)}`);
  }
  return new Observable<CameraFrame>((subscriber) => {
    let stopped = false;
    let stream: MediaStreamLike | undefined;
    let video: VideoElementLike | undefined;
    const ticks = interval(1000 / fps, options.scheduler ?? asyncScheduler);

    const release = (): void => {
      stopped = true;
      for (const track of stream?.getTracks() ?? []) track.stop();
      if (video !== undefined) video.srcObject = null;
    };

    const start = async (): Promise<void> => {
      const globals = browserGlobals();
      const devices = options.mediaDevices ?? globals.navigator?.mediaDevices;
      if (devices === undefined || typeof devices.getUserMedia !== 'function') {
        throw new LiveMediaUnavailableError('cameraFrames$', 'navigator.mediaDevices.getUserMedia');
      }
      const document = globals.document;
      if (document === undefined) throw new LiveMediaUnavailableError('cameraFrames$', 'document (for a video and a canvas element)');
      const constraints: Record<string, unknown> = { width: { ideal: width } };
      if (options.deviceId !== undefined) constraints.deviceId = { exact: options.deviceId };
      stream = await devices.getUserMedia({ video: constraints });
      if (stopped) return release();
      const element = document.createElement('video') as VideoElementLike;
      video = element;
      element.muted = true;
      element.playsInline = true;
      element.srcObject = stream;
      await element.play();
      if (stopped) return release();
      const canvas = document.createElement('canvas') as CanvasLike;
      const drawing = canvas.getContext('2d');
      if (drawing === null) throw new LiveMediaUnavailableError('cameraFrames$', 'a 2D canvas context');
      subscriber.add(
        ticks.subscribe(() => {
          if (element.videoWidth === 0 || element.videoHeight === 0) return;
          canvas.width = width;
          canvas.height = Math.max(1, Math.round((width * element.videoHeight) / element.videoWidth));
          drawing.drawImage(element, 0, 0, canvas.width, canvas.height);
          const url = canvas.toDataURL('image/jpeg', quality);
          subscriber.next({ data: url.slice(url.indexOf(',') + 1), mimeType: 'image/jpeg' });
        }),
      );
    };

    start().catch((error: unknown) => {
      release();
      subscriber.error(error);
    });
    return release;
  });
}
