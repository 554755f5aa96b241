/**
 * The example's component with the real @angular/core (TestBed, zoneless, no zone.js) against the
 * Live API emulator on 127.0.0.1: typed turns and the model's spoken replies through their
 * transcription, hang-up and a new connection, and close code 1000 when the component goes.
 */
import { TestBed } from '@angular/core/testing';
import { filter, firstValueFrom } from 'rxjs';
import { LIVE_SESSION, provideLiveSession, withLiveSessionFactory } from 'rx-gemini-live/angular';
import { liveSession } from 'rx-gemini-live/node';
import { startEmulator, type LiveEmulator } from 'rx-gemini-live/testing';
import { initDomlessTestBed, rendered, type TestNode } from '../../spec/support/angularTestBed';
import { ConversationComponent } from './conversation.component';

initDomlessTestBed();

describe('the Angular example (Angular 21, zoneless)', () => {
  let emulator: LiveEmulator;

  beforeEach(async () => {
    emulator = await startEmulator();
    TestBed.configureTestingModule({
      providers: [
        provideLiveSession(
          () => ({
            model: 'gemini-2.5-flash-native-audio-preview-09-2025',
            apiKey: 'AIzaAngularExampleKey000000000000000001',
            baseUrl: emulator.baseUrl,
            config: { responseModalities: ['AUDIO'], inputAudioTranscription: {}, outputAudioTranscription: {} },
          }),
          // Node 20 has no global WebSocket: the node entry's session uses `ws`.
          withLiveSessionFactory(liveSession),
        ),
      ],
    });
  });
  afterEach(async () => {
    await emulator.close();
  });

  const lines = (root: TestNode): string[] => root.all('li').map((line) => `${line.classes.has('user') ? 'user' : 'model'}: ${line.textContent.replace(/^(you|model) /, '').trim()}`);

  async function ask(root: TestNode, question: string): Promise<void> {
    const session = TestBed.inject(LIVE_SESSION);
    const done = firstValueFrom(session.pipe(filter((message) => message.serverContent?.turnComplete === true)));
    const input = root.one('input');
    input.dispatch('input', { target: { value: question } });
    root.one('form').dispatch('submit');
    await done;
  }

  it('connects on click, shows typed turns and the spoken replies, and hangs up with 1000 when destroyed', async () => {
    const fixture = TestBed.createComponent(ConversationComponent);
    const root = rendered(fixture.nativeElement);
    await fixture.whenStable();
    expect(root.one('span.status').textContent).toBe('idle');
    expect(emulator.connections).toHaveLength(0);

    root.one('button.primary').dispatch('click');
    const session = TestBed.inject(LIVE_SESSION);
    await firstValueFrom(session.state$.pipe(filter((state) => state.status === 'open')));
    await ask(root, 'Hello there');
    await ask(root, 'What is the capital of France?');
    await fixture.whenStable();
    expect(root.one('span.status').textContent).toBe('open');
    expect(lines(root)).toEqual([
      'user: Hello there',
      'model: Hello! How can I help you today?',
      'user: What is the capital of France?',
      'model: The capital of France is Paris.',
    ]);

    const connection = await emulator.connection(1);
    fixture.destroy();
    await expect(connection.closed).resolves.toMatchObject({ code: 1000 });
  });

  it('hang-up closes with 1000, Connect opens a new connection, and a server error shows without breaking the page', async () => {
    const fixture = TestBed.createComponent(ConversationComponent);
    const root = rendered(fixture.nativeElement);
    const session = TestBed.inject(LIVE_SESSION);
    await fixture.whenStable();
    root.one('button.primary').dispatch('click');
    await firstValueFrom(session.state$.pipe(filter((state) => state.status === 'open')));
    await fixture.whenStable();
    root.one('button.hang-up').dispatch('click');
    await expect((await emulator.connection(1)).closed).resolves.toMatchObject({ code: 1000 });

    await fixture.whenStable();
    root.one('button.primary').dispatch('click');
    await firstValueFrom(session.state$.pipe(filter((state) => state.status === 'open')));
    const second = await emulator.connection(2);
    const closed = firstValueFrom(session.state$.pipe(filter((state) => state.status === 'closed')));
    second.close(1011, 'Internal error encountered.');
    await closed;
    await fixture.whenStable();
    expect(root.one('span.status').textContent).toBe('closed');
    expect(root.one('p.error').textContent).toContain('Internal error encountered.');
    expect(root.one('button.primary').textContent).toBe('Connect');
    fixture.destroy();
  });
});
