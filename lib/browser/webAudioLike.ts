/**
 * The parts of the browser's media and Web Audio APIs that the capture and playback helpers touch,
 * as small structural interfaces. The public declarations must not need the DOM lib: Node projects
 * compile against our types too (the official SDK's declarations need the DOM lib and break them). The
 * real objects are reached through `globalThis` when a helper starts, never at import.
 */

/**
 * @category browser
 * @since 0.2.0
 */
export interface MediaStreamTrackLike {
  stop(): void;
  onended: ((event: unknown) => void) | null;
}

/**
 * @category browser
 * @since 0.2.0
 */
export interface MediaStreamLike {
  getTracks(): readonly MediaStreamTrackLike[];
}

/**
 * `navigator.mediaDevices`, as much of it as `microphone$` and `cameraFrames$` call.
 *
 * @category browser
 * @since 0.2.0
 */
export interface MediaDevicesLike {
  getUserMedia(constraints: { audio?: boolean | Readonly<Record<string, unknown>>; video?: boolean | Readonly<Record<string, unknown>> }): Promise<MediaStreamLike>;
}

/**
 * @category browser
 * @since 0.2.0
 */
export interface AudioNodeLike {
  connect(destination: AudioNodeLike): unknown;
  disconnect(): void;
}

/**
 * @category browser
 * @since 0.2.0
 */
export interface MessagePortLike {
  onmessage: ((event: { readonly data: unknown }) => void) | null;
  postMessage(message: unknown): void;
}

/**
 * @category browser
 * @since 0.2.0
 */
export interface AudioWorkletNodeLike extends AudioNodeLike {
  readonly port: MessagePortLike;
}

/**
 * @category browser
 * @since 0.2.0
 */
export interface AudioBufferLike {
  readonly duration: number;
  copyToChannel(source: Float32Array, channel: number): void;
}

/**
 * @category browser
 * @since 0.2.0
 */
export interface AudioBufferSourceNodeLike extends AudioNodeLike {
  buffer: AudioBufferLike | null;
  onended: ((event: unknown) => void) | null;
  start(when?: number): void;
  stop(when?: number): void;
}

/**
 * An `AudioContext`, as much of it as `microphone$` and `speaker` call.
 *
 * @category browser
 * @since 0.2.0
 */
export interface AudioContextLike {
  readonly sampleRate: number;
  readonly currentTime: number;
  readonly state: string;
  readonly destination: AudioNodeLike;
  readonly audioWorklet: { addModule(url: string): Promise<void> };
  createMediaStreamSource(stream: MediaStreamLike): AudioNodeLike;
  createBuffer(channels: number, length: number, sampleRate: number): AudioBufferLike;
  createBufferSource(): AudioBufferSourceNodeLike;
  resume(): Promise<void>;
  close(): Promise<void>;
}

/** What the helpers read off `globalThis` in a browser. */
export interface BrowserGlobals {
  readonly navigator?: { readonly mediaDevices?: MediaDevicesLike };
  readonly AudioContext?: new (options?: { readonly sampleRate?: number }) => AudioContextLike;
  readonly AudioWorkletNode?: new (context: AudioContextLike, name: string, options?: Readonly<Record<string, unknown>>) => AudioWorkletNodeLike;
  readonly Blob?: new (parts: string[], options?: { readonly type?: string }) => unknown;
  readonly URL?: { createObjectURL(blob: unknown): string; revokeObjectURL(url: string): void };
  readonly document?: { createElement(tag: string): unknown };
}

/** `globalThis` seen through the browser APIs we may use. */
export function browserGlobals(): BrowserGlobals {
  return globalThis as unknown as BrowserGlobals;
}
