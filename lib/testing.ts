/**
 * `rx-gemini-live/testing`: test doubles for code built on a Live session, for marble tests
 * (`TestScheduler`, jest-marbles, rxjs-marbles) and plain ones. No sockets, no timers, no Node
 * built-ins.
 *
 * - `fakeLiveSession`: a `LiveSession` driven by a script of server messages, recording what was sent;
 * - `serverMessages`, `sessionStates`, `closeError`: readable values for marbles;
 * - `FakeSocket` and its factories: for testing at the socket level, under a real session.
 *
 * @packageDocumentation
 */
export {
  fakeLiveSession,
  type FakeLiveSession,
  type FakeLiveSessionOptions,
  type FakeSentMessages,
  type FakeServerScript,
  type Recording,
  type SentMessage,
} from './testing/fakeLiveSession';
export { serverMessages } from './testing/messages';
export { closeError, sessionStates } from './testing/sessionStates';
export {
  FakeSocket,
  fakeSocketFactory,
  scriptedSocketFactory,
  type FakeFrameKind,
  type FakeSocketAction,
  type FakeSocketFactory,
} from './testing/fakeSocket';
