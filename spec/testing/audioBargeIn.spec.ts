/**
 * Proof: a user's audio pipeline with barge-in (microphone in, model audio out, playback stopped when
 * the user interrupts), marble-tested with only the public entries. docs/testing.md walks through it.
 */
import { distinctUntilChanged, map, mergeMap, type Observable, type Subscription } from 'rxjs';
import type { LiveServerMessage, LiveSession } from '../../lib/index';
import { fakeLiveSession, serverMessages as m } from '../../lib/testing';
import { testScheduler } from '../support/marbles';

// ---- the code under test ----

/** What the app's audio player should do next. */
type SpeakerCommand = { readonly play: Int16Array } | { readonly stop: true };

/** Base64 little-endian PCM16, as the Live API sends audio, to samples. */
function pcmFromBase64(data: string): Int16Array {
  const bytes = Uint8Array.from(atob(data), (char) => char.charCodeAt(0));
  return new Int16Array(bytes.buffer);
}

/** Plays the model's audio chunks and stops at once when the user barges in. */
function speaker(session: Observable<LiveServerMessage>): Observable<SpeakerCommand> {
  return session.pipe(
    mergeMap((message): SpeakerCommand[] => {
      if (message.serverContent?.interrupted === true) return [{ stop: true }];
      return (message.serverContent?.modelTurn?.parts ?? []).flatMap((part) =>
        part.inlineData?.data !== undefined && part.inlineData.mimeType?.startsWith('audio/pcm') === true
          ? [{ play: pcmFromBase64(part.inlineData.data) }]
          : [],
      );
    }),
  );
}

/** Whether the model is talking: from its first audio chunk to the end or interruption of its turn. */
function modelSpeaking(session: Observable<LiveServerMessage>): Observable<boolean> {
  return session.pipe(
    mergeMap((message) => {
      const content = message.serverContent;
      if (content?.interrupted === true || content?.turnComplete === true) return [false];
      return content?.modelTurn?.parts?.some((part) => part.inlineData !== undefined) === true ? [true] : [];
    }),
    distinctUntilChanged(),
  );
}

/** Streams microphone chunks (base64 PCM16 at 16 kHz, as a recorder worklet posts them). */
function streamMicrophone(session: LiveSession, microphone$: Observable<string>): Subscription {
  return microphone$.pipe(map((data) => ({ audio: { data, mimeType: 'audio/pcm;rate=16000' } }))).subscribe(session.realtimeInput);
}

// ---- the tests ----

describe('an audio pipeline with barge-in on a fake session', () => {
  const hello = new Int16Array([1200, -1200, 2400, -2400]);
  const there = new Int16Array([300, -300]);
  const next = new Int16Array([7, 7]);

  it('plays model audio, and stops playback when the user interrupts', () => {
    testScheduler().run(({ hot, expectObservable }) => {
      const server = hot('-a-b-i-t--c', {
        a: m.audio(hello),
        b: m.combine(m.audio(there), m.outputTranscript('Hello there')),
        i: m.interrupted(),
        t: m.turnComplete(),
        c: m.audio(next),
      });
      const session = fakeLiveSession(server);

      expectObservable(speaker(session)).toBe('-a-b-s----c', { a: { play: hello }, b: { play: there }, s: { stop: true }, c: { play: next } });
      expectObservable(modelSpeaking(session)).toBe('-t---f----t', { t: true, f: false });
    });
  });

  it('streams the microphone while the model talks, which is what triggers the barge-in', () => {
    testScheduler().run(({ hot, expectObservable }) => {
      const session = fakeLiveSession(hot('-a---i', { a: m.audio(hello), i: m.interrupted() }));
      streamMicrophone(session, hot('---x-y', { x: 'AAAAAA==', y: 'AQIDBA==' }));
      expectObservable(session.sent.realtimeInput).toBe('---x-y', {
        x: { realtimeInput: { audio: { data: 'AAAAAA==', mimeType: 'audio/pcm;rate=16000' } } },
        y: { realtimeInput: { audio: { data: 'AQIDBA==', mimeType: 'audio/pcm;rate=16000' } } },
      });
      expectObservable(speaker(session)).toBe('-a---s', { a: { play: hello }, s: { stop: true } });
    });
  });

  it('ignores non-audio parts and plays each audio part of a frame in order', () => {
    testScheduler().run(({ cold, expectObservable }) => {
      const frame = m.combine(m.text('(laughs)'), m.audio(hello), m.audio(there, 16000));
      expectObservable(speaker(fakeLiveSession(cold('-f---|', { f: frame })))).toBe('-(ab)|', { a: { play: hello }, b: { play: there } });
    });
  });
});
