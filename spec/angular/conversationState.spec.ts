/**
 * The transcript rules behind injectLiveConversation, without Angular: which line a fragment grows,
 * when lines close, what an interruption and a replaced connection do.
 */
import { EMPTY_CONVERSATION, foldConversation, type ConversationEvent, type ConversationState } from '../../lib/angular/conversationState';
import type { LiveServerMessage } from '../../lib/protocol/serverMessages';
import { serverMessages as m } from '../../lib/testing/messages';

const message = (value: LiveServerMessage): ConversationEvent => ({ kind: 'message', message: value });
const fold = (...events: ConversationEvent[]): ConversationState => events.reduce(foldConversation, EMPTY_CONVERSATION);

describe('foldConversation', () => {
  it('grows one model line per turn from text parts, and closes it at turnComplete', () => {
    const state = fold(message(m.text('The capital ')), message(m.text('is Paris.')));
    expect(state.transcript).toEqual([{ role: 'model', text: 'The capital is Paris.', streaming: true }]);
    expect(state.turn).toEqual({ text: 'The capital is Paris.', outputTranscript: '', audioChunks: 0 });
    const done = foldConversation(state, message(m.turnComplete()));
    expect(done.transcript).toEqual([{ role: 'model', text: 'The capital is Paris.', streaming: false }]);
    expect(done.turn).toBeUndefined();
  });

  it('keeps spoken user words and the spoken reply on their own lines, counting the audio of the turn', () => {
    const state = fold(
      message(m.inputTranscript('What is ')),
      message(m.inputTranscript('the capital?', true)),
      message(m.audio(new Int16Array(480))),
      message(m.outputTranscript('Paris.')),
      message(m.audio(new Int16Array(480))),
    );
    expect(state.transcript).toEqual([
      { role: 'user', text: 'What is the capital?', streaming: false },
      { role: 'model', text: 'Paris.', streaming: true },
    ]);
    expect(state.turn).toEqual({ text: '', outputTranscript: 'Paris.', audioChunks: 2 });
  });

  it('marks a barged-in reply interrupted and starts the next reply on a new line', () => {
    const state = fold(message(m.text('The capital of')), message(m.interrupted()), message(m.text('Yes?')));
    expect(state.transcript).toEqual([
      { role: 'model', text: 'The capital of', streaming: false, interrupted: true },
      { role: 'model', text: 'Yes?', streaming: true },
    ]);
  });

  it('drops the half reply when the connection is replaced, keeping the lines around it', () => {
    const state = fold(
      { kind: 'typed', text: 'Hi' },
      message(m.text('Hel')),
      message(m.inputTranscript('and')),
      message({ connectionReplaced: { reason: 'closed' } }),
      message(m.text('Hello!')),
    );
    expect(state.transcript).toEqual([
      { role: 'user', text: 'Hi', streaming: false },
      { role: 'user', text: 'and', streaming: false },
      { role: 'model', text: 'Hello!', streaming: true },
    ]);
    expect(state.turn).toEqual({ text: 'Hello!', outputTranscript: '', audioChunks: 0 });
  });

  it('closes every line when the connection ends, and ignores messages with nothing to show', () => {
    const open = fold(message(m.text('Par')));
    expect(foldConversation(open, message(m.resumptionUpdate('handle-1')))).toBe(open);
    expect(foldConversation(open, { kind: 'ended' })).toEqual({ transcript: [{ role: 'model', text: 'Par', streaming: false }], open: {}, turn: undefined });
  });
});
