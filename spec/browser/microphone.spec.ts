import { microphone$ } from '../../lib/browser/microphone';
import { CAPTURE_PROCESSOR_NAME, CAPTURE_STOP_MESSAGE } from '../../lib/browser/captureWorklet';
import type { AudioContextLike, MediaDevicesLike } from '../../lib/browser/webAudioLike';
import { LiveConfigError, LiveMediaUnavailableError } from '../../lib/errors';
import { FakeAudioContext, FakePort, fakeStream } from './fakeWebAudio';

interface CreatedNode {
  readonly name: string;
  readonly options: { readonly processorOptions: { readonly blockSize: number }; readonly numberOfOutputs: number };
  readonly port: FakePort;
  disconnected: boolean;
}

const runtime = globalThis as { AudioWorkletNode?: unknown };

/** Waits for the capture chain, started from promises, to be wired. */
const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('microphone$', () => {
  const nodes: CreatedNode[] = [];
  beforeEach(() => {
    nodes.length = 0;
    runtime.AudioWorkletNode = class {
      readonly port = new FakePort();
      disconnected = false;
      constructor(
        _context: AudioContextLike,
        readonly name: string,
        readonly options: CreatedNode['options'],
      ) {
        nodes.push(this);
      }
      connect(): void {}
      disconnect(): void {
        this.disconnected = true;
      }
    };
  });
  afterEach(() => {
    delete runtime.AudioWorkletNode;
  });

  function devices() {
    const stream = fakeStream();
    const constraints: unknown[] = [];
    const mediaDevices: MediaDevicesLike = {
      getUserMedia: async (request) => {
        constraints.push(request);
        return stream;
      },
    };
    return { stream, constraints, mediaDevices };
  }

  it('asks for an echo-cancelled mono microphone and runs the worklet at the device rate', async () => {
    const { constraints, mediaDevices } = devices();
    const context = new FakeAudioContext(48000);
    const subscription = microphone$({ mediaDevices, createAudioContext: () => context }).subscribe();
    await settle();
    expect(constraints).toEqual([{ audio: { channelCount: 1, echoCancellation: true, noiseSuppression: true, autoGainControl: true } }]);
    expect(context.modules).toHaveLength(1);
    expect(context.modules[0]).toMatch(/^blob:/);
    expect(nodes).toHaveLength(1);
    expect(nodes[0]?.name).toBe(CAPTURE_PROCESSOR_NAME);
    // 20 ms blocks at 48 kHz; a sink node (no outputs) keeps the graph pulling it.
    expect(nodes[0]?.options).toMatchObject({ numberOfOutputs: 0, processorOptions: { blockSize: 960 } });
    expect(context.mediaSource?.connectedTo).toBe(nodes[0]);
    subscription.unsubscribe();
  });

  it('emits clamped PCM16 resampled to 16 kHz: n blocks of 20 ms give about n × 320 samples', async () => {
    const { mediaDevices } = devices();
    const frames: Int16Array[] = [];
    const subscription = microphone$({ mediaDevices, createAudioContext: () => new FakeAudioContext(48000) }).subscribe((frame) => frames.push(frame));
    await settle();
    const port = nodes[0]?.port as FakePort;
    // Over full scale: clamped, never wrapped around to the other sign.
    for (let block = 0; block < 10; block += 1) port.onmessage?.({ data: new Float32Array(960).fill(1.5) });
    const total = frames.reduce((sum, frame) => sum + frame.length, 0);
    expect(total).toBeGreaterThan(3100);
    expect(total).toBeLessThanOrEqual(3200);
    const last = frames.at(-1) as Int16Array;
    expect(Math.min(...last)).toBe(32767);
    port.onmessage?.({ data: 'not audio' });
    subscription.unsubscribe();
  });

  it('stops the tracks, the worklet and the context on unsubscribe', async () => {
    const { stream, mediaDevices } = devices();
    const context = new FakeAudioContext(44100);
    const subscription = microphone$({ mediaDevices, createAudioContext: () => context }).subscribe();
    await settle();
    subscription.unsubscribe();
    expect(stream.tracks.every((track) => track.stopped)).toBe(true);
    expect(nodes[0]?.disconnected).toBe(true);
    expect(nodes[0]?.port.posted).toEqual([CAPTURE_STOP_MESSAGE]);
    expect(nodes[0]?.port.onmessage).toBeNull();
    expect(context.state).toBe('closed');
  });

  it('releases the microphone when unsubscribed while the permission prompt is open', async () => {
    const { stream, mediaDevices } = devices();
    let context: FakeAudioContext | undefined;
    microphone$({ mediaDevices, createAudioContext: () => (context = new FakeAudioContext()) }).subscribe().unsubscribe();
    await settle();
    expect(stream.tracks.every((track) => track.stopped)).toBe(true);
    expect(context).toBeUndefined();
    expect(nodes).toHaveLength(0);
  });

  it('completes when the track ends by itself', async () => {
    const { stream, mediaDevices } = devices();
    const context = new FakeAudioContext(48000);
    let completed = false;
    microphone$({ mediaDevices, createAudioContext: () => context }).subscribe({ complete: () => (completed = true) });
    await settle();
    stream.tracks[0]?.onended?.({});
    expect(completed).toBe(true);
    expect(context.state).toBe('closed');
  });

  it('fails clearly outside a browser, and passes permission errors through', async () => {
    const errors: unknown[] = [];
    microphone$().subscribe({ error: (error: unknown) => errors.push(error) });
    const refused = new Error('Permission denied');
    microphone$({ mediaDevices: { getUserMedia: () => Promise.reject(refused) } }).subscribe({ error: (error: unknown) => errors.push(error) });
    await settle();
    expect(errors[0]).toBeInstanceOf(LiveMediaUnavailableError);
    expect(errors[1]).toBe(refused);
    expect(() => microphone$({ sampleRate: 0 })).toThrow(LiveConfigError);
    expect(() => microphone$({ blockMs: Number.NaN })).toThrow(LiveConfigError);
  });
});
