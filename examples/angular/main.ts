/**
 * Boots the example app. JIT: `@angular/compiler` compiles the component's decorator in the browser,
 * which keeps the build to one esbuild call (an `ng build` project compiles ahead of time instead).
 * Query parameters: `token` (an ephemeral `auth_tokens/…` token) or `key`, `emulator` (a Live API
 * emulator's base URL), `model`.
 */
import '@angular/compiler';
import { provideZonelessChangeDetection } from '@angular/core';
import { bootstrapApplication } from '@angular/platform-browser';
import { provideLiveSession } from 'rx-gemini-live/angular';
import { ConversationComponent } from './conversation.component';

const params = new URLSearchParams(location.search);
const token = params.get('token') ?? undefined;

bootstrapApplication(ConversationComponent, {
  providers: [
    provideZonelessChangeDetection(),
    provideLiveSession({
      model: params.get('model') ?? 'gemini-2.5-flash-native-audio-preview-09-2025',
      // Browsers cannot send headers, so the credential travels in the URL: mint short-lived
      // ephemeral tokens on your server rather than shipping an API key.
      apiKey: token ?? params.get('key') ?? undefined,
      apiVersion: token === undefined ? 'v1beta' : 'v1alpha',
      baseUrl: params.get('emulator') ?? undefined,
      // Spoken replies, shown as text through their transcription, for typed and spoken turns alike.
      config: { responseModalities: ['AUDIO'], inputAudioTranscription: {}, outputAudioTranscription: {} },
    }),
  ],
}).catch((error: unknown) => console.error(error));
