/**
 * `rx-gemini-live/testing`: test doubles for code built on a Live session.
 *
 * @packageDocumentation
 */
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
