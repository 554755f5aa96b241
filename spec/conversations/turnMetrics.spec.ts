import { filter, map, Subject } from 'rxjs';
import type { TestScheduler } from 'rxjs/testing';
import { encodeBase64 } from '../../lib/audio/base64';
import { pcm16ToBytes } from '../../lib/audio/pcm16';
import { turnMetrics } from '../../lib/operators/turnMetrics';
import type { LiveServerMessage } from '../../lib/protocol/serverMessages';
import { fakeLiveSession } from '../../lib/testing/fakeLiveSession';
import { serverMessages as m } from '../../lib/testing/messages';
import { testScheduler } from '../support/marbles';

/** 40 ms of 16 kHz input audio, as a microphone frame. */
const frame40ms = { audio: { data: encodeBase64(pcm16ToBytes(new Int16Array(640))), mimeType: 'audio/pcm;rate=16000' } };
/** 1 s of 24 kHz output audio. */
const oneSecondOut = m.audio(new Int16Array(24_000));
const replaced: LiveServerMessage = { connectionReplaced: { reason: 'closed' } };

/** Runs `send` at each frame of `marble` (sends happen on the test's timeline). */
function at(scheduler: TestScheduler, marble: string, send: (key: string) => void): void {
  scheduler.createColdObservable(marble).subscribe(send);
}

describe('turnMetrics (marbles, exact virtual times)', () => {
  it('measures a text turn: end of the user turn, first text and audio apart, duration, tokens, audio out', () => {
    const scheduler = testScheduler();
    scheduler.run(({ hot, expectObservable }) => {
      const server = hot('-----a-b-t', { a: m.text('Paris.'), b: oneSecondOut, t: m.turnComplete({ promptTokenCount: 7, responseTokenCount: 3, totalTokenCount: 10 }) });
      const session = fakeLiveSession(server, { scheduler });
      const metrics = turnMetrics(session, { scheduler });
      at(scheduler, '--x', () => session.clientContent.next({ turns: 'France?', turnComplete: true }));
      expectObservable(metrics).toBe('---------t', {
        t: {
          index: 1,
          userTurnEnd: { at: 2, signal: 'turnComplete' },
          timeToFirstOutputMs: 3,
          timeToFirstTextMs: 3,
          timeToFirstAudioMs: 5,
          firstOutputAt: 5,
          endedAt: 9,
          durationMs: 4,
          interrupted: false,
          usage: { promptTokenCount: 7, responseTokenCount: 3, totalTokenCount: 10 },
          promptTokens: 7,
          responseTokens: 3,
          totalTokens: 10,
          audioInSeconds: 0,
          audioOutSeconds: 1,
        },
      });
    });
  });

  it('takes realtimeInput.text, activityEnd and audioStreamEnd as the end of the user turn, and counts audio in', () => {
    const scheduler = testScheduler();
    scheduler.run(({ hot, expectObservable }) => {
      const server = hot('-------a-t----b-u------c-v', { a: oneSecondOut, t: m.turnComplete(), b: oneSecondOut, u: m.turnComplete(), c: m.text('Hi'), v: m.turnComplete() });
      const session = fakeLiveSession(server, { scheduler });
      const pick = (metrics: { userTurnEnd?: unknown; timeToFirstAudioMs?: number; timeToFirstOutputMs?: number; audioInSeconds: number }) => [
        metrics.userTurnEnd,
        metrics.timeToFirstOutputMs,
        metrics.audioInSeconds,
      ];
      const inputs: Record<string, () => void> = {
        a: () => session.realtimeInput.next(frame40ms),
        e: () => session.realtimeInput.next({ audioStreamEnd: true }),
        s: () => session.realtimeInput.next({ activityStart: {} }),
        f: () => session.realtimeInput.next({ activityEnd: {} }),
        x: () => session.realtimeInput.next({ text: 'Hello' }),
      };
      at(scheduler, '-aaae-----saaf-------x', (key) => inputs[key]?.());
      expectObservable(turnMetrics(session, { scheduler }).pipe(map(pick))).toBe('---------t------u--------v', {
        t: [{ at: 4, signal: 'audioStreamEnd' }, 3, 0.12],
        u: [{ at: 13, signal: 'activityEnd' }, 1, 0.08],
        v: [{ at: 21, signal: 'text' }, 2, 0],
      });
    });
  });

  it('with server-side VAD falls back to the last audio written before the model answered, and prefers the app’s own mark', () => {
    const scheduler = testScheduler();
    scheduler.run(({ hot, cold, expectObservable }) => {
      const server = hot('------a-t-------b-u', { a: oneSecondOut, t: m.turnComplete(), b: oneSecondOut, u: m.turnComplete() });
      const session = fakeLiveSession(server, { scheduler });
      // The microphone keeps streaming after the model starts: only audio before the answer counts.
      at(scheduler, '-aaa----aa---aaaa', () => session.realtimeInput.next(frame40ms));
      const userTurnEnded$ = cold('--------------x');
      expectObservable(turnMetrics(session, { scheduler, userTurnEnded$ }).pipe(map((metrics) => [metrics.userTurnEnd, metrics.timeToFirstAudioMs]))).toBe(
        '--------t---------u',
        { t: [{ at: 3, signal: 'lastAudio' }, 3], u: [{ at: 14, signal: 'app' }, 2] },
      );
    });
  });

  it('reports an interruption and the time from interrupted to the local playback flush', () => {
    const scheduler = testScheduler();
    scheduler.run(({ hot, cold, expectObservable }) => {
      const server = hot('---a-(it)--b-u', { a: oneSecondOut, i: m.interrupted(), t: m.turnComplete(), b: m.text('Yes?'), u: m.turnComplete() });
      const session = fakeLiveSession(server, { scheduler });
      at(scheduler, '-x', () => session.realtimeInput.next({ text: 'Tell me a story' }));
      const playbackFlushed$ = cold('--------f');
      const pick = (metrics: { index: number; interrupted: boolean; flushMs?: number; durationMs: number }) => [metrics.index, metrics.interrupted, metrics.flushMs, metrics.durationMs];
      expectObservable(turnMetrics(session, { scheduler, playbackFlushed$ }).pipe(map(pick))).toBe('--------f----u', {
        f: [1, true, 3, 2],
        u: [2, false, undefined, 2],
      });
    });
  });

  it('counts a flush that the player saw before turnMetrics saw the interrupted (same message) as immediate', () => {
    const scheduler = testScheduler();
    scheduler.run(({ hot, expectObservable }) => {
      const server = hot('---a-(it)', { a: oneSecondOut, i: m.interrupted(), t: m.turnComplete() });
      const session = fakeLiveSession(server, { scheduler });
      at(scheduler, '-x', () => session.realtimeInput.next({ text: 'Tell me a story' }));
      // The app's player listens to the session before the metrics do.
      const playbackFlushed$ = new Subject<void>();
      session.pipe(filter((message) => message.serverContent?.interrupted === true)).subscribe(() => playbackFlushed$.next());
      expectObservable(turnMetrics(session, { scheduler, playbackFlushed$ }).pipe(map((metrics) => [metrics.interrupted, metrics.flushMs]))).toBe('-----f', { f: [true, 0] });
    });
  });

  it('does not report a turn abandoned at a reconnect; the answer on the next connection is measured from the same question', () => {
    const scheduler = testScheduler();
    scheduler.run(({ hot, expectObservable }) => {
      const server = hot('----a-r---b-t', { a: m.text('Par'), r: replaced, b: m.text('Paris.'), t: m.turnComplete() });
      const session = fakeLiveSession(server, { scheduler });
      at(scheduler, '-x', () => session.clientContent.next({ turns: 'France?' }));
      expectObservable(turnMetrics(session, { scheduler }).pipe(map((metrics) => [metrics.index, metrics.userTurnEnd, metrics.timeToFirstTextMs, metrics.durationMs]))).toBe(
        '------------t',
        { t: [1, { at: 1, signal: 'turnComplete' }, 9, 2] },
      );
    });
  });
});
