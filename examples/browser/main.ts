/**
 * The browser demo: a voice conversation with a Live model (or the emulator) in a plain page.
 * By default the page never holds an API key: before each connection it asks its own server
 * (`POST /api/token`, examples/browser/tokenServer.ts) for a one-use ephemeral token.
 * Query parameters: `emulator` (a Live API emulator's base URL), `model`, `mode` (`vad` or `ptt`);
 * for local development only, `token` (a token minted elsewhere) or `key` (an API key in the page).
 */
import { BehaviorSubject, distinctUntilChanged, filter, map, share, skip, Subscription } from 'rxjs';
import { liveSession, type LiveSession, type LiveSessionState, transcripts, type Transcript } from 'rx-gemini-live';
import { audioStreamEndOnPause, batchAudio, toRealtimeAudio } from 'rx-gemini-live/audio';
import { cameraFrames$, microphone$, speaker, type SpeakerState } from 'rx-gemini-live/browser';

const INPUT_RATE = 16000;
const params = new URLSearchParams(location.search);

const element = <T extends HTMLElement>(id: string): T => {
  const found = document.getElementById(id);
  if (found === null) throw new Error(`#${id} is missing from the page`);
  return found as T;
};
const statusPill = element('status');
const connectButton = element<HTMLButtonElement>('connect');
const talkButton = element<HTMLButtonElement>('talk');
const cameraButton = element<HTMLButtonElement>('camera');
const transcriptList = element<HTMLOListElement>('transcript');
const micLabel = element('mic');
const speakerLabel = element('speaker');
const sentLabel = element('sent');
const logList = element<HTMLOListElement>('log');

const initialMode = params.get('mode') === 'ptt' ? 'ptt' : 'vad';
for (const radio of document.querySelectorAll<HTMLInputElement>('input[name="mode"]')) radio.checked = radio.value === initialMode;

function log(text: string): void {
  const item = document.createElement('li');
  item.textContent = `${new Date().toISOString().slice(11, 23)}  ${text}`;
  logList.prepend(item);
}

function selectedMode(): 'vad' | 'ptt' {
  return document.querySelector<HTMLInputElement>('input[name="mode"]:checked')?.value === 'ptt' ? 'ptt' : 'vad';
}

/** Asks the page's own server for a fresh ephemeral token (`auth_tokens/…`). */
async function fetchToken(): Promise<string> {
  const response = await fetch('/api/token', { method: 'POST' });
  if (!response.ok) throw new Error(`the token server answered HTTP ${response.status}`);
  const { name } = (await response.json()) as { name: string };
  log('got a fresh ephemeral token');
  return name;
}

function openSession(mode: 'vad' | 'ptt'): LiveSession {
  // Local development shortcuts: a token from the URL, or an API key anyone can read out of the page.
  const token = params.get('token') ?? undefined;
  const key = params.get('key') ?? undefined;
  return liveSession({
    model: params.get('model') ?? 'gemini-2.5-flash-native-audio-preview-09-2025',
    // The secure flow: a getter, called for every connection (reconnects included), so each one-use
    // token opens exactly one connection. Browsers cannot send headers; the token goes in the URL.
    apiKey: token ?? key ?? fetchToken,
    // With a key the page picks the version; a token picks v1alpha and the Constrained endpoint.
    apiVersion: key !== undefined && token === undefined ? 'v1beta' : undefined,
    baseUrl: params.get('emulator') ?? undefined,
    config: {
      responseModalities: ['AUDIO'],
      inputAudioTranscription: {},
      outputAudioTranscription: {},
      ...(mode === 'ptt' ? { realtimeInputConfig: { automaticActivityDetection: { disabled: true } } } : {}),
    },
  });
}

/** Renders transcripts as chat bubbles: one per direction and turn. */
function transcriptView(): { show(transcript: Transcript): void; interrupted(): void } {
  const current: Partial<Record<Transcript['direction'], HTMLLIElement>> = {};
  return {
    show: (transcript) => {
      let item = current[transcript.direction];
      if (item === undefined || !transcript.text.startsWith(item.dataset.text ?? '')) {
        item = document.createElement('li');
        item.className = transcript.direction;
        item.innerHTML = `<b>${transcript.direction === 'input' ? 'you' : 'model'}</b><span></span>`;
        transcriptList.append(item);
      }
      item.dataset.text = transcript.text;
      (item.querySelector('span') as HTMLSpanElement).textContent = transcript.text;
      current[transcript.direction] = transcript.finished ? undefined : item;
    },
    // The model stopped mid-sentence: mark its bubble, and start a new one next time.
    interrupted: () => {
      const item = current.output;
      if (item !== undefined) {
        item.classList.add('interrupted');
        item.append(' …');
      }
      current.output = undefined;
    },
  };
}

function renderSpeaker(state: SpeakerState): void {
  speakerLabel.dataset.playing = String(state.playing);
  speakerLabel.dataset.chunks = String(state.chunks);
  speakerLabel.dataset.flushes = String(state.flushes);
  speakerLabel.dataset.flushedMs = String(Math.round(state.flushedMs));
  speakerLabel.textContent = state.playing
    ? `speaking · ${Math.round(state.queuedMs)} ms queued`
    : `quiet · ${state.chunks} chunks scheduled · ${state.flushes} flushes`;
}

function renderStatus(state: LiveSessionState): void {
  statusPill.dataset.status = state.status;
  statusPill.textContent = state.error === undefined ? state.status : `${state.status}: ${state.error.message}`;
}

let conversation: Subscription | undefined;

function connect(): void {
  const mode = selectedMode();
  const session = openSession(mode);
  const subscriptions = new Subscription();
  const talking = new BehaviorSubject(mode === 'vad');
  let audioFrames = 0;
  let videoFrames = 0;
  const countSent = (): void => {
    sentLabel.textContent = `${audioFrames} audio frames · ${videoFrames} video frames`;
  };

  subscriptions.add(
    session.state$.subscribe((state) => {
      renderStatus(state);
      log(`connection ${state.status}${state.closeCode === undefined ? '' : ` (${state.closeCode})`}`);
    }),
  );
  const transcript = transcriptView();
  subscriptions.add(session.pipe(transcripts()).subscribe(transcript.show));
  subscriptions.add(
    session.subscribe({
      next: (message) => {
        if (message.serverContent?.interrupted === true) {
          transcript.interrupted();
          log('barge-in: the model was interrupted');
        }
        if (message.serverContent?.turnComplete === true) log('turn complete');
      },
      error: (error: unknown) => log(`session error: ${String(error)}`),
    }),
  );
  let wasPlaying = false;
  subscriptions.add(
    session.pipe(speaker()).subscribe((state) => {
      renderSpeaker(state);
      if (state.playing && !wasPlaying) log('playback started');
      if (state.event === 'flushed') log(`playback flushed: ${Math.round(state.flushedMs)} ms of queued audio dropped`);
      wasPlaying = state.playing;
    }),
  );

  // One microphone for the whole conversation; push-to-talk only gates what is sent.
  const mic = microphone$({ sampleRate: INPUT_RATE }).pipe(share());
  subscriptions.add(
    mic
      .pipe(
        filter(() => talking.value),
        batchAudio({ ms: 40, sampleRate: INPUT_RATE }),
        toRealtimeAudio({ sampleRate: INPUT_RATE }),
        audioStreamEndOnPause(),
        map((value) => {
          if (value.audio !== undefined) audioFrames += 1;
          countSent();
          return value;
        }),
      )
      .subscribe({ next: (value) => session.realtimeInput.next(value), error: (error: unknown) => log(`microphone error: ${String(error)}`) }),
  );
  micLabel.textContent = mode === 'vad' ? 'listening (voice activity)' : 'ready: hold the button or Space';
  if (mode === 'ptt') {
    subscriptions.add(
      talking.pipe(distinctUntilChanged(), skip(1)).subscribe((on) => {
        talkButton.setAttribute('aria-pressed', String(on));
        micLabel.textContent = on ? 'talking…' : 'ready: hold the button or Space';
        session.realtimeInput.next(on ? { activityStart: {} } : { activityEnd: {} });
        log(on ? 'push-to-talk: activityStart' : 'push-to-talk: activityEnd');
      }),
    );
    const press = (on: boolean) => () => talking.next(on);
    const onKey = (on: boolean) => (event: KeyboardEvent) => {
      if (event.code === 'Space' && !event.repeat) {
        event.preventDefault();
        talking.next(on);
      }
    };
    const handlers: [EventTarget, string, EventListener][] = [
      [talkButton, 'pointerdown', press(true)],
      [talkButton, 'pointerup', press(false)],
      [talkButton, 'pointerleave', press(false)],
      [document, 'keydown', onKey(true) as EventListener],
      [document, 'keyup', onKey(false) as EventListener],
    ];
    for (const [target, type, handler] of handlers) target.addEventListener(type, handler);
    subscriptions.add(() => {
      for (const [target, type, handler] of handlers) target.removeEventListener(type, handler);
    });
  }

  let camera: Subscription | undefined;
  const toggleCamera = (): void => {
    if (camera !== undefined) {
      camera.unsubscribe();
      camera = undefined;
      cameraButton.textContent = 'Camera off';
      return;
    }
    camera = cameraFrames$({ fps: 2, width: 320 }).subscribe({
      next: (video) => {
        session.realtimeInput.next({ video });
        videoFrames += 1;
        countSent();
      },
      error: (error: unknown) => log(`camera error: ${String(error)}`),
    });
    cameraButton.textContent = 'Camera on';
  };
  cameraButton.addEventListener('click', toggleCamera);
  subscriptions.add(() => {
    cameraButton.removeEventListener('click', toggleCamera);
    camera?.unsubscribe();
    cameraButton.textContent = 'Camera off';
  });

  talkButton.disabled = mode !== 'ptt';
  cameraButton.disabled = false;
  for (const radio of document.querySelectorAll<HTMLInputElement>('input[name="mode"]')) radio.disabled = true;
  connectButton.textContent = 'Disconnect';
  conversation = subscriptions;
}

function disconnect(): void {
  conversation?.unsubscribe();
  conversation = undefined;
  talkButton.disabled = true;
  cameraButton.disabled = true;
  micLabel.textContent = 'off';
  for (const radio of document.querySelectorAll<HTMLInputElement>('input[name="mode"]')) radio.disabled = false;
  connectButton.textContent = 'Connect';
}

// Audio may only start from a user gesture: the click that connects.
connectButton.addEventListener('click', () => (conversation === undefined ? connect() : disconnect()));
log('ready: press Connect');
