/**
 * Boots the example app. JIT: `@angular/compiler` compiles the decorators in the browser, which keeps
 * the build to one esbuild call (an `ng build` project would compile ahead of time instead).
 * Query parameters: `token` (an ephemeral `auth_tokens/…` token) or `key`, `emulator` (a Live API
 * emulator's base URL), `model`.
 */
import '@angular/compiler';
import { provideZonelessChangeDetection } from '@angular/core';
import { bootstrapApplication } from '@angular/platform-browser';
import { ConversationComponent } from './conversation.component';
import { LIVE_SESSION_OPTIONS } from './live-session.service';

const params = new URLSearchParams(location.search);
const token = params.get('token') ?? undefined;

bootstrapApplication(ConversationComponent, {
  providers: [
    provideZonelessChangeDetection(),
    {
      provide: LIVE_SESSION_OPTIONS,
      useValue: {
        model: params.get('model') ?? 'gemini-live-2.5-flash-preview',
        // Browsers cannot send headers, so the credential travels in the URL: mint short-lived
        // ephemeral tokens on your server rather than shipping an API key.
        apiKey: token ?? params.get('key') ?? undefined,
        apiVersion: token === undefined ? 'v1beta' : 'v1alpha',
        baseUrl: params.get('emulator') ?? undefined,
        config: { responseModalities: ['TEXT'] },
      },
    },
  ],
}).catch((error: unknown) => console.error(error));
