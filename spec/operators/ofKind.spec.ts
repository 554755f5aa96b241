import { LiveServerMessage } from '../../lib/protocol/serverMessages';
import { ofKind, serverContents } from '../../lib/operators/ofKind';
import { bare, content, frame, goAway, setupComplete, text, toolCall, toolCallCancellation, turnCompleteWithUsage } from '../support/liveMessages';
import { testScheduler } from '../support/marbles';

const resumption = frame({ sessionResumptionUpdate: { newHandle: 'h-1', resumable: true } });
const usageOnly = frame({ usageMetadata: { totalTokenCount: 10 } });
const call = toolCall({ id: 'function-call-1', name: 'get_weather', args: { city: 'Paris' } });
const cancel = toolCallCancellation('function-call-1');
const away = goAway('50s');
const hello = text('Hello');
const done = turnCompleteWithUsage();
const all = { s: setupComplete, h: hello, d: done, c: call, x: cancel, g: away, r: resumption, u: usageOnly, b: bare };

describe('ofKind', () => {
  it('fixtures are valid server messages', () => {
    for (const message of Object.values(all)) expect(LiveServerMessage.is(message)).toBe(true);
  });

  it.each([
    ['setupComplete', 's------------', { s: setupComplete }],
    ['serverContent', '-h------d---b', { h: hello, d: done, b: bare }],
    ['toolCall', '--c----------', { c: call }],
    ['toolCallCancellation', '---x---------', { x: cancel }],
    ['goAway', '----g--------', { g: away }],
    ['sessionResumptionUpdate', '-----r-------', { r: resumption }],
    ['usageMetadata', '------u-d----', { u: usageOnly, d: done }],
  ] as const)('keeps the %s messages, a frame matching every kind it carries', (kind, expected, values) => {
    testScheduler().run(({ hot, expectObservable }) => {
      const source = hot('shcxgru-d---b|', all);
      expectObservable(source.pipe(ofKind(kind))).toBe(`${expected}|`, values);
    });
  });

  it('narrows the type so the field can be read without a check', () => {
    const read: (string | undefined)[] = [];
    testScheduler().run(({ cold, expectObservable }) => {
      const handles = cold('a-r|', { a: hello, r: resumption }).pipe(ofKind('sessionResumptionUpdate'));
      handles.subscribe((message) => read.push(message.sessionResumptionUpdate.newHandle));
      expectObservable(handles).toBe('--r|', { r: resumption });
    });
    expect(read).toEqual(['h-1']);
  });

  it('passes errors on and unsubscribes from the source', () => {
    testScheduler().run(({ hot, expectObservable, expectSubscriptions }) => {
      const source = hot('-h-c-#', { h: hello, c: call });
      expectObservable(source.pipe(ofKind('toolCall'))).toBe('---c-#', { c: call });
      const other = hot('-h-c-h-c', { h: hello, c: call });
      expectObservable(other.pipe(ofKind('toolCall')), '^---!').toBe('---c', { c: call });
      expectSubscriptions(other.subscriptions).toBe('^---!');
    });
  });
});

describe('serverContents', () => {
  it('maps to the serverContent, bare frames included', () => {
    testScheduler().run(({ hot, expectObservable }) => {
      const source = hot('sh-c-b-d|', { s: setupComplete, h: hello, c: call, b: bare, d: done });
      expectObservable(source.pipe(serverContents())).toBe('-h---b-d|', {
        h: hello.serverContent,
        b: {},
        d: content({ turnComplete: true }).serverContent,
      });
    });
  });
});
