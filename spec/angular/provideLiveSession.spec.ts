/**
 * provideLiveSession with the real @angular/core (TestBed, zoneless): where the options come from,
 * which factory makes the session, and which injector owns it.
 */
import { Component, inject, InjectionToken, Injector, PLATFORM_ID } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import {
  injectLiveConversation,
  LIVE_SESSION,
  LIVE_SESSION_FACTORY,
  LIVE_SESSION_OPTIONS,
  provideLiveSession,
  withLiveSessionFactory,
  type LiveSessionFactory,
} from 'rx-gemini-live/angular';
import { LiveWebSocketUnavailableError, type LiveSessionOptions } from 'rx-gemini-live';
import { fakeLiveSession } from 'rx-gemini-live/testing';
import { initDomlessTestBed } from '../support/angularTestBed';

initDomlessTestBed();

const options: LiveSessionOptions = { model: 'gemini-live-2.5-flash-preview', apiKey: 'auth_tokens/spec-token', config: { responseModalities: ['TEXT'] } };

/** A factory that hands out fakes and remembers the options it was given. */
function recordingFactory(): LiveSessionFactory & { readonly calls: LiveSessionOptions[] } {
  const calls: LiveSessionOptions[] = [];
  return Object.assign((given: LiveSessionOptions) => {
    calls.push(given);
    return fakeLiveSession();
  }, { calls });
}

describe('provideLiveSession', () => {
  it('provides the options and one session made from them on first use, in the environment injector', () => {
    const factory = recordingFactory();
    TestBed.configureTestingModule({ providers: [provideLiveSession(options, withLiveSessionFactory(factory))] });
    expect(factory.calls).toEqual([]);
    const session = TestBed.inject(LIVE_SESSION);
    expect(TestBed.inject(LIVE_SESSION)).toBe(session);
    expect(TestBed.inject(LIVE_SESSION_OPTIONS)).toBe(options);
    expect(factory.calls).toEqual([options]);
  });

  it('takes the options from a function run in an injection context: a config or token service fits', () => {
    const CREDENTIAL = new InjectionToken<() => string>('credential');
    const factory = recordingFactory();
    TestBed.configureTestingModule({
      providers: [
        { provide: CREDENTIAL, useValue: () => 'auth_tokens/from-a-service' },
        provideLiveSession(() => ({ ...options, apiKey: inject(CREDENTIAL)() }), withLiveSessionFactory(factory)),
      ],
    });
    TestBed.inject(LIVE_SESSION);
    expect(factory.calls).toEqual([{ ...options, apiKey: 'auth_tokens/from-a-service' }]);
  });

  it('defaults to the browser liveSession: made without a WebSocket, which it looks for only when a conversation starts', () => {
    expect(globalThis.WebSocket).toBeUndefined(); // Node 20
    TestBed.configureTestingModule({ providers: [provideLiveSession(options)] });
    const conversation = TestBed.runInInjectionContext(() => injectLiveConversation());
    expect(conversation.status()).toBe('idle');
    conversation.start();
    expect(conversation.error()).toBeInstanceOf(LiveWebSocketUnavailableError);
    expect(conversation.status()).toBe('closed');
    expect(conversation.active()).toBe(false);
  });

  it('in component providers, gives each component its own session, made by the factory provided at the root', () => {
    @Component({ selector: 'spec-talk', template: '', providers: [provideLiveSession(options)] })
    class Talk {
      readonly live = injectLiveConversation();
    }
    const factory = recordingFactory();
    TestBed.configureTestingModule({ providers: [{ provide: LIVE_SESSION_FACTORY, useValue: factory }] });
    const first = TestBed.createComponent(Talk).componentInstance.live;
    const second = TestBed.createComponent(Talk).componentInstance.live;
    expect(first.session).not.toBe(second.session);
    expect(factory.calls).toEqual([options, options]);
  });

  it('injectLiveConversation needs an injection context or an injector, and takes a session directly', () => {
    const session = fakeLiveSession();
    expect(() => injectLiveConversation({ session })).toThrow(/injection context/);
    const injector = TestBed.inject(Injector);
    const conversation = injectLiveConversation({ session, injector });
    expect(conversation.session).toBe(session);
    expect(conversation.status()).toBe('idle');
  });

  it('under server-side rendering start() does not connect, unless connectOnServer', () => {
    const session = fakeLiveSession();
    TestBed.configureTestingModule({ providers: [{ provide: PLATFORM_ID, useValue: 'server' }] });
    const injector = TestBed.inject(Injector);
    const offline = injectLiveConversation({ session, injector });
    offline.start();
    expect(session.connections).toBe(0);
    expect(offline.active()).toBe(false);

    const online = injectLiveConversation({ session, injector, connectOnServer: true });
    online.start();
    expect(session.connections).toBe(1);
    expect(online.active()).toBe(true);
  });
});
