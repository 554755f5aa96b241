import { VirtualTimeScheduler } from 'rxjs';
import type { LiveServerMessage } from '../../lib/protocol/serverMessages';
import type { ReliableSink } from '../../lib/session/outbox';
import { IN_FLIGHT_CAP_MS, IN_FLIGHT_FLOOR_MS, Resumption } from '../../lib/session/resumption';

/** A Resumption on a clock the test sets by hand. */
function setup(maxLogged = 256): { resumption: Resumption; at: (time: number) => void } {
  const scheduler = new VirtualTimeScheduler();
  return {
    resumption: new Resumption(maxLogged, scheduler),
    at: (time) => {
      scheduler.frame = time;
    },
  };
}

const turn = (text: string): string => JSON.stringify({ clientContent: { turns: [{ role: 'user', parts: [{ text }] }], turnComplete: false } });
const answer = (...ids: string[]): string => JSON.stringify({ toolResponse: { functionResponses: ids.map((id) => ({ id, name: 'lookup', response: {} })) } });
const handle = (newHandle: string, lastConsumedClientMessageIndex?: string): LiveServerMessage => ({
  sessionResumptionUpdate: { newHandle, resumable: true, ...(lastConsumedClientMessageIndex === undefined ? {} : { lastConsumedClientMessageIndex }) },
});
const textOf = (frame: string): string =>
  (JSON.parse(frame) as { clientContent?: { turns: { parts: { text: string }[] }[] } }).clientContent?.turns[0]?.parts[0]?.text ?? frame;

/** Starts a connection whose setup round trip took `roundTripMs`, ending at `time`. */
function attach(resumption: Resumption, at: (time: number) => void, time: number, roundTripMs: number): void {
  at(time - roundTripMs);
  resumption.setupSent();
  at(time);
  resumption.attached();
}

function write(resumption: Resumption, frame: string, sink: ReliableSink = 'clientContent'): void {
  resumption.wrote(frame, sink);
}

describe('Resumption', () => {
  describe('the in-flight window', () => {
    it('is the round trip from setup to setupComplete, held between its floor and cap', () => {
      const { resumption, at } = setup();
      attach(resumption, at, 1_000, 300);
      expect(resumption.inFlightWindowMs).toBe(300);
      attach(resumption, at, 2_000, 3);
      expect(resumption.inFlightWindowMs).toBe(IN_FLIGHT_FLOOR_MS);
      attach(resumption, at, 20_000, 9_000);
      expect(resumption.inFlightWindowMs).toBe(IN_FLIGHT_CAP_MS);
    });
  });

  describe('without lastConsumedClientMessageIndex (the Gemini API)', () => {
    it('a frame written at least one window before the handle is covered; later ones are kept, in order', () => {
      const { resumption, at } = setup();
      attach(resumption, at, 100, 200); // window 200 ms
      for (const [time, text] of [[150, 'well before'], [400, 'exactly one window before'], [450, 'in flight'], [600, 'as the handle arrived']] as const) {
        at(time);
        write(resumption, turn(text));
      }
      at(600);
      resumption.observe(handle('h1'));
      at(700);
      write(resumption, turn('after the handle'));
      const plan = resumption.planResume();
      expect(plan.handle).toBe('h1');
      expect(plan.replay.map((entry) => textOf(entry.frame))).toEqual(['in flight', 'as the handle arrived', 'after the handle']);
    });

    it('covers frames that got no reaction (history-only turns, contextUpdate) once a handle comes a window later', () => {
      const { resumption, at } = setup();
      attach(resumption, at, 0, 10);
      write(resumption, turn('prefill 1'));
      write(resumption, JSON.stringify({ contextUpdate: {} }), 'contextUpdate');
      at(1_000);
      resumption.observe(handle('h1'));
      expect(resumption.planResume().replay).toEqual([]);
    });

    it('keeps frames flushed at setupComplete when the first handle follows at once', () => {
      const { resumption, at } = setup();
      attach(resumption, at, 50, 50);
      write(resumption, turn('queued before setup'));
      at(51);
      resumption.observe(handle('h1'));
      expect(resumption.planResume().replay.map((entry) => textOf(entry.frame))).toEqual(['queued before setup']);
    });

    it('ignores updates that are not resumable, and handles without a newHandle', () => {
      const { resumption, at } = setup();
      attach(resumption, at, 0, 10);
      write(resumption, turn('one'));
      at(1_000);
      resumption.observe({ sessionResumptionUpdate: { resumable: false } });
      resumption.observe({ sessionResumptionUpdate: { resumable: true, newHandle: '' } });
      const plan = resumption.planResume();
      expect(plan.handle).toBeUndefined();
      expect(plan.replay).toHaveLength(1);
    });
  });

  describe('with lastConsumedClientMessageIndex (Vertex AI transparent mode)', () => {
    it('trims exactly by the index, setup being message 0, whatever the timing', () => {
      const { resumption, at } = setup();
      attach(resumption, at, 0, 10);
      for (const text of ['one', 'two', 'three']) write(resumption, turn(text));
      at(5_000);
      resumption.observe(handle('h1', '2'));
      expect(resumption.planResume().replay.map((entry) => textOf(entry.frame))).toEqual(['three']);
    });

    it('ignores an index that is not a non-negative integer, falling back on the window', () => {
      const { resumption, at } = setup();
      attach(resumption, at, 0, 10);
      write(resumption, turn('one'));
      at(5_000);
      resumption.observe(handle('h1', 'x'));
      expect(resumption.planResume().replay).toEqual([]);
    });
  });

  describe('tool calls', () => {
    it('a call the newest handle includes survives; one after it is lost, and answers to it are stripped', () => {
      const { resumption, at } = setup();
      attach(resumption, at, 0, 10);
      resumption.observe({ toolCall: { functionCalls: [{ id: 'covered', name: 'lookup' }] } });
      resumption.observe(handle('h1'));
      resumption.observe({ toolCall: { functionCalls: [{ id: 'lost', name: 'lookup' }] } });
      at(10);
      write(resumption, answer('covered', 'lost'), 'toolResponse');
      const plan = resumption.planResume();
      expect(plan.lostCallIds).toEqual(['lost']);
      expect(plan.replay.map((entry) => JSON.parse(entry.frame) as unknown)).toEqual([
        { toolResponse: { functionResponses: [{ id: 'covered', name: 'lookup', response: {} }] } },
      ]);
      expect(resumption.withoutLostCalls(answer('lost'), 'toolResponse')).toBeUndefined();
    });

    it('without any handle every pending call is lost (a fresh conversation does not know them)', () => {
      const { resumption, at } = setup();
      attach(resumption, at, 0, 10);
      resumption.observe({ toolCall: { functionCalls: [{ id: 'c1', name: 'lookup' }] } });
      expect(resumption.planResume()).toEqual({ handle: undefined, replay: [], lostCallIds: ['c1'] });
    });
  });

  it('is quiet only right after a resumable update, until anyone says something', () => {
    const { resumption, at } = setup();
    attach(resumption, at, 0, 10);
    expect(resumption.quiet).toBe(false);
    resumption.observe(handle('h1'));
    expect(resumption.quiet).toBe(true);
    resumption.observe({ serverContent: { modelTurn: { parts: [{ text: 'hi' }] } } });
    expect(resumption.quiet).toBe(false);
    resumption.observe(handle('h2'));
    write(resumption, turn('next'));
    expect(resumption.quiet).toBe(false);
  });

  it('bounds its log, so a server that never sends handles cannot make it grow', () => {
    const { resumption, at } = setup(3);
    attach(resumption, at, 0, 10);
    for (const text of ['1', '2', '3', '4', '5']) write(resumption, turn(text));
    expect(resumption.uncovered).toBe(3);
    expect(resumption.planResume().replay.map((entry) => textOf(entry.frame))).toEqual(['3', '4', '5']);
  });

  it('tells the reconnect loop about each reliable frame written, with its sink', () => {
    const { resumption, at } = setup();
    attach(resumption, at, 0, 10);
    const told: string[] = [];
    resumption.onReliableWritten = (_frame, sink) => told.push(sink);
    write(resumption, turn('a'));
    resumption.wrote('{"realtimeInput":{}}', undefined);
    write(resumption, answer('x'), 'toolResponse');
    expect(told).toEqual(['clientContent', 'toolResponse']);
  });

  it('forgets everything on reset: a new subscription is a new conversation', () => {
    const { resumption, at } = setup();
    attach(resumption, at, 0, 10);
    resumption.observe(handle('h1'));
    write(resumption, turn('a'));
    resumption.reset('configured');
    expect(resumption.handle).toBe('configured');
    expect(resumption.conversationStarted).toBe(false);
    expect(resumption.planResume().replay).toEqual([]);
  });
  describe('a full replay log', () => {
    it('says the replay is incomplete while the frame it pushed out is uncovered, and complete once a handle covers it', () => {
      const { resumption, at } = setup(2);
      attach(resumption, at, 0, 10);
      for (const text of ['one', 'two', 'three']) write(resumption, turn(text));
      expect(resumption.replayComplete).toBe(false);
      expect(resumption.planResume().replay.map((entry) => textOf(entry.frame))).toEqual(['two', 'three']);

      const later = setup(2);
      attach(later.resumption, later.at, 0, 10);
      for (const text of ['one', 'two', 'three']) write(later.resumption, turn(text));
      later.at(1_000);
      later.resumption.observe(handle('h1'));
      expect(later.resumption.replayComplete).toBe(true);
    });
  });
});
