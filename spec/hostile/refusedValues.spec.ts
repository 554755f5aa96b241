/**
 * Issue 13 §4: a refused value never crashes the host process. Each sink is used as an observer, the
 * documented pattern; an error thrown from its `next` would be rethrown by RxJS on a timer and end
 * Node, which `watchUnhandled` records instead.
 */
import { of, type Subscription } from 'rxjs';
import { handleToolCalls } from '../../lib/operators/handleToolCalls';
import { LiveError, LiveInputError, type LiveSinkError } from '../../lib/errors';
import { liveSession } from '../../lib/node';
import { type CaptureServer, type CapturedConnection, startCaptureServer } from '../support/captureServer';
import { watchUnhandled } from '../support/hostile';
import { expectNoLeaks, liveResources } from '../support/leaks';

const API_KEY = 'AIzaRefusedValuesSecret0001';

describe('hostile: refused values never crash the process (issue 13 §4)', () => {
  let server: CaptureServer | undefined;
  let subscription: Subscription | undefined;
  let baseline = liveResources();
  beforeEach(() => (baseline = liveResources()));
  afterEach(async () => {
    subscription?.unsubscribe();
    await server?.close();
    server = undefined;
    await expectNoLeaks(baseline);
  });

  /** A session on a server that sends `toolCall` right after setupComplete, and the refusals it reports. */
  async function toolSession(call: Record<string, unknown>, handlers: Parameters<typeof handleToolCalls>[0]) {
    server = await startCaptureServer({
      onFrame: (connection, frame) => frame.text.includes('"setup"') && connection.send({ toolCall: { functionCalls: [call] } }),
    });
    const session = liveSession({ model: 'm', apiKey: API_KEY, baseUrl: server.baseUrl });
    const refused: LiveSinkError[] = [];
    const errors: unknown[] = [];
    subscription = session.refused$.subscribe((error) => refused.push(error));
    subscription.add(session.subscribe({ error: (error: unknown) => errors.push(error) }));
    subscription.add(session.pipe(handleToolCalls(handlers)).subscribe(session.toolResponse));
    return { session, refused, errors, connection: await server.connection(0) };
  }

  /** The toolResponse frames the server received, once `count` frames (setup included) arrived. */
  async function toolResponses(connection: CapturedConnection, count: number): Promise<unknown[]> {
    const messages = await connection.framesReceived(count);
    return messages.filter((message) => typeof message === 'object' && message !== null && 'toolResponse' in message);
  }

  it.each([
    ['a BigInt', () => ({ total: 10n })],
    ['a circular object', () => {
      const node: Record<string, unknown> = { name: 'loop' };
      node.self = node;
      return node;
    }],
  ])('a tool result holding %s is answered {error} for that call; nothing is thrown', async (_what, handler) => {
    const unhandled = watchUnhandled();
    const { session, refused, errors, connection } = await toolSession({ id: 'c1', name: 'lookup', args: {} }, { lookup: handler });
    const [answer] = await toolResponses(connection, 2);
    expect(answer).toEqual({
      toolResponse: {
        functionResponses: [{ id: 'c1', name: 'lookup', response: { error: expect.stringMatching(/^The result of lookup cannot be sent as JSON: /) } }],
      },
    });
    expect(refused).toEqual([]);
    expect(errors).toEqual([]);
    expect(session.state.status).toBe('open');
    expect(await unhandled.stop()).toEqual([]);
  });

  it('a toolCall without an id on the Gemini API: the id-less answer is refused on refused$, the session carries on', async () => {
    const unhandled = watchUnhandled();
    const { session, refused, errors, connection } = await toolSession({ name: 'lookup', args: {} }, { lookup: () => ({ ok: true }) });
    await new Promise<void>((resolve) => {
      const wait = session.refused$.subscribe(() => {
        resolve();
        queueMicrotask(() => wait.unsubscribe());
      });
      if (refused.length > 0) resolve();
    });
    expect(refused).toHaveLength(1);
    expect(refused[0]).toBeInstanceOf(LiveInputError);
    expect(refused[0]?.sink).toBe('toolResponse');
    expect(refused[0]?.message).toMatch(/functionResponses\[0\]\.id: required on the Gemini API/);
    // The session is still usable: a later clientContent reaches the server, no toolResponse did.
    session.clientContent.next({ turns: 'still there?' });
    const messages = await connection.framesReceived(2);
    expect(messages[1]).toMatchObject({ clientContent: { turns: [{ parts: [{ text: 'still there?' }] }] } });
    expect(errors).toEqual([]);
    expect(await unhandled.stop()).toEqual([]);
  });

  it('a source that feeds unserialisable and invalid values into the sinks: each refusal is a LiveError on refused$', async () => {
    const unhandled = watchUnhandled();
    server = await startCaptureServer();
    const session = liveSession({ model: 'm', apiKey: API_KEY, baseUrl: server.baseUrl });
    const refused: LiveSinkError[] = [];
    subscription = session.refused$.subscribe((error) => refused.push(error));
    subscription.add(session.subscribe());
    const circular: Record<string, unknown> = {};
    circular.self = circular;
    of({ functionResponses: { id: 'c1', name: 'f', response: { big: 1n } } }, { functionResponses: { id: 'c2', name: 'f', response: circular } }).subscribe(
      session.toolResponse,
    );
    of({ audio: { data: 'AAAA', mimeType: 'video/mp4' } }).subscribe(session.realtimeInput);
    of({ turns: [{ functionCall: { name: 'f', args: {} } }] }).subscribe(session.clientContent);
    expect(refused.map((error) => [error.constructor, error.sink])).toEqual([
      [LiveInputError, 'toolResponse'],
      [LiveInputError, 'toolResponse'],
      [LiveInputError, 'realtimeInput'],
      [LiveInputError, 'clientContent'],
    ]);
    expect(refused.every((error) => error instanceof LiveError)).toBe(true);
    expect(refused[0]?.message).toMatch(/serialise|BigInt/i);
    expect(session.stats.pendingMessages + session.stats.pendingRealtime).toBe(0);
    // Still open for business.
    session.clientContent.next({ turns: 'hello' });
    const connection = await server.connection(0);
    const messages = await connection.framesReceived(2);
    expect(messages.filter((message) => typeof message === 'object' && message !== null && 'clientContent' in message)).toHaveLength(1);
    expect(await unhandled.stop()).toEqual([]);
  });
});
