/**
 * Issue 13 §3: memory stays bounded whatever the caller does. Each scenario counts what the session
 * holds (outbox stats, the socket's `bufferedAmount`), never RSS or wall time.
 */
import { Subscription } from 'rxjs';
import type { LiveSinkError } from '../../lib/errors';
import { LiveOutboxOverflowError } from '../../lib/errors';
import { liveSession } from '../../lib/node';
import { DEFAULT_OUTBOX_LIMITS } from '../../lib/session/outbox';
import { type CaptureServer, startCaptureServer } from '../support/captureServer';
import { recordingFactory, tcpOf } from '../support/hostile';
import { expectNoLeaks, liveResources } from '../support/leaks';
import { startStallingServer } from '../support/rawServers';

const API_KEY = 'AIzaUnboundedQueuesSecret01';
const FRAME_TEXT = 'x'.repeat(64 * 1024);
const AUDIO = { audio: { data: Buffer.alloc(48 * 1024).toString('base64'), mimeType: 'audio/pcm;rate=16000' } };

/** Resolves once the session's first connection is open (setupComplete arrived). */
function opened(session: ReturnType<typeof liveSession>): Promise<void> {
  return new Promise((resolve) => {
    const watch = session.state$.subscribe((state) => {
      if (state.status !== 'open') return;
      resolve();
      queueMicrotask(() => watch.unsubscribe());
    });
  });
}

describe('hostile: queues stay bounded (issue 13 §3)', () => {
  let subscriptions = new Subscription();
  let server: CaptureServer | undefined;
  let baseline = liveResources();
  beforeEach(() => {
    baseline = liveResources();
    subscriptions = new Subscription();
  });
  afterEach(async () => {
    subscriptions.unsubscribe();
    for (const connection of server?.connections ?? []) connection.socket.terminate();
    await server?.close();
    server = undefined;
    await expectNoLeaks(baseline);
  });

  it('disconnected: realtime text and activity signals wait up to maxPendingSignals, the rest is refused', async () => {
    const stalling = await startStallingServer();
    try {
      const session = liveSession({ model: 'm', apiKey: API_KEY, baseUrl: stalling.baseUrl });
      const refused: LiveSinkError[] = [];
      const watch = session.subscribe({ error: () => undefined });
      session.refused$?.subscribe((error) => refused.push(error));
      await stalling.held; // the upgrade is never answered: the session stays connecting
      for (let index = 0; index < 2_000; index += 1) {
        session.realtimeInput.next(index % 2 === 0 ? { text: `word ${index}` } : { activityStart: {} });
      }
      expect(session.stats.pendingRealtime).toBe(DEFAULT_OUTBOX_LIMITS.maxPendingSignals);
      expect(refused).toHaveLength(2_000 - DEFAULT_OUTBOX_LIMITS.maxPendingSignals);
      expect(refused.every((error) => error instanceof LiveOutboxOverflowError && error.sink === 'realtimeInput')).toBe(true);
      watch.unsubscribe();
    } finally {
      await stalling.close();
    }
  });

  it('congested with media at the head: clientContent waits up to maxPendingMessages, the rest is refused', async () => {
    server = await startCaptureServer({ onFrame: (connection, frame) => frame.text.includes('"setup"') && tcpOf(connection.socket).pause() });
    const { factory, sockets } = recordingFactory();
    const session = liveSession({ model: 'm', apiKey: API_KEY, baseUrl: server.baseUrl, webSocketFactory: factory });
    const refused: LiveSinkError[] = [];
    const isOpen = opened(session);
    subscriptions.add(session.subscribe({ error: () => undefined }));
    subscriptions.add(session.refused$?.subscribe((error) => refused.push(error)));
    await isOpen;
    const socket = sockets[0];
    // Audio until the socket is over its high-water mark (the peer reads nothing), then one more that waits.
    for (let sent = 0; socket !== undefined && socket.bufferedAmount <= DEFAULT_OUTBOX_LIMITS.highWaterMark && sent < 2_000; sent += 1) {
      session.realtimeInput.next(AUDIO);
    }
    session.realtimeInput.next(AUDIO);
    expect(session.stats.pendingRealtime).toBeGreaterThan(0);
    for (let index = 0; index < 1_000; index += 1) session.clientContent.next({ turns: `turn ${index}` });
    expect(session.stats.pendingMessages).toBe(DEFAULT_OUTBOX_LIMITS.maxPendingMessages);
    expect(refused).toHaveLength(1_000 - DEFAULT_OUTBOX_LIMITS.maxPendingMessages);
    expect(refused.every((error) => error instanceof LiveOutboxOverflowError && error.sink === 'clientContent')).toBe(true);
  });

  it('a stalled socket without media: reliable frames stop at the high-water mark and wait in the outbox, bounded', async () => {
    server = await startCaptureServer({ onFrame: (connection, frame) => frame.text.includes('"setup"') && tcpOf(connection.socket).pause() });
    const { factory, sockets } = recordingFactory();
    const maxPendingMessages = 32;
    const session = liveSession({ model: 'm', apiKey: API_KEY, baseUrl: server.baseUrl, webSocketFactory: factory, outbox: { maxPendingMessages } });
    const refused: LiveSinkError[] = [];
    const isOpen = opened(session);
    subscriptions.add(session.subscribe({ error: () => undefined }));
    subscriptions.add(session.refused$?.subscribe((error) => refused.push(error)));
    await isOpen;
    const offered = 300; // ~19 MB: far more than the kernel's socket buffers take
    for (let index = 0; index < offered; index += 1) session.clientContent.next({ turns: FRAME_TEXT, turnComplete: false });
    const bufferedAmount = sockets[0]?.bufferedAmount ?? 0;
    expect(bufferedAmount).toBeLessThanOrEqual(DEFAULT_OUTBOX_LIMITS.highWaterMark + 2 * FRAME_TEXT.length);
    expect(session.stats.pendingMessages).toBe(maxPendingMessages);
    expect(refused.length).toBeGreaterThan(0);
    expect(session.stats.framesSent + session.stats.pendingMessages + refused.length).toBe(offered);
  });
});
