import { concatMap, delay, filter, from, of, switchMap, take } from 'rxjs';
import { audioStreamEndOnPause, batchAudio, bytesToPcm16, createResampler, decodeBase64, downmixToMono, readWav, resamplePcm, toRealtimeAudio, writeWav } from '../../lib/audio';
import { liveSession } from '../../lib/index';
import { type FakeSocket, fakeSocketFactory } from '../../lib/testing';
import { testScheduler } from '../support/marbles';
import { concat, tone } from './signals';

describe('a WAV file streamed into a session (the pipeline of docs/audio.md)', () => {
  it('sends paced 40 ms frames of 16 kHz mono after setupComplete, then audioStreamEnd', () => {
    const left = tone(44100, 440, 44100 / 2, 8000);
    const right = tone(44100, 660, 44100 / 2, 8000);
    const stereo = new Int16Array(left.length * 2).map((_, index) => ((index % 2 === 0 ? left : right)[index >> 1] as number));
    const file = writeWav({ sampleRate: 44100, channelCount: 2, samples: stereo });

    const scheduler = testScheduler();
    scheduler.run(({ flush }) => {
      const factory = fakeSocketFactory((socket) => socket.open());
      const session = liveSession({ model: 'gemini-live-2.5-flash-preview', apiKey: 'test-key', webSocketFactory: factory, scheduler });
      session.subscribe();
      const wav = readWav(file);
      const mono = downmixToMono(wav.samples, wav.channelCount);
      session.state$
        .pipe(
          filter((state) => state.status === 'open'),
          take(1),
          switchMap(() => from([mono])),
          resamplePcm({ from: wav.sampleRate, to: 16000 }),
          batchAudio({ ms: 40, sampleRate: 16000 }),
          concatMap((frame) => of(frame).pipe(delay(40))),
          toRealtimeAudio({ sampleRate: 16000 }),
          audioStreamEndOnPause(),
        )
        .subscribe(session.realtimeInput);

      const socket = factory.last as FakeSocket;
      scheduler.schedule(() => socket.receive({ setupComplete: {} }), 100);
      // Half way through, only the frames due by then are on the wire: the file is paced, not dumped.
      scheduler.schedule(() => expect(socket.sentMessages.length - 1).toBe(Math.floor((250 - 100) / 40)), 250);
      flush();

      const [setup, ...realtime] = socket.sentMessages as Array<{ realtimeInput: { audio?: { data: string; mimeType: string }; audioStreamEnd?: boolean } }>;
      expect(setup).toHaveProperty('setup');
      expect(realtime.at(-1)).toEqual({ realtimeInput: { audioStreamEnd: true } });
      const frames = realtime.slice(0, -1).map(({ realtimeInput }) => {
        expect(realtimeInput.audio?.mimeType).toBe('audio/pcm;rate=16000');
        return bytesToPcm16(decodeBase64(realtimeInput.audio?.data ?? ''));
      });
      expect(frames.slice(0, -1).every((frame) => frame.length === 640)).toBe(true);
      const resampler = createResampler({ from: 44100, to: 16000 });
      expect(concat(frames)).toEqual(concat([resampler.process(mono), resampler.flush()]));
      expect(concat(frames).length).toBe(8000);
    });
  });
});
