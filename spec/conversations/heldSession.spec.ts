import type { Observable } from 'rxjs';
import type { TestScheduler } from 'rxjs/testing';
import { encodeBase64 } from '../../lib/audio/base64';
import { pcm16ToBytes } from '../../lib/audio/pcm16';
import { LiveServerError } from '../../lib/errors';
import { createLiveSession } from '../../lib/session/liveSession';
import type { WrittenFrame } from '../../lib/session/writtenFrames';
import { type FakeSocket, type FakeSocketAction, scriptedSocketFactory } from '../../lib/testing/fakeSocket';
import { testScheduler } from '../support/marbles';

const open: FakeSocketAction = (socket) => socket.open();
const ready: FakeSocketAction = (socket) => socket.receive({ setupComplete: {} });
const fail: FakeSocketAction = (socket) => socket.serverClose(1011, 'Internal error encountered.');

function session(scheduler: TestScheduler, script: Observable<FakeSocketAction>) {
  const factory = scriptedSocketFactory(script);
  const live = createLiveSession({ model: 'gemini-3.1-flash-live-preview', apiKey: 'AIzaHeldSessionKey0001', scheduler, webSocketFactory: factory }, () => {
    throw new Error('not used');
  });
  return { live, factory };
}

describe('a held session (liveSession over a fake socket)', () => {
  it('connect() holds one connection across subscribers until its subscription ends, then closes with 1000', () => {
    const scheduler = testScheduler();
    scheduler.run(({ cold }) => {
      const { live, factory } = session(scheduler, cold('-o-s', { o: open, s: ready }));
      expect(live.model).toBe('models/gemini-3.1-flash-live-preview');
      const conversation = live.connect();
      scheduler.flush();
      // A subscriber that comes and goes does not end the conversation.
      live.subscribe().unsubscribe();
      expect(live.state.status).toBe('open');
      expect(factory.sockets).toHaveLength(1);
      conversation.unsubscribe();
      expect((factory.last as FakeSocket).clientClose?.code).toBe(1000);
    });
  });

  it('a held connection that fails reports the error in state$, never as an unhandled error', () => {
    const scheduler = testScheduler();
    scheduler.run(({ cold }) => {
      const { live } = session(scheduler, cold('-o-s-f', { o: open, s: ready, f: fail }));
      const conversation = live.connect();
      scheduler.flush();
      expect(live.state).toMatchObject({ status: 'closed', closeCode: 1011 });
      expect(live.state.error).toBeInstanceOf(LiveServerError);
      expect(conversation.closed).toBe(true);
    });
  });

  it('written$ reports each frame as it is written (kind, time, audio length), with no payload, and only while subscribed', () => {
    const scheduler = testScheduler();
    scheduler.run(({ cold }) => {
      const { live } = session(scheduler, cold('-o---s', { o: open, s: ready }));
      const written: WrittenFrame[] = [];
      live.connect();
      live.realtimeInput.next({ text: 'unseen: queued before anyone listened' });
      const listening = live.written$.subscribe((frame) => written.push(frame));
      live.realtimeInput.next({ text: 'Hello' });
      live.realtimeInput.next({ audio: { data: encodeBase64(pcm16ToBytes(new Int16Array(800))), mimeType: 'audio/pcm;rate=16000' } });
      live.realtimeInput.next({ audioStreamEnd: true });
      cold('--x').subscribe(() => live.clientContent.next({ turns: 'Hi', turnComplete: false }));
      cold('-------x').subscribe(() => listening.unsubscribe());
      cold('--------x').subscribe(() => live.realtimeInput.next({ text: 'unseen: nobody listens' }));
      scheduler.flush();
      // Written at setupComplete (frame 5), not when sent.
      expect(written).toEqual([
        { kind: 'text', at: 5 },
        { kind: 'audio', at: 5, audioMs: 50 },
        { kind: 'audioStreamEnd', at: 5 },
        { kind: 'clientContent', turnComplete: false, at: 5 },
      ]);
      expect(live.stats.framesSent).toBe(6);
    });
  });
});
