/**
 * injectLiveMicrophone and injectLiveSpeaker with the real @angular/core: the microphone's frames
 * reach the session as 16 kHz audio and stopping it sends audioStreamEnd; playback plays the model's
 * audio and flushes on barge-in, on a replaced connection and on hang-up; both end with the injector.
 */
import { Injector } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { Subject } from 'rxjs';
import { injectLiveConversation, injectLiveMicrophone, injectLiveSpeaker } from 'rx-gemini-live/angular';
import { encodeBase64, pcm16ToBytes } from 'rx-gemini-live/audio';
import type { LiveServerMessage } from 'rx-gemini-live';
import { fakeLiveSession, serverMessages as m } from 'rx-gemini-live/testing';
import { FakeAudioContext } from '../browser/fakeWebAudio';
import { initDomlessTestBed } from '../support/angularTestBed';

initDomlessTestBed();

/** 40 ms of model audio at 24 kHz. */
const audio = (): LiveServerMessage => m.audio(new Int16Array(960).fill(1000), 24000);

function setup() {
  const server = new Subject<LiveServerMessage>();
  const session = fakeLiveSession(server);
  const injector = Injector.create({ providers: [], parent: TestBed.inject(Injector) });
  const live = injectLiveConversation({ session, injector });
  return { server, session, injector, live };
}

describe('injectLiveMicrophone', () => {
  it('sends the microphone as 40 ms frames of 16 kHz PCM while on; stop() releases it and sends audioStreamEnd', () => {
    const { session, live } = setup();
    const frames = new Subject<Int16Array>();
    const mic = TestBed.runInInjectionContext(() => injectLiveMicrophone(live, { source: () => frames }));
    expect(mic.on()).toBe(false);
    mic.toggle();
    expect(mic.on()).toBe(true);
    frames.next(new Int16Array(640).fill(7));
    const [sent] = session.sent.realtimeInput.values;
    expect(sent?.realtimeInput.audio?.mimeType).toBe('audio/pcm;rate=16000');
    expect(sent?.realtimeInput.audio?.data).toBe(encodeBase64(pcm16ToBytes(new Int16Array(640).fill(7))));

    mic.toggle();
    expect(mic.on()).toBe(false);
    expect(frames.observed).toBe(false);
    expect(session.sent.realtimeInput.values.at(-1)).toEqual({ realtimeInput: { audioStreamEnd: true } });
  });

  it('shows a refused microphone in error and turns off', () => {
    const { live } = setup();
    const frames = new Subject<Int16Array>();
    const mic = TestBed.runInInjectionContext(() => injectLiveMicrophone(live, { source: () => frames }));
    mic.start();
    const refused = new Error('Permission denied');
    refused.name = 'NotAllowedError';
    frames.error(refused);
    expect(mic.on()).toBe(false);
    expect(mic.error()).toBe(refused);
  });

  it('releases the microphone when its injector is destroyed', () => {
    const { live, injector } = setup();
    const frames = new Subject<Int16Array>();
    const mic = injectLiveMicrophone(live, { source: () => frames, injector });
    mic.start();
    injector.destroy();
    expect(frames.observed).toBe(false);
  });
});

describe('injectLiveSpeaker', () => {
  it('plays the audio of the conversation and flushes on interrupted, on a replaced connection and on hang-up', () => {
    const { server, live, injector } = setup();
    const context = new FakeAudioContext(48000);
    const speaker = injectLiveSpeaker(live, { createAudioContext: () => context, injector });
    live.start();
    speaker.start();
    expect(speaker.state()).toMatchObject({ event: 'ready', playing: false });

    server.next(audio());
    expect(speaker.playing()).toBe(true);
    expect(speaker.state()?.chunks).toBe(1);

    server.next(m.interrupted());
    expect(speaker.state()).toMatchObject({ event: 'flushed', flushes: 1, playing: false });
    expect(context.sources.every((node) => node.stopped)).toBe(true);

    server.next(m.turnComplete());
    server.next(audio());
    expect(speaker.playing()).toBe(true);
    server.next({ connectionReplaced: { reason: 'closed' } });
    expect(speaker.state()).toMatchObject({ flushes: 2, playing: false });

    server.next(audio());
    live.stop();
    expect(speaker.state()).toMatchObject({ flushes: 3, playing: false });

    injector.destroy();
    expect(context.state).toBe('closed');
  });

  it('stop() closes the audio context; the speaker starts again on demand', () => {
    const { live, injector } = setup();
    const contexts: FakeAudioContext[] = [];
    const speaker = injectLiveSpeaker(live, { createAudioContext: () => contexts[contexts.push(new FakeAudioContext(48000)) - 1] as FakeAudioContext, injector });
    speaker.toggle();
    expect(speaker.on()).toBe(true);
    speaker.toggle();
    expect(speaker.on()).toBe(false);
    expect(speaker.state()).toBeUndefined();
    expect(contexts[0]?.state).toBe('closed');
    speaker.start();
    expect(contexts).toHaveLength(2);
    injector.destroy();
  });
});
