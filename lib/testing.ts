/**
 * `rx-gemini-live/testing`: test doubles for code built on a Live session, for marble tests
 * (`TestScheduler`, jest-marbles, rxjs-marbles) and plain ones, and the Live API emulator.
 *
 * - `fakeLiveSession`: a `LiveSession` driven by a script of server messages, recording what was sent;
 * - `serverMessages`, `sessionStates`, `closeError`: readable values for marbles;
 * - `FakeSocket` and its factories: for testing at the socket level, under a real session;
 * - `startEmulator`: a local Live API server (Node only: it runs on `ws`) for whole sessions.
 *
 * The entry imports `ws` and `node:http` for the emulator, so it runs under Node (Jest, Vitest in
 * Node mode); the fakes themselves use no sockets, timers or Node built-ins.
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

// The Live API emulator (Node: a `ws` server on 127.0.0.1).
export { startEmulator, type LiveEmulator } from './testing/emulator/startEmulator';
export { EmulatorConnection, type EmulatorClose } from './testing/emulator/emulatorConnection';
export type { EmulatorAudioStats } from './testing/emulator/conversation';
export {
  DEFAULT_SPEECH_TRANSCRIPT,
  defaultReply,
  KNOWN_LIVE_MODELS,
  type EmulatorFault,
  type EmulatorFaultAction,
  type EmulatorFaultPoint,
  type EmulatorOptions,
  type EmulatorScenario,
  type EmulatorTiming,
  type EmulatorToolTrigger,
  type EmulatorUserTurn,
} from './testing/emulator/options';
export type { EmulatorMessage } from './testing/emulator/replyPlan';
