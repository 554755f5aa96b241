/**
 * LiveSessionService with the real @angular/core (JIT, no TestBed, no zone.js), against the Live API
 * emulator on 127.0.0.1: signals follow the connection and the conversation, and destroying the
 * injector hangs up with 1000.
 */
import '@angular/compiler';
import { Injector, runInInjectionContext } from '@angular/core';
import { firstValueFrom, filter } from 'rxjs';
import { liveSession as nodeLiveSession, type LiveSessionOptions } from 'rx-gemini-live/node';
import { startEmulator, type LiveEmulator } from 'rx-gemini-live/testing';
import { LIVE_SESSION_FACTORY, LIVE_SESSION_OPTIONS, LiveSessionService } from './live-session.service';

describe('LiveSessionService (Angular 21)', () => {
  let emulator: LiveEmulator;

  beforeEach(async () => {
    emulator = await startEmulator();
  });
  afterEach(async () => {
    await emulator.close();
  });

  function serviceInjector(config: LiveSessionOptions['config'] = { responseModalities: ['TEXT'] }) {
    return Injector.create({
      providers: [
        { provide: LiveSessionService, useClass: LiveSessionService, deps: [] },
        { provide: LIVE_SESSION_FACTORY, useValue: nodeLiveSession },
        {
          provide: LIVE_SESSION_OPTIONS,
          useValue: { model: 'gemini-live-2.5-flash-preview', apiKey: 'AIzaAngularSpecKey0000000000000000001', apiVersion: 'v1beta', baseUrl: emulator.baseUrl, config },
        },
      ],
    });
  }

  const opened = (service: LiveSessionService): Promise<unknown> =>
    firstValueFrom(service.session.state$.pipe(filter((state) => state.status === 'open')));
  const turnComplete = (service: LiveSessionService): Promise<unknown> =>
    firstValueFrom(service.session.pipe(filter((message) => message.serverContent?.turnComplete === true)));

  it('connects only when asked, shows the typed turn and the streamed reply, and hangs up with 1000 on destroy', async () => {
    const injector = serviceInjector();
    const service = injector.get(LiveSessionService);
    expect(service.status()).toBe('idle');
    expect(service.transcript()).toEqual([]);
    expect(emulator.connections).toHaveLength(0);

    service.connect();
    await opened(service);
    expect(service.status()).toBe('open');

    const done = turnComplete(service);
    service.send('What is the capital of France?');
    await done;
    expect(service.transcript()).toEqual([
      { role: 'user', text: 'What is the capital of France?' },
      { role: 'model', text: 'The capital of France is Paris.' },
    ]);

    const connection = await emulator.connection(1);
    injector.destroy();
    await expect(connection.closed).resolves.toMatchObject({ code: 1000 });
    expect(emulator.connections).toHaveLength(1);
  });

  it('keeps turns apart and shows spoken replies from the output transcription in AUDIO mode', async () => {
    const injector = serviceInjector({ responseModalities: ['AUDIO'], outputAudioTranscription: {} });
    const service = injector.get(LiveSessionService);
    service.connect();
    await opened(service);
    for (const question of ['Hello there', 'What is the capital of France?']) {
      const done = turnComplete(service);
      service.send(question);
      await done;
    }
    expect(service.transcript()).toEqual([
      { role: 'user', text: 'Hello there' },
      { role: 'model', text: 'Hello! How can I help you today?' },
      { role: 'user', text: 'What is the capital of France?' },
      { role: 'model', text: 'The capital of France is Paris.' },
    ]);
    injector.destroy();
  });

  it('disconnect() hangs up and connect() opens a new connection; a failed connection shows as an error, not a throwing signal', async () => {
    const injector = serviceInjector();
    const service = injector.get(LiveSessionService);
    service.connect();
    await opened(service);
    const first = await emulator.connection(1);
    service.disconnect();
    await expect(first.closed).resolves.toMatchObject({ code: 1000 });

    service.connect();
    await opened(service);
    const second = await emulator.connection(2);
    // The server ends the session with an error: the signals stay readable and say what happened.
    const closed = firstValueFrom(service.session.state$.pipe(filter((state) => state.status === 'closed')));
    second.close(1011, 'Internal error encountered.');
    await closed;
    expect(service.status()).toBe('closed');
    expect(service.error()).toContain('Internal error encountered.');
    expect(() => service.transcript()).not.toThrow();
    injector.destroy();
  });

  it('also works inside runInInjectionContext, as a component constructor would use it', () => {
    const injector = serviceInjector();
    const service = runInInjectionContext(injector, () => new LiveSessionService());
    expect(service.status()).toBe('idle');
    injector.destroy();
    expect(emulator.connections).toHaveLength(0);
  });
});
