/**
 * `rx-gemini-live/angular`: a Live conversation in Angular (21 and later), built from functions in
 * the style of `provideHttpClient()` and `inject()`: no decorators, no Angular compiler needed.
 *
 * - `provideLiveSession(options)`: the session in dependency injection, app-wide or per component;
 * - `injectLiveConversation()`: status, error, transcript, current turn and usage as signals, with
 *   `start()`, `stop()` and `send()`, ended by the injecting context's `DestroyRef`;
 * - `injectLiveMicrophone()` and `injectLiveSpeaker()`: the microphone and playback for a voice UI.
 *
 * `@angular/core` is an optional peer dependency: only this entry imports it. Nothing here touches
 * `window` at import, and nothing connects during server-side rendering unless asked.
 *
 * @packageDocumentation
 */
export {
  LIVE_SESSION,
  LIVE_SESSION_FACTORY,
  LIVE_SESSION_OPTIONS,
  provideLiveSession,
  withLiveSessionFactory,
  type LiveSessionFactory,
  type LiveSessionFeature,
} from './angular/provideLiveSession';
export { injectLiveConversation, type LiveConversation, type LiveConversationOptions } from './angular/injectLiveConversation';
export type { ModelTurnInProgress, TranscriptLine } from './angular/conversationState';
export { injectLiveMicrophone, type LiveMicrophone, type LiveMicrophoneOptions } from './angular/injectLiveMicrophone';
export { injectLiveSpeaker, type LiveSpeaker, type LiveSpeakerOptions } from './angular/injectLiveSpeaker';
