/**
 * The emulated model behind one connection: it answers setup, hears turns (client content, realtime
 * text, speech found by the voice activity detector or marked with activityStart/End), streams
 * replies, calls tools and waits for their responses, is interrupted by barge-in, and hands out
 * resumption handles. Socket concerns (framing, faults, recording) stay in `EmulatorConnection`.
 */
import { decodeBase64 } from '../../audio/base64';
import { bytesToPcm16 } from '../../audio/pcm16';
import type { LiveClientMessage, LiveClientSetup } from '../../protocol/clientMessages';
import type { Content } from '../../protocol/content';
import {
  DEFAULT_SPEECH_TRANSCRIPT,
  defaultReply,
  defaultToolResultReply,
  type EmulatorFaultPoint,
  type EmulatorOptions,
  type EmulatorToolTrigger,
  type EmulatorUserTurn,
  KNOWN_LIVE_MODELS,
} from './options';
import { type EmulatorMessage, modelTurnMessage, planReply, type ReplyStep, textTokens } from './replyPlan';
import type { EmulatorRoute } from './routes';
import { type ServiceProfile, serviceProfile } from './serviceProfile';
import type { ConversationSnapshot, HistoryEntry, SessionStore } from './sessionStore';
import { textChunks } from './speech';
import { INVALID_ARGUMENT, POLICY_VIOLATION } from './validateClientFrame';
import { VoiceActivityDetector } from './voiceActivity';

/** What the conversation needs from its connection. */
export interface ConversationPort {
  send(message: EmulatorMessage): void;
  close(code: number, reason: string): void;
  /** Runs the faults scripted for this point; true when one of them ended the connection. */
  faultPoint(point: EmulatorFaultPoint): boolean;
  /** Counts an ephemeral token's use for a new session; false when it has none left. */
  useToken(): boolean;
  /** The index of the newest client message of this connection, `setup` being 0. */
  lastReceivedIndex(): number;
}

/** Audio received by a connection, for tests that check what the client streamed. */
export interface EmulatorAudioStats {
  /** Samples of realtime audio received, at any rate. */
  samples: number;
  /** The rates declared in the audio MIME types, e.g. `[16000]`. */
  readonly sampleRates: Set<number>;
  /** Speech starts the voice activity detector (or activityStart) found. */
  speechStarts: number;
  speechEnds: number;
}

/** Audio time the emulator takes to "hear" one word of the scripted transcript. */
const MS_PER_HEARD_WORD = 300;
/** The rate assumed for `audio/pcm` without `rate=` (the Live API's input rate). */
const DEFAULT_INPUT_RATE = 16_000;

interface Generation {
  cancelled: boolean;
  timer: ReturnType<typeof setTimeout> | undefined;
}

interface Speech {
  readonly transcript: string;
  readonly words: readonly string[];
  readonly startedAtMs: number;
  heardMs: number;
  revealed: number;
}

export class Conversation {
  readonly audio: EmulatorAudioStats = { samples: 0, sampleRates: new Set(), speechStarts: 0, speechEnds: 0 };
  /** The conversation's id (kept across resumption), once setup was accepted. */
  sessionId: string | undefined;

  private setup: LiveClientSetup | undefined;
  /** Frame rules of this backend and model (the model family is known once setup names it). */
  private profile: ServiceProfile;
  private history: HistoryEntry[] = [];
  private userTurns = 0;
  private spokenTurns = 0;
  private declared = new Set<string>();
  private vad: VoiceActivityDetector | undefined;
  private manualActivity = false;
  private speech: Speech | undefined;
  private generation: Generation | undefined;
  private readonly pendingCalls = new Map<string, string>();
  private readonly toolResults: { name: string; response: unknown }[] = [];
  private silenceTimer: ReturnType<typeof setTimeout> | undefined;
  private disposed = false;
  private halted = false;

  constructor(
    private readonly port: ConversationPort,
    private readonly options: EmulatorOptions,
    private readonly route: EmulatorRoute,
    private readonly store: SessionStore,
  ) {
    this.profile = serviceProfile(route.backend, '');
  }

  /** Accepts or refuses `setup` (already shape-checked). */
  start(setup: LiveClientSetup): void {
    const modelProblem = this.modelProblem(setup.model);
    if (modelProblem !== undefined) {
      this.port.close(POLICY_VIOLATION, modelProblem);
      return;
    }
    const handle = setup.sessionResumption?.handle;
    let snapshot: ConversationSnapshot | undefined;
    if (handle !== undefined && handle !== '') {
      snapshot = this.store.restore(handle);
      if (snapshot === undefined) {
        this.port.close(INVALID_ARGUMENT, 'Session resumption handle is invalid or expired.');
        return;
      }
      // Google refuses to resume a session whose previous socket is still open.
      if (this.store.isOpen(snapshot.sessionId)) {
        this.port.close(1011, 'The session is still active on another connection; close it before resuming.');
        return;
      }
    } else if (!this.port.useToken()) {
      this.port.close(1011, 'Token has been used too many times');
      return;
    }
    if (this.port.faultPoint('setup')) return;
    this.setup = setup;
    this.profile = serviceProfile(this.route.backend, bareModelName(setup.model) ?? '');
    this.declareTools(setup.tools);
    this.sessionId = snapshot?.sessionId ?? this.store.newSessionId(this.profile.ids);
    this.history = [...(snapshot?.history ?? [])];
    this.userTurns = snapshot?.userTurns ?? 0;
    this.spokenTurns = snapshot?.spokenTurns ?? 0;
    this.store.opened(this.sessionId);
    this.port.send({ setupComplete: this.route.backend === 'vertex' ? { sessionId: this.sessionId } : {} });
    if (this.port.faultPoint('setupComplete')) return;
    this.sendResumptionUpdate();
  }

  /** The history as the model has it now. */
  get historyNow(): readonly HistoryEntry[] {
    return this.history;
  }

  /** Handles a message that came after setup. */
  receive(message: LiveClientMessage): void {
    if (this.setup === undefined || this.disposed || this.halted) return;
    if ('clientContent' in message) this.onClientContent(message.clientContent.turns ?? [], message.clientContent.turnComplete === true);
    else if ('realtimeInput' in message) this.onRealtimeInput(message.realtimeInput);
    else if ('toolResponse' in message) this.onToolResponse(message.toolResponse.functionResponses ?? []);
    else if ('contextUpdate' in message) this.declareTools(message.contextUpdate.tools?.tools);
  }

  /** The model goes silent (the `freeze` fault): nothing more is heard or said; the socket stays. */
  halt(): void {
    this.halted = true;
    this.cancelGeneration();
    clearTimeout(this.silenceTimer);
  }

  /** The connection ended: stop streaming and free timers. */
  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.cancelGeneration();
    clearTimeout(this.silenceTimer);
    if (this.sessionId !== undefined && this.setup !== undefined) this.store.closed(this.sessionId);
  }

  /**
   * Expects responses to calls the client was sent by other means than a trigger (a test's
   * `connection.send({ toolCall })`): they are pending like the model's own.
   */
  expectToolResponses(calls: readonly { readonly id: string; readonly name: string }[]): void {
    for (const call of calls) this.pendingCalls.set(call.id, call.name);
  }

  private modelProblem(model: string): string | undefined {
    const bare = bareModelName(model);
    if (bare !== undefined && (this.options.models ?? KNOWN_LIVE_MODELS).includes(bare)) return undefined;
    // Google's wording, cut at the 123-byte close-reason limit like the real thing.
    return `${model} is not found for API version ${this.route.apiVersion}, or is not supported for bidiGenerateContent. Call ListModels to see the list of available models.`;
  }

  private declareTools(tools: LiveClientSetup['tools'] | undefined): void {
    if (tools === undefined) return;
    this.declared = new Set(tools.flatMap((tool) => (tool.functionDeclarations ?? []).map((declaration) => declaration.name ?? '')));
  }

  private get modality(): 'TEXT' | 'AUDIO' {
    // The model default is AUDIO when setup names none.
    return this.setup?.generationConfig?.responseModalities?.[0] === 'TEXT' ? 'TEXT' : 'AUDIO';
  }

  private get automaticVad(): boolean {
    return this.setup?.realtimeInputConfig?.automaticActivityDetection?.disabled !== true;
  }

  private get bargeInAllowed(): boolean {
    return this.setup?.realtimeInputConfig?.activityHandling !== 'NO_INTERRUPTION';
  }

  // Input

  private onClientContent(turns: readonly Content[], turnComplete: boolean): void {
    if (this.setup?.model.includes('3.1') === true) {
      // Gemini 3.1 takes clientContent only to seed history, with historyConfig.
      const seeding = this.setup.historyConfig?.initialHistoryInClientContent === true && !this.history.some((entry) => entry.role === 'model');
      if (!seeding) {
        this.port.close(INVALID_ARGUMENT, 'Request contains an invalid argument.');
        return;
      }
    }
    const userText: string[] = [];
    for (const turn of turns) {
      const text = (turn.parts ?? []).map((part) => part.text ?? '').join('');
      const role = turn.role === 'model' ? 'model' : 'user';
      this.history.push({ role, text });
      if (role === 'user') userText.push(text);
    }
    if (!turnComplete) return;
    this.interrupt();
    this.respond({ text: userText.join(' '), source: 'clientContent' }, false);
  }

  private onRealtimeInput(input: Extract<LiveClientMessage, { realtimeInput: unknown }>['realtimeInput']): void {
    if (input.text !== undefined) {
      this.interrupt();
      this.respond({ text: input.text, source: 'realtimeText' });
    }
    const blob = input.audio ?? input.mediaChunks?.find((chunk) => (chunk.mimeType ?? '').startsWith('audio/'));
    if (blob?.data !== undefined) this.onAudio(blob.data, blob.mimeType ?? '');
    if (input.activityStart !== undefined) {
      this.manualActivity = true;
      this.startSpeech(0);
    }
    if (input.activityEnd !== undefined && this.manualActivity) {
      this.manualActivity = false;
      this.endSpeech();
    }
    if (input.audioStreamEnd === true && this.vad !== undefined) this.onVoiceEvents(this.vad.flush());
  }

  private onAudio(data: string, mimeType: string): void {
    const rate = Number(/rate=(\d+)/.exec(mimeType)?.[1] ?? DEFAULT_INPUT_RATE);
    const samples = bytesToPcm16(decodeBase64(data));
    this.audio.samples += samples.length;
    this.audio.sampleRates.add(rate);
    const chunkMs = (samples.length * 1000) / rate;
    if (!this.automaticVad) {
      if (this.speech !== undefined) this.hear(chunkMs);
      return;
    }
    this.vad ??= new VoiceActivityDetector(rate, this.setup?.realtimeInputConfig?.automaticActivityDetection);
    this.onVoiceEvents(this.vad.push(samples));
    if (this.speech !== undefined) {
      this.hear(chunkMs);
      this.armSilenceTimer();
    }
  }

  private onVoiceEvents(events: readonly { kind: 'speechStart' | 'speechEnd'; atMs: number }[]): void {
    for (const event of events) {
      if (event.kind === 'speechStart') this.startSpeech(event.atMs);
      else this.endSpeech();
    }
  }

  /** A client that stops sending mid-speech (mic muted without audioStreamEnd) still ends its turn. */
  private armSilenceTimer(): void {
    clearTimeout(this.silenceTimer);
    const detection = this.setup?.realtimeInputConfig?.automaticActivityDetection;
    const silenceMs = detection?.silenceDurationMs ?? (detection?.endOfSpeechSensitivity === 'END_SENSITIVITY_LOW' ? 1000 : 500);
    this.silenceTimer = setTimeout(() => {
      if (this.vad !== undefined && !this.disposed) this.onVoiceEvents(this.vad.flush());
    }, silenceMs);
  }

  private startSpeech(atMs: number): void {
    if (this.speech !== undefined) return;
    this.spokenTurns += 1;
    this.audio.speechStarts += 1;
    const scripted = this.options.scenario?.speechTranscript ?? DEFAULT_SPEECH_TRANSCRIPT;
    const transcript = typeof scripted === 'string' ? scripted : scripted(this.spokenTurns);
    this.speech = { transcript, words: textChunks(transcript, 1), startedAtMs: atMs, heardMs: 0, revealed: 0 };
    if (this.bargeInAllowed) this.interrupt();
  }

  /** Reveals the transcript at the pace of the audio heard, keeping the last word for the end. */
  private hear(chunkMs: number): void {
    const speech = this.speech;
    if (speech === undefined) return;
    speech.heardMs += chunkMs;
    const due = Math.min(speech.words.length - 1, Math.floor(speech.heardMs / MS_PER_HEARD_WORD));
    if (due > speech.revealed) this.revealTranscript(speech, due, false);
  }

  private revealTranscript(speech: Speech, upTo: number, finished: boolean): void {
    const text = speech.words.slice(speech.revealed, upTo).join('');
    speech.revealed = upTo;
    if (this.setup?.inputAudioTranscription === undefined) return;
    if (text === '' && !finished) return;
    this.port.send({ serverContent: { inputTranscription: finished ? { text, finished: true } : { text } } });
  }

  private endSpeech(): void {
    const speech = this.speech;
    if (speech === undefined) return;
    clearTimeout(this.silenceTimer);
    this.speech = undefined;
    this.audio.speechEnds += 1;
    this.revealTranscript(speech, speech.words.length, true);
    this.respond({ text: speech.transcript, source: 'audio' });
  }

  private onToolResponse(responses: readonly { id?: string; name?: string; response?: unknown }[]): void {
    for (const response of responses) {
      // Vertex does not require ids: match by name there.
      const id =
        response.id ??
        (this.route.backend === 'vertex' ? [...this.pendingCalls].find(([, name]) => name === response.name)?.[0] : undefined);
      if (id !== undefined && this.pendingCalls.has(id)) {
        const name = this.pendingCalls.get(id) as string;
        this.pendingCalls.delete(id);
        this.toolResults.push({ name, response: response.response ?? {} });
      } else if (this.profile.toleratesUnmatchedToolResponse) {
        // Vertex was recorded answering such a response as new input (docs/emulator.md, "Fidelity").
        this.toolResults.push({ name: response.name ?? '', response: response.response ?? {} });
      } else {
        this.port.close(INVALID_ARGUMENT, `Function response id "${response.id ?? ''}" matches no pending function call.`);
        return;
      }
    }
    if (this.pendingCalls.size > 0 || this.toolResults.length === 0) return;
    const summarise = this.options.scenario?.replyWithToolResult ?? defaultToolResultReply;
    const text = this.toolResults.map(summarise).join(' ');
    this.toolResults.length = 0;
    // Mid-reply only a response to no call of this turn arrives (Vertex's unmatched one, or one to a
    // toolCall a test sent during the reply): it cuts that reply like other input.
    this.interrupt();
    this.stream(planReply(text, this.promptTokens(), this.replyShape()), text);
  }

  // Output

  /** Starts the model's answer to a user turn: a tool call if a trigger matches, else a reply. */
  private respond(fields: Omit<EmulatorUserTurn, 'index'>, recordTurn = true): void {
    this.userTurns += 1;
    const turn: EmulatorUserTurn = { ...fields, index: this.userTurns };
    if (recordTurn) this.history.push({ role: 'user', text: turn.text });
    // Every matching trigger is one call of a single toolCall: parallel function calling.
    const triggers = (this.options.scenario?.toolTriggers ?? []).filter(
      (candidate) =>
        this.declared.has(candidate.name) &&
        (typeof candidate.when === 'string' ? turn.text.toLowerCase().includes(candidate.when.toLowerCase()) : candidate.when.test(turn.text)),
    );
    if (triggers.length > 0) {
      this.callTools(triggers);
      return;
    }
    const text = (this.options.scenario?.reply ?? defaultReply)(turn);
    this.stream(planReply(text, this.promptTokens(), this.replyShape()), text);
  }

  /**
   * The model calls functions: scripted parts first (the `executableCode` a half-cascade model was
   * recorded writing), then one `toolCall`, then, on Vertex, `generationComplete`.
   */
  private callTools(triggers: readonly EmulatorToolTrigger[]): void {
    const calls = triggers.map((trigger) => ({ id: this.store.newCallId(this.profile.ids), name: trigger.name, args: trigger.args ?? {} }));
    this.expectToolResponses(calls);
    this.sendNotResumable();
    const preceding = triggers.flatMap((trigger) => trigger.precedingParts ?? []);
    if (preceding.length > 0) this.port.send(modelTurnMessage(preceding, this.profile.modelTurnRole));
    this.port.send({ toolCall: { functionCalls: calls } });
    if (this.port.faultPoint('toolCall')) return;
    if (this.profile.generationCompleteAfterToolCall) this.port.send({ serverContent: { generationComplete: true } });
  }

  private promptTokens(): number {
    return textTokens(this.history.map((entry) => entry.text).join(' '));
  }

  private replyShape(): Parameters<typeof planReply>[2] {
    const timing = this.options.timing ?? {};
    return {
      modality: this.modality,
      outputTranscription: this.setup?.outputAudioTranscription !== undefined,
      modelTurnRole: this.profile.modelTurnRole,
      audioMimeType: this.profile.outputAudioMimeType,
      transcriptOrder: this.profile.transcriptOrder,
      emptyTranscriptFirst: this.profile.emptyTranscriptFirst,
      firstChunkDelayMs: timing.firstChunkDelayMs ?? 0,
      chunkIntervalMs: timing.chunkIntervalMs ?? 0,
      audioChunkMs: timing.audioChunkMs ?? this.profile.defaultAudioChunkMs,
      wordsPerChunk: Math.max(1, timing.wordsPerChunk ?? 3),
    };
  }

  /** Sends the steps one by one, waiting their delays; cancelled by an interruption or the end. */
  private stream(steps: readonly ReplyStep[], text: string): void {
    this.cancelGeneration();
    this.sendNotResumable();
    const generation: Generation = { cancelled: false, timer: undefined };
    this.generation = generation;
    let index = 0;
    const next = (): void => {
      if (generation.cancelled || this.disposed) return;
      const step = steps[index];
      if (step === undefined) {
        this.generation = undefined;
        this.history.push({ role: 'model', text });
        this.sendResumptionUpdate();
        this.port.faultPoint('turnComplete');
        return;
      }
      const fire = (): void => {
        generation.timer = undefined;
        if (generation.cancelled || this.disposed) return;
        index += 1;
        this.port.send(step.message);
        if (step.firstModelChunk === true) this.port.faultPoint('modelTurn');
        next();
      };
      if (step.delayMs > 0) generation.timer = setTimeout(fire, step.delayMs);
      else fire();
    };
    next();
  }

  /**
   * Barge-in: the reply in progress stops, the client hears `interrupted` then
   * `turnComplete`, and calls still waiting for a response are cancelled (§4.4).
   */
  private interrupt(): void {
    const streaming = this.generation !== undefined;
    if (!streaming && this.pendingCalls.size === 0) return;
    this.cancelGeneration();
    if (this.pendingCalls.size > 0) {
      this.port.send({ toolCallCancellation: { ids: [...this.pendingCalls.keys()] } });
      this.pendingCalls.clear();
      this.toolResults.length = 0;
    }
    this.port.send({ serverContent: { interrupted: true } });
    this.port.send({ serverContent: { turnComplete: true } });
  }

  private cancelGeneration(): void {
    const generation = this.generation;
    if (generation === undefined) return;
    generation.cancelled = true;
    clearTimeout(generation.timer);
    this.generation = undefined;
  }

  private sendResumptionUpdate(): void {
    if (this.setup?.sessionResumption === undefined || this.sessionId === undefined) return;
    const newHandle = this.store.issueHandle({
      sessionId: this.sessionId,
      history: this.history,
      userTurns: this.userTurns,
      spokenTurns: this.spokenTurns,
    });
    // Everything received so far is in the snapshot: the emulator consumes messages as they arrive.
    // The index counts this connection's messages from `setup` = 0 (Google's docs leave the base
    // open; docs/resilience.md states the assumption).
    const index = this.transparent ? { lastConsumedClientMessageIndex: String(this.port.lastReceivedIndex()) } : {};
    this.port.send({ sessionResumptionUpdate: { newHandle, resumable: true, ...index } });
  }

  /**
   * Mid-generation and during a tool call the server cannot be resumed and says so with an empty
   * handle. Only in `transparent` mode, whose clients track every update.
   */
  private sendNotResumable(): void {
    if (!this.transparent || this.sessionId === undefined) return;
    this.port.send({ sessionResumptionUpdate: { newHandle: '', resumable: false } });
  }

  private get transparent(): boolean {
    return this.setup?.sessionResumption?.transparent === true;
  }
}

/** `gemini-live-2.5-flash-preview` from `models/…` or a Vertex `projects/…/models/…` resource name. */
function bareModelName(model: string): string | undefined {
  return /(?:^|\/)models\/([^/]+)$/.exec(model)?.[1];
}
