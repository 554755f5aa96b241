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
