import { Subject } from 'rxjs';
import { speaker, type SpeakerState } from '../../lib/browser/speaker';
import { encodeBase64 } from '../../lib/audio/base64';
import { pcm16ToBytes } from '../../lib/audio/pcm16';
import type { PlaybackCommand } from '../../lib/operators/playbackQueue';
import type { LiveServerMessage } from '../../lib/protocol/serverMessages';
import { LiveConfigError, LiveMediaUnavailableError } from '../../lib/errors';
import { FakeAudioContext, type FakeBuffer } from './fakeWebAudio';

/** 40 ms of model audio at 24 kHz as a server message. */
function audioMessage(samples = new Int16Array(960).fill(1000)): LiveServerMessage {
  return { serverContent: { modelTurn: { parts: [{ inlineData: { mimeType: 'audio/pcm;rate=24000', data: encodeBase64(pcm16ToBytes(samples)) } }] } } };
}

function setup(options: { leadMs?: number } = {}) {
  const context = new FakeAudioContext(48000);
  const input = new Subject<LiveServerMessage | PlaybackCommand>();
  const states: SpeakerState[] = [];
  let completed = false;
  const subscription = input.pipe(speaker({ ...options, createAudioContext: () => context })).subscribe({
    next: (state) => states.push(state),
    complete: () => {
      completed = true;
    },
  });
  return { context, input, states, subscription, isCompleted: () => completed };
}

describe('speaker', () => {
  it('schedules chunks back to back on the context clock, resampled to its rate, after a small lead', () => {
    const { context, input, states } = setup({ leadMs: 50 });
    context.currentTime = 1;
    input.next(audioMessage());
    input.next(audioMessage());
    input.next(audioMessage());
    const [first, second, third] = context.sources;
    expect(first?.startedAt).toBeCloseTo(1.05, 9);
    const length = (node: typeof first): number => (node?.buffer as FakeBuffer).length;
    expect(second?.startedAt).toBeCloseTo((first?.startedAt as number) + length(first) / 48000, 12);
    expect(third?.startedAt).toBeCloseTo((second?.startedAt as number) + length(second) / 48000, 12);
    // 24 kHz → 48 kHz: twice the samples (less the resampler's look-ahead on the first chunk).
    expect(length(second)).toBe(1920);
    expect(states.map((state) => state.event)).toEqual(['ready', 'queued', 'queued', 'queued']);
    expect(states[3]).toMatchObject({ playing: true, chunks: 3, flushes: 0 });
    expect(states[3]?.queuedMs).toBeGreaterThan(100);
  });

  it("plays the resampler's tail at the end of the turn: every input sample is heard, nothing waits for the next turn", () => {
    const { context, input } = setup();
    for (let chunk = 0; chunk < 3; chunk += 1) input.next(audioMessage());
    input.next({ serverContent: { turnComplete: true } });
    const total = context.sources.reduce((sum, node) => sum + (node.buffer as FakeBuffer).length, 0);
    expect(total).toBe(3 * 960 * 2);
    const [, , third, tail] = context.sources;
    expect(tail?.startedAt).toBeCloseTo((third?.startedAt as number) + (third?.buffer as FakeBuffer).length / 48000, 12);
  });

  it('flushes at once on interrupted: every scheduled node stops, stale audio of that turn is dropped', () => {
    const { context, input, states } = setup();
    input.next(audioMessage());
    input.next(audioMessage());
    context.currentTime = 0.07;
    input.next({ serverContent: { interrupted: true } });
    expect(context.sources.every((node) => node.stopped && !node.connected)).toBe(true);
    expect(states.at(-1)).toMatchObject({ event: 'flushed', playing: false, queuedMs: 0, flushes: 1 });
    expect(states.at(-1)?.flushedMs).toBeGreaterThan(50);
    input.next(audioMessage());
    expect(context.sources).toHaveLength(2);
    input.next({ serverContent: { turnComplete: true } });
    input.next(audioMessage());
    expect(context.sources).toHaveLength(3);
    // After the flush the schedule starts afresh, a lead ahead of now.
    expect(context.sources[2]?.startedAt).toBeCloseTo(0.07 + 0.06, 9);
  });

  it('takes playbackQueue() commands as well, and reports draining', () => {
    const { context, input, states } = setup();
    input.next({ kind: 'play', chunk: { samples: new Int16Array(480), sampleRate: 24000, mimeType: 'audio/pcm;rate=24000' } });
    input.next({ kind: 'play', chunk: { samples: new Int16Array(480), sampleRate: 24000, mimeType: 'audio/pcm;rate=24000' } });
    context.sources[0]?.end();
    expect(states.at(-1)?.event).toBe('queued');
    context.sources[1]?.end();
    expect(states.at(-1)).toMatchObject({ event: 'drained', playing: false, chunks: 2 });
    input.next({ kind: 'flush' });
    expect(states.at(-1)).toMatchObject({ event: 'flushed', flushedMs: 0, flushes: 1 });
  });

  it('plays out what is queued when the source completes, then completes and closes the context', () => {
    const { context, input, isCompleted } = setup();
    input.next(audioMessage());
    input.complete();
    expect(isCompleted()).toBe(false);
    expect(context.state).toBe('running');
    // The chunk and the resampler's tail, flushed on complete.
    expect(context.sources).toHaveLength(2);
    context.sources[0]?.end();
    expect(isCompleted()).toBe(false);
    context.sources[1]?.end();
    expect(isCompleted()).toBe(true);
    expect(context.state).toBe('closed');
  });

  it('stops playback and closes the context on unsubscribe', () => {
    const { context, input, subscription } = setup();
    input.next(audioMessage());
    subscription.unsubscribe();
    expect(context.sources[0]?.stopped).toBe(true);
    expect(context.state).toBe('closed');
  });

  it('rejects a bad lead at call time and errors without Web Audio', () => {
    expect(() => speaker({ leadMs: -1 })).toThrow(LiveConfigError);
    let error: unknown;
    new Subject<LiveServerMessage>().pipe(speaker()).subscribe({ error: (caught: unknown) => (error = caught) });
    expect(error).toBeInstanceOf(LiveMediaUnavailableError);
  });
});
