/**
 * Structural stand-ins for the Web Audio and media objects the browser helpers touch, so their
 * scheduling and teardown can be checked in Node. The real thing runs in the Chromium test
 * (examples/browser/demo.test.ts).
 */
import type {
  AudioBufferLike,
  AudioBufferSourceNodeLike,
  AudioContextLike,
  AudioNodeLike,
  MediaStreamLike,
  MediaStreamTrackLike,
  MessagePortLike,
} from '../../lib/browser/webAudioLike';

export class FakeBuffer implements AudioBufferLike {
  readonly samples: Float32Array;
  constructor(
    readonly length: number,
    readonly sampleRate: number,
  ) {
    this.samples = new Float32Array(length);
  }
  get duration(): number {
    return this.length / this.sampleRate;
  }
  copyToChannel(source: Float32Array): void {
    this.samples.set(source);
  }
}

export class FakeSourceNode implements AudioBufferSourceNodeLike {
  buffer: AudioBufferLike | null = null;
  onended: ((event: unknown) => void) | null = null;
  startedAt: number | undefined;
  stopped = false;
  connected = false;
  connect(): unknown {
    this.connected = true;
    return undefined;
  }
  disconnect(): void {
    this.connected = false;
  }
  start(when = 0): void {
    this.startedAt = when;
  }
  stop(): void {
    this.stopped = true;
  }
  /** The node played to its end. */
  end(): void {
    this.onended?.({});
  }
}

export class FakeAudioContext implements AudioContextLike {
  currentTime = 0;
  state = 'running';
  readonly sources: FakeSourceNode[] = [];
  readonly modules: string[] = [];
  readonly destination: AudioNodeLike = { connect: () => undefined, disconnect: () => undefined };
  readonly audioWorklet = {
    addModule: async (url: string): Promise<void> => {
      this.modules.push(url);
    },
  };
  mediaSource: (AudioNodeLike & { connectedTo?: AudioNodeLike }) | undefined;

  constructor(readonly sampleRate = 48000) {}

  createMediaStreamSource(): AudioNodeLike {
    const node: AudioNodeLike & { connectedTo?: AudioNodeLike } = {
      connect: (destination: AudioNodeLike) => {
        node.connectedTo = destination;
      },
      disconnect: () => undefined,
    };
    this.mediaSource = node;
    return node;
  }
  createBuffer(_channels: number, length: number, sampleRate: number): FakeBuffer {
    return new FakeBuffer(length, sampleRate);
  }
  createBufferSource(): FakeSourceNode {
    const node = new FakeSourceNode();
    this.sources.push(node);
    return node;
  }
  async resume(): Promise<void> {
    this.state = 'running';
  }
  async close(): Promise<void> {
    this.state = 'closed';
  }
}

export class FakeTrack implements MediaStreamTrackLike {
  stopped = false;
  onended: ((event: unknown) => void) | null = null;
  stop(): void {
    this.stopped = true;
  }
}

export function fakeStream(tracks = [new FakeTrack()]): MediaStreamLike & { readonly tracks: FakeTrack[] } {
  return { tracks, getTracks: () => tracks };
}

export class FakePort implements MessagePortLike {
  onmessage: ((event: { readonly data: unknown }) => void) | null = null;
  readonly posted: unknown[] = [];
  postMessage(message: unknown): void {
    this.posted.push(message);
  }
}
