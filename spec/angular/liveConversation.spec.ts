/**
 * A component on injectLiveConversation with the real @angular/core (TestBed, zoneless, no zone.js):
 * the transcript as messages arrive (fakeLiveSession and marbles), teardown, errors and reconnects,
 * then the same component against the Live API emulator.
 */
import { ChangeDetectionStrategy, Component } from '@angular/core';
import { TestBed, type ComponentFixture } from '@angular/core/testing';
import { concat, filter, firstValueFrom, map, NEVER, of } from 'rxjs';
import { liveSession as nodeLiveSession } from 'rx-gemini-live/node';
import { injectLiveConversation, provideLiveSession, withLiveSessionFactory, type LiveConversationOptions } from 'rx-gemini-live/angular';
import { LiveServerError, toClientContent, type LiveServerMessage, type ToolHandlers } from 'rx-gemini-live';
import { closeError, fakeLiveSession, serverMessages as m, startEmulator, type FakeLiveSession } from 'rx-gemini-live/testing';
import { initDomlessTestBed, rendered, type TestNode } from '../support/angularTestBed';
import { testScheduler } from '../support/marbles';

initDomlessTestBed();

/** The component of docs/angular.md, give or take the tools. */
@Component({
  selector: 'spec-conversation',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <span class="status">{{ live.status() }}</span>
    @if (live.error(); as error) { <p class="error">{{ error.message }}</p> }
    <button class="connect" (click)="live.start()">Connect</button>
    <ol>
      @for (line of live.transcript(); track $index) {
        <li [class]="line.role">{{ line.text }}</li>
      }
    </ol>
    <button class="ask" (click)="live.send('What is the capital of France?')">Ask</button>
  `,
})
class Conversation {
  static options: LiveConversationOptions = {};
  readonly live = injectLiveConversation(Conversation.options);
}

function mount(session: FakeLiveSession | (() => ReturnType<typeof nodeLiveSession>), options: LiveConversationOptions = {}) {
  Conversation.options = options;
  const factory = typeof session === 'function' ? session : () => session;
  TestBed.configureTestingModule({ providers: [provideLiveSession({ model: 'gemini-live-2.5-flash-preview' }, withLiveSessionFactory(factory))] });
  const fixture = TestBed.createComponent(Conversation);
  return { fixture, root: rendered(fixture.nativeElement) };
}

/** The rendered transcript, one `role: text` string per line. */
function lines(root: TestNode): string[] {
  return root.all('li').map((line) => `${line.className}: ${line.textContent.trim()}`);
}

function render(fixture: ComponentFixture<Conversation>, root: TestNode): { status: string; lines: string[] } {
  fixture.detectChanges();
  return { status: root.one('span.status').textContent, lines: lines(root) };
}

const replaced: LiveServerMessage = { connectionReplaced: { reason: 'goAway' } };

describe('injectLiveConversation in a component', () => {
  afterEach(() => {
    Conversation.options = {};
  });

  it('shows the transcript as messages arrive: the typed turn, the streamed reply growing, the next spoken turn', () => {
    testScheduler().run(({ cold, expectObservable }) => {
      const server = cold('-a-b-c-d-e', {
        a: m.text('The capital '),
        b: m.text('of France is Paris.'),
        c: m.turnComplete(),
        d: m.inputTranscript('And of Italy?'),
        e: m.outputTranscript('Rome.'),
      });
      const session = fakeLiveSession(server);
      const { fixture, root } = mount(session);
      expect(render(fixture, root)).toEqual({ status: 'idle', lines: [] });

      root.one('button.connect').dispatch('click');
      root.one('button.ask').dispatch('click');
      expect(render(fixture, root)).toEqual({ status: 'open', lines: ['user: What is the capital of France?'] });
      expect(session.sent.clientContent.values).toEqual([toClientContent({ turns: 'What is the capital of France?', turnComplete: true })]);

      const asked = 'user: What is the capital of France?';
      expectObservable(session.pipe(map(() => render(fixture, root).lines))).toBe('-a-b-c-d-e', {
        a: [asked, 'model: The capital'],
        b: [asked, 'model: The capital of France is Paris.'],
        c: [asked, 'model: The capital of France is Paris.'],
        d: [asked, 'model: The capital of France is Paris.', 'user: And of Italy?'],
        e: [asked, 'model: The capital of France is Paris.', 'user: And of Italy?', 'model: Rome.'],
      });
    });
  });

  it('marks the line still streaming and the turn in progress until turnComplete; adds up usage', () => {
    testScheduler().run(({ cold, expectObservable }) => {
      const session = fakeLiveSession(cold('-a-b', { a: m.text('Paris'), b: m.turnComplete({ promptTokenCount: 5, responseTokenCount: 2, totalTokenCount: 7 }) }));
      const { fixture } = mount(session);
      const { live } = fixture.componentInstance;
      live.start();
      expectObservable(session.pipe(map(() => ({ line: live.transcript()[0], turn: live.currentTurn(), tokens: live.usage().totalTokenCount })))).toBe('-a-b', {
        a: { line: { role: 'model', text: 'Paris', streaming: true }, turn: { text: 'Paris', outputTranscript: '', audioChunks: 0 }, tokens: 0 },
        b: { line: { role: 'model', text: 'Paris', streaming: false }, turn: undefined, tokens: 7 },
      });
    });
  });

  it('shows a reconnect as reconnecting then open, and drops the half reply the replaced connection left', () => {
    testScheduler().run(({ cold, hot, expectObservable }) => {
      const server = cold('-a-r--b-c', { a: m.text('The capital of Fr'), r: replaced, b: m.text('The capital of France is Paris.'), c: m.turnComplete() });
      const state = hot('o---xo', { o: 'open', x: 'reconnecting' } as const);
      const session = fakeLiveSession(server, { state });
      const { fixture, root } = mount(session);
      fixture.componentInstance.live.start();
      expectObservable(session.pipe(map(() => render(fixture, root)))).toBe('-a-r--b-c', {
        a: { status: 'open', lines: ['model: The capital of Fr'] },
        r: { status: 'open', lines: [] },
        b: { status: 'open', lines: ['model: The capital of France is Paris.'] },
        c: { status: 'open', lines: ['model: The capital of France is Paris.'] },
      });
      // The status shown follows state$ frame by frame (idle until the scripted state's first frame).
      expectObservable(session.state$.pipe(map(() => render(fixture, root).status))).toBe('(io)xo', { i: 'idle', o: 'open', x: 'reconnecting' });
    });
  });

  it('with the fake’s replaceConnection(): the half reply is dropped and the next connection’s answer shows', () => {
    testScheduler().run(({ cold, expectObservable, flush }) => {
      const session = fakeLiveSession((index) =>
        index === 0 ? cold('-a', { a: m.text('The capital of Fr') }) : cold('-b-c', { b: m.text('The capital of France is Paris.'), c: m.turnComplete() }),
      );
      const { fixture, root } = mount(session);
      fixture.componentInstance.live.start();
      const statuses: string[] = [];
      session.state$.subscribe((state) => statuses.push(state.status));
      cold('---r').subscribe(() => session.replaceConnection('goAway'));
      expectObservable(session.pipe(map(() => render(fixture, root)))).toBe('-a-rb-c', {
        a: { status: 'open', lines: ['model: The capital of Fr'] },
        r: { status: 'reconnecting', lines: [] },
        b: { status: 'open', lines: ['model: The capital of France is Paris.'] },
        c: { status: 'open', lines: ['model: The capital of France is Paris.'] },
      });
      flush();
      expect(statuses).toEqual(['open', 'reconnecting', 'open']);
    });
  });

  it('shows a failed connection in error and status; the signals stay readable and start() connects again', () => {
    testScheduler().run(({ cold, expectObservable, flush }) => {
      const session = fakeLiveSession((index) => (index === 0 ? cold('-a-#', { a: m.text('Par') }, closeError(1011, 'Internal error encountered.')) : NEVER));
      const { fixture, root } = mount(session);
      const { live } = fixture.componentInstance;
      live.start();
      expectObservable(session.state$.pipe(map(() => render(fixture, root)))).toBe('a--b', {
        a: { status: 'open', lines: [] },
        b: { status: 'closed', lines: ['model: Par'] },
      });
      flush();
      expect(live.error()).toBeInstanceOf(LiveServerError);
      fixture.detectChanges();
      expect(root.one('p.error').textContent).toContain('Internal error encountered.');
      expect(live.transcript()).toEqual([{ role: 'model', text: 'Par', streaming: false }]);
      expect(live.active()).toBe(false);

      live.start();
      expect(session.connections).toBe(2);
      expect(live.error()).toBeUndefined();
      expect(render(fixture, root).status).toBe('open');
    });
  });

  it('a refused send shows in error and adds no line', () => {
    const session = fakeLiveSession();
    const { fixture } = mount(session);
    const { live } = fixture.componentInstance;
    live.send(42 as unknown as string);
    expect(live.error()?.name).toBe('LiveInputError');
    expect(live.transcript()).toEqual([]);
  });

  it('answers the model\'s tool calls on session.toolResponse while connected', async () => {
    const session = fakeLiveSession(concat(of(m.toolCall({ id: 'call-1', name: 'get_weather', args: { city: 'Paris' } })), NEVER));
    const { fixture } = mount(session, { tools: { get_weather: (args) => ({ city: args.city, celsius: 21 }) } });
    fixture.componentInstance.live.start();
    const answers = await firstValueFrom(session.sent.toolResponse.pipe(map((response) => response.toolResponse.functionResponses)));
    expect(answers?.[0]).toMatchObject({ id: 'call-1', name: 'get_weather', response: { city: 'Paris', celsius: 21 } });
    fixture.destroy();
  });

  it('destroying the component hangs up and aborts the tool handlers still running', async () => {
    const aborted: string[] = [];
    const tools: ToolHandlers = {
      look_up: (_args, { signal, call }) =>
        new Promise(() => {
          signal.addEventListener('abort', () => aborted.push(call.id ?? '?'));
        }),
    };
    const session = fakeLiveSession(concat(of(m.toolCall({ id: 'call-1', name: 'look_up', args: {} })), NEVER));
    const { fixture } = mount(session, { tools });
    fixture.componentInstance.live.start();
    expect(session.connected).toBe(true);
    fixture.destroy();
    expect(aborted).toEqual(['call-1']);
    expect(session.connected).toBe(false);
  });

  it('against the emulator, a reconnecting session shows reconnecting, then open, and the half reply of the dead connection is dropped', async () => {
    const emulator = await startEmulator({
      scenario: { faults: [{ at: 'modelTurn', connection: 1, action: { kind: 'close', code: 1011, reason: 'Internal error encountered.' } }] },
    });
    try {
      const session = nodeLiveSession({
        model: 'gemini-live-2.5-flash-preview',
        apiKey: 'AIzaAngularSpecKey0000000000000000003',
        baseUrl: emulator.baseUrl,
        config: { responseModalities: ['TEXT'] },
        reconnect: { initialDelayMs: 10, jitter: 0 },
      });
      const { fixture, root } = mount(() => session);
      const { live } = fixture.componentInstance;
      const shown: string[] = [];
      // Read after the conversation's own subscription has set the signal for this state.
      const watching = session.state$.subscribe(() => shown.push(render(fixture, root).status));
      live.start();
      await firstValueFrom(session.state$.pipe(filter((state) => state.status === 'open')));
      const answered = firstValueFrom(session.pipe(filter((message) => message.serverContent?.turnComplete === true)));
      live.send('What is the capital of France?');
      await answered;
      watching.unsubscribe();
      expect(shown.filter((status, index) => status !== shown[index - 1])).toEqual(['idle', 'connecting', 'open', 'reconnecting', 'open']);
      expect(live.error()).toBeUndefined();
      // The first connection died after the reply's first words; the resumed one answered in full.
      expect(live.transcript()).toEqual([
        { role: 'user', text: 'What is the capital of France?', streaming: false },
        { role: 'model', text: 'The capital of France is Paris.', streaming: false },
      ]);
      expect(emulator.connections).toHaveLength(2);
      fixture.destroy();
    } finally {
      await emulator.close();
    }
  });

  it('against the emulator, zoneless: the template follows the signals on its own, and destroy closes with 1000', async () => {
    const emulator = await startEmulator();
    try {
      const session = nodeLiveSession({
        model: 'gemini-live-2.5-flash-preview',
        apiKey: 'AIzaAngularSpecKey0000000000000000002',
        baseUrl: emulator.baseUrl,
        config: { responseModalities: ['TEXT'] },
      });
      const { fixture, root } = mount(() => session);
      await fixture.whenStable();
      root.one('button.connect').dispatch('click');
      await firstValueFrom(session.state$.pipe(filter((state) => state.status === 'open')));
      const done = firstValueFrom(session.pipe(filter((message) => message.serverContent?.turnComplete === true)));
      root.one('button.ask').dispatch('click');
      await done;
      // No detectChanges and no zone.js: Angular's zoneless scheduler saw the signals change and rendered.
      expect((globalThis as { Zone?: unknown }).Zone).toBeUndefined();
      await fixture.whenStable();
      expect(root.one('span.status').textContent).toBe('open');
      expect(lines(root)).toEqual(['user: What is the capital of France?', 'model: The capital of France is Paris.']);

      const connection = await emulator.connection(1);
      fixture.destroy();
      await expect(connection.closed).resolves.toMatchObject({ code: 1000 });
    } finally {
      await emulator.close();
    }
  });
});
