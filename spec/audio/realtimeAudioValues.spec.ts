import { NEVER, type Observable } from 'rxjs';
import {
  audioStreamEndOnPause,
  type RealtimeAudioInput,
  type RealtimeAudioStreamEnd,
  type RealtimeInputLike,
  toRealtimeAudio,
} from '../../lib/audio';
import type { LiveRealtimeInput } from '../../lib/index';
import { fakeLiveSession } from '../../lib/testing';
import { toRealtimeInput } from '../../lib/protocol/toRealtimeInput';
import { testScheduler } from '../support/marbles';

/** `true` only when every `From` is a `To`; a wrong `true` below fails `tsc`, which runs on specs. */
type Assignable<From, To> = [From] extends [To] ? true : false;

// The audio room's plain value types fit the session's io-ts-derived input type, and back.
export const audioFits: Assignable<RealtimeAudioInput, LiveRealtimeInput> = true;
export const streamEndFits: Assignable<RealtimeAudioStreamEnd, LiveRealtimeInput> = true;
export const sinkInputIsReadable: Assignable<LiveRealtimeInput, RealtimeInputLike> = true;
export const mixedOutputFits: Assignable<ReturnType<ReturnType<typeof audioStreamEndOnPause<LiveRealtimeInput>>>, Observable<LiveRealtimeInput>> = true;
// Code that reads `value.audio` on the operators' output compiles, as it did with LiveRealtimeInput.
export const audioDataOf = (value: RealtimeAudioInput | RealtimeAudioStreamEnd): string | undefined => value.audio?.data;
// A bare string is not a realtime value: the check above can say no.
export const stringDoesNotFit: Assignable<string, RealtimeAudioInput> = false;

describe("the audio room's realtime value types", () => {
  it('pipe straight into session.realtimeInput: audio frames, then the end of the stream', () => {
    testScheduler().run(({ cold, expectObservable, flush }) => {
      const session = fakeLiveSession(NEVER);
      session.subscribe();
      const frames = cold('a-b-|', { a: Int16Array.from([1, -2]), b: Int16Array.from([3]) });
      frames.pipe(toRealtimeAudio({ sampleRate: 16000 }), audioStreamEndOnPause({ pauseMs: 10 })).subscribe(session.realtimeInput);
      expectObservable(session.sent.realtimeInput).toBe('a-b-e', {
        a: toRealtimeInput({ audio: { data: 'AQD+/w==', mimeType: 'audio/pcm;rate=16000' } }),
        b: toRealtimeInput({ audio: { data: 'AwA=', mimeType: 'audio/pcm;rate=16000' } }),
        e: { realtimeInput: { audioStreamEnd: true } },
      });
      flush();
      expect(session.sent.realtimeInput.values).toHaveLength(3);
    });
  });

  it('let audioStreamEndOnPause pass other realtime values through untouched, typed as the source', () => {
    testScheduler().run(({ cold, expectObservable }) => {
      const session = fakeLiveSession(NEVER);
      session.subscribe();
      const values: Record<string, LiveRealtimeInput> = {
        a: { audio: { data: 'AAA=', mimeType: 'audio/pcm;rate=16000' } },
        t: { text: 'hello' },
      };
      const mixed: Observable<LiveRealtimeInput | RealtimeAudioStreamEnd> = cold('a-t 20ms -', values).pipe(audioStreamEndOnPause({ pauseMs: 5 }));
      mixed.subscribe(session.realtimeInput);
      expectObservable(session.sent.realtimeInput).toBe('a-t--e', {
        a: toRealtimeInput(values.a ?? {}),
        t: { realtimeInput: { text: 'hello' } },
        e: { realtimeInput: { audioStreamEnd: true } },
      });
    });
  });
});
