/**
 * The emulator's frames against what Google was recorded sending, backend by backend (issue 19 and
 * docs/emulator.md "Fidelity"): a plain `ws` client, so nothing of our library smooths the frames
 * over, asserting keys, order and framing only.
 */
import { firstValueFrom, Subscription } from 'rxjs';
import WebSocket from 'ws';
import { audioChunks } from '../../lib/operators/audioChunks';
import { handleToolCalls } from '../../lib/operators/handleToolCalls';
import { modelTurns } from '../../lib/operators/modelTurns';
import { transcripts } from '../../lib/operators/transcripts';
import type { EmulatorOptions } from '../../lib/testing/emulator/options';
import type { LiveEmulator } from '../../lib/testing/emulator/startEmulator';
import { emulatorSession, withEmulator } from '../support/emulator';

type Json = Record<string, unknown>;
type Backend = 'gemini' | 'vertex';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const HALF_CASCADE = 'gemini-live-2.5-flash-preview';
const NATIVE_AUDIO = 'gemini-2.5-flash-native-audio-preview-09-2025';
const WEATHER_TOOLS = [{ functionDeclarations: [{ name: 'get_weather' }, { name: 'get_time' }] }];

/** A bare client on one connection: every server frame kept with how it was framed. */
class RawClient {
  readonly messages: Json[] = [];
  readonly framing: { readonly binary: boolean; readonly text: string }[] = [];
  readonly closed: Promise<{ code: number; reason: string }>;
  private cursor = 0;
  private wake: () => void = () => undefined;

  private constructor(private readonly socket: WebSocket) {
    socket.on('message', (data: Buffer, binary) => {
      const text = data.toString('utf8');
      this.framing.push({ binary, text });
      this.messages.push(JSON.parse(text) as Json);
      this.wake();
    });
    socket.on('error', () => undefined);
    this.closed = new Promise((resolve) =>
      socket.on('close', (code, reason) => {
        resolve({ code, reason: reason.toString('utf8') });
        this.wake();
      }),
    );
  }

  static open(emulator: LiveEmulator, backend: Backend): Promise<RawClient> {
    const url =
      backend === 'gemini'
        ? `${emulator.baseUrl}/ws/google.ai.generativelanguage.v1beta.GenerativeService.BidiGenerateContent?key=any-key`
        : `${emulator.baseUrl}/ws/google.cloud.aiplatform.v1beta1.LlmBidiService/BidiGenerateContent`;
    const headers: Record<string, string> = backend === 'vertex' ? { authorization: 'Bearer ya29.fidelity' } : {};
    const socket = new WebSocket(url.replace(/^http/, 'ws'), { headers });
    return new Promise((resolve, reject) => {
      socket.once('open', () => resolve(new RawClient(socket)));
      socket.once('error', reject);
    });
  }

  send(message: Json): void {
    this.socket.send(JSON.stringify(message));
  }

  /** Sends setup for `model` on this backend and returns the `setupComplete` frame. */
  async setup(backend: Backend, model: string, config: Json = {}): Promise<Json> {
    const name = backend === 'gemini' ? `models/${model}` : `projects/p/locations/us-central1/publishers/google/models/${model}`;
    this.send({ setup: { model: name, ...config } });
    const [first] = await this.next((message) => 'setupComplete' in message);
    return first as Json;
  }

  /** The messages since the last call, up to and including the first that satisfies `last`. */
  async next(last: (message: Json) => boolean): Promise<Json[]> {
    for (;;) {
      const index = this.messages.findIndex((message, at) => at >= this.cursor && last(message));
      if (index !== -1) {
        const taken = this.messages.slice(this.cursor, index + 1);
        this.cursor = index + 1;
        return taken;
      }
      const woken = new Promise<void>((resolve) => (this.wake = resolve));
      if (this.socket.readyState === WebSocket.CLOSED) throw new Error(`closed before the expected message; got ${JSON.stringify(this.messages.slice(this.cursor))}`);
      await woken;
    }
  }

  async close(): Promise<void> {
    this.socket.close(1000);
    await this.closed;
  }
}

async function withClient(options: EmulatorOptions, backend: Backend, body: (client: RawClient, emulator: LiveEmulator) => Promise<void>): Promise<void> {
  await withEmulator(options, async (emulator) => {
    const client = await RawClient.open(emulator, backend);
    try {
      await body(client, emulator);
    } finally {
      await client.close();
    }
  });
}

const isTurnComplete = (message: Json): boolean => (message.serverContent as Json | undefined)?.turnComplete === true;
const serverContent = (message: Json): Json => (message.serverContent ?? {}) as Json;
const modelTurn = (message: Json): Json | undefined => serverContent(message).modelTurn as Json | undefined;
const parts = (message: Json): Json[] => (modelTurn(message)?.parts ?? []) as Json[];
const inlineData = (message: Json): Json | undefined => parts(message)[0]?.inlineData as Json | undefined;
const isAudio = (message: Json): boolean => inlineData(message) !== undefined;
const isTranscript = (message: Json): boolean => 'outputTranscription' in serverContent(message);
const functionCalls = (message: Json): Json[] => ((message.toolCall as Json).functionCalls ?? []) as Json[];
const ask = (text: string): Json => ({ clientContent: { turns: [{ role: 'user', parts: [{ text }] }], turnComplete: true } });
const audioConfig = { generationConfig: { responseModalities: ['AUDIO'] }, outputAudioTranscription: {} };
const tools = { generationConfig: { responseModalities: ['TEXT'] }, tools: WEATHER_TOOLS };

describe('emulator fidelity: frames as Google sends them', () => {
  it('frames every message as pretty-printed JSON with a trailing newline, in a binary frame, one envelope key (plus usageMetadata)', () =>
    withClient({}, 'vertex', async (client) => {
      await client.setup('vertex', HALF_CASCADE, audioConfig);
      client.send(ask('Hello'));
      await client.next(isTurnComplete);
      expect(client.framing.length).toBeGreaterThan(3);
      for (const { binary, text } of client.framing) {
        expect(binary).toBe(true);
        expect(text).toBe(`${JSON.stringify(JSON.parse(text), null, 2)}\n`);
      }
      for (const message of client.messages) expect(Object.keys(message).filter((key) => key !== 'usageMetadata')).toHaveLength(1);
    }));

  describe('setupComplete', () => {
    it('is {} on the Gemini API', () =>
      withClient({}, 'gemini', async (client) => {
        expect(await client.setup('gemini', HALF_CASCADE)).toEqual({ setupComplete: {} });
      }));

    it('carries a UUID sessionId on Vertex AI, a new one per session', () =>
      withEmulator({}, async (emulator) => {
        const ids: unknown[] = [];
        for (let session = 0; session < 2; session += 1) {
          const client = await RawClient.open(emulator, 'vertex');
          const setupComplete = await client.setup('vertex', HALF_CASCADE);
          expect(Object.keys(setupComplete.setupComplete as Json)).toEqual(['sessionId']);
          ids.push((setupComplete.setupComplete as Json).sessionId);
          await client.close();
        }
        expect(ids).toEqual([expect.stringMatching(UUID), expect.stringMatching(UUID)]);
        expect(ids[0]).not.toBe(ids[1]);
      }));
  });

  describe('modelTurn role', () => {
    it.each([
      ['gemini', ['parts']],
      ['vertex', ['role', 'parts']],
    ] as const)('on %s the modelTurn keys are %j', (backend, keys) =>
      withClient({}, backend, async (client) => {
        await client.setup(backend, HALF_CASCADE, { generationConfig: { responseModalities: ['TEXT'] } });
        client.send(ask('What is the capital of France?'));
        const answer = await client.next(isTurnComplete);
        const turns = answer.map(modelTurn).filter((turn): turn is Json => turn !== undefined);
        expect(turns.length).toBeGreaterThan(1);
        for (const turn of turns) {
          expect(Object.keys(turn)).toEqual(keys);
          if (backend === 'vertex') expect(turn.role).toBe('model');
        }
      }),
    );
  });

  describe('output audio', () => {
    it.each([
      ['gemini', 'audio/pcm;rate=24000', 1920],
      ['vertex', 'audio/pcm', 9600],
    ] as const)('on %s is %s, %d bytes a frame by default', (backend, mimeType, bytes) =>
      withClient({}, backend, async (client) => {
        await client.setup(backend, HALF_CASCADE, { generationConfig: { responseModalities: ['AUDIO'] } });
        client.send(ask('What is the capital of France?'));
        const audio = (await client.next(isTurnComplete)).filter(isAudio).map((message) => inlineData(message) as Json);
        expect(audio.length).toBeGreaterThan(1);
        expect(new Set(audio.map((blob) => blob.mimeType))).toEqual(new Set([mimeType]));
        const sizes = audio.map((blob) => Buffer.from(blob.data as string, 'base64').length);
        expect(sizes.slice(0, -1).every((size) => size === bytes)).toBe(true);
        expect(sizes.at(-1)).toBeLessThanOrEqual(bytes);
      }),
    );

    it('cuts audio frames to timing.audioChunkMs (240 ms: 11,520 bytes)', () =>
      withClient({ timing: { audioChunkMs: 240 } }, 'vertex', async (client) => {
        await client.setup('vertex', HALF_CASCADE, { generationConfig: { responseModalities: ['AUDIO'] } });
        client.send(ask('What is the capital of France?'));
        const sizes = (await client.next(isTurnComplete)).filter(isAudio).map((message) => Buffer.from((inlineData(message) as Json).data as string, 'base64').length);
        expect(sizes[0]).toBe(11_520);
      }));
  });

  describe('output transcription order', () => {
    it('on Vertex AI: an empty outputTranscription {} first, then the transcript, then the audio', () =>
      withClient({}, 'vertex', async (client) => {
        await client.setup('vertex', HALF_CASCADE, audioConfig);
        client.send(ask('What is the capital of France?'));
        const answer = await client.next(isTurnComplete);
        expect(answer[0]).toEqual({ serverContent: { outputTranscription: {} } });
        const firstAudio = answer.findIndex(isAudio);
        const transcripts = answer.filter(isTranscript);
        expect(answer.slice(1, firstAudio)).toEqual(transcripts.slice(1));
        expect(transcripts.slice(1).every((message) => typeof (serverContent(message).outputTranscription as Json).text === 'string')).toBe(true);
        expect(transcripts.map((message) => (serverContent(message).outputTranscription as Json).text ?? '').join('')).toBe('The capital of France is Paris.');
        expect(answer.slice(firstAudio).some(isTranscript)).toBe(false);
      }));

    it(`on the Gemini API's half-cascade model (${HALF_CASCADE}): the transcript before any audio, no empty frame`, () =>
      withClient({}, 'gemini', async (client) => {
        await client.setup('gemini', HALF_CASCADE, audioConfig);
        client.send(ask('What is the capital of France?'));
        const answer = await client.next(isTurnComplete);
        const firstAudio = answer.findIndex(isAudio);
        expect(firstAudio).toBeGreaterThan(1);
        expect(answer.slice(0, firstAudio).every(isTranscript)).toBe(true);
        expect(answer.some((message) => isTranscript(message) && Object.keys(serverContent(message).outputTranscription as Json).length === 0)).toBe(false);
        expect(answer.slice(firstAudio).some(isTranscript)).toBe(false);
      }));

    it('on the Gemini API\'s native-audio models: audio first, the transcript alongside it', () =>
      withClient({}, 'gemini', async (client) => {
        await client.setup('gemini', NATIVE_AUDIO, audioConfig);
        client.send(ask('What is the capital of France?'));
        const answer = await client.next(isTurnComplete);
        expect(isAudio(answer[0] as Json)).toBe(true);
        const lastAudio = answer.map(isAudio).lastIndexOf(true);
        expect(answer.findIndex(isTranscript)).toBeLessThan(lastAudio);
      }));
  });

  describe('tool calls', () => {
    const weather = { toolTriggers: [{ when: 'weather', name: 'get_weather', args: { city: 'Paris' } }] };

    it('on the Gemini API: function-call-N ids, nothing after the toolCall until the response, then the answer', () =>
      withClient({ scenario: weather }, 'gemini', async (client) => {
        await client.setup('gemini', HALF_CASCADE, tools);
        client.send(ask('What is the weather in Paris?'));
        const [call] = await client.next((message) => 'toolCall' in message);
        const [first] = functionCalls(call as Json);
        expect(first).toEqual({ id: expect.stringMatching(/^function-call-\d+$/), name: 'get_weather', args: { city: 'Paris' } });
        client.send({ toolResponse: { functionResponses: [{ id: first?.id, name: 'get_weather', response: { sunny: true } }] } });
        const answer = await client.next(isTurnComplete);
        expect(modelTurn(answer[0] as Json)).toBeDefined();
      }));

    it('on Vertex AI: UUID ids and generationComplete right after the toolCall', () =>
      withClient({ scenario: weather }, 'vertex', async (client) => {
        await client.setup('vertex', HALF_CASCADE, tools);
        client.send(ask('What is the weather in Paris?'));
        const frames = await client.next((message) => serverContent(message).generationComplete === true);
        expect(frames).toEqual([
          { toolCall: { functionCalls: [{ id: expect.stringMatching(UUID), name: 'get_weather', args: { city: 'Paris' } }] } },
          { serverContent: { generationComplete: true } },
        ]);
        const [call] = functionCalls(frames[0] as Json);
        client.send({ toolResponse: { functionResponses: [{ id: call?.id, name: 'get_weather', response: { sunny: true } }] } });
        const answer = await client.next(isTurnComplete);
        expect(modelTurn(answer[0] as Json)).toMatchObject({ role: 'model' });
      }));

    it.each(['gemini', 'vertex'] as const)('on %s sends one toolCall with every function whose trigger matches (parallel calls), and answers once all are answered', (backend) =>
      withClient(
        { scenario: { toolTriggers: [{ when: 'weather', name: 'get_weather', args: { city: 'Paris' } }, { when: /time/, name: 'get_time' }, { when: 'weather', name: 'undeclared' }] } },
        backend,
        async (client) => {
          await client.setup(backend, HALF_CASCADE, tools);
          client.send(ask('What is the weather and the time in Paris?'));
          const [call] = await client.next((message) => 'toolCall' in message);
          const calls = functionCalls(call as Json);
          expect(calls.map(({ name, args }) => ({ name, args }))).toEqual([
            { name: 'get_weather', args: { city: 'Paris' } },
            { name: 'get_time', args: {} },
          ]);
          expect(new Set(calls.map(({ id }) => id)).size).toBe(2);
          client.send({ toolResponse: { functionResponses: [{ id: calls[0]?.id, name: 'get_weather', response: { sunny: true } }] } });
          client.send({ toolResponse: { functionResponses: [{ id: calls[1]?.id, name: 'get_time', response: { time: 'noon' } }] } });
          const answer = await client.next(isTurnComplete);
          const text = answer.flatMap(parts).map((part) => part.text ?? '').join('');
          expect(text).toBe('get_weather returned {"sunny":true}. get_time returned {"time":"noon"}.');
          // One answer for both responses: the first alone started nothing.
          expect(client.messages.filter((message) => isTurnComplete(message))).toHaveLength(1);
        },
      ),
    );

    it.each(['gemini', 'vertex'] as const)('on %s a scripted executableCode and codeExecutionResult modelTurn precedes the toolCall', (backend) =>
      withClient(
        {
          scenario: {
            toolTriggers: [
              {
                when: 'weather',
                name: 'get_weather',
                args: { city: 'Paris' },
                precedingParts: [
                  { executableCode: { language: 'PYTHON', code: 'print(default_api.get_weather(city="Paris"))' } },
                  { codeExecutionResult: { outcome: 'OUTCOME_OK', output: '' } },
                ],
              },
            ],
          },
        },
        backend,
        async (client) => {
          await client.setup(backend, HALF_CASCADE, tools);
          client.send(ask('What is the weather in Paris?'));
          const frames = await client.next((message) => 'toolCall' in message);
          expect(frames).toHaveLength(2);
          const code = [
            { executableCode: { language: 'PYTHON', code: 'print(default_api.get_weather(city="Paris"))' } },
            { codeExecutionResult: { outcome: 'OUTCOME_OK', output: '' } },
          ];
          expect(frames[0]).toEqual({ serverContent: { modelTurn: backend === 'vertex' ? { role: 'model', parts: code } : { parts: code } } });
          expect(Object.keys(frames[1] as Json)).toEqual(['toolCall']);
        },
      ),
    );

    it('a toolResponse that matches no pending call: Vertex AI answers it, the Gemini API closes with 1007', async () => {
      const unmatched = { toolResponse: { functionResponses: [{ id: 'no-such-call', name: 'get_weather', response: { sunny: true } }] } };
      await withClient({}, 'vertex', async (client) => {
        await client.setup('vertex', HALF_CASCADE, { generationConfig: { responseModalities: ['AUDIO'] } });
        client.send(unmatched);
        const answer = await client.next(isTurnComplete);
        expect(answer.some(isAudio)).toBe(true);
        expect(serverContent(answer.at(-2) as Json)).toEqual({ generationComplete: true });
        client.send(ask('Hello'));
        await client.next(isTurnComplete); // still open, still answering
      });
      await withClient({}, 'gemini', async (client) => {
        await client.setup('gemini', HALF_CASCADE, tools);
        client.send(unmatched);
        expect(await client.closed).toEqual({ code: 1007, reason: 'Function response id "no-such-call" matches no pending function call.' });
      });
    });

    it('a toolCall sent by hand with connection.send is pending: its response is answered, not refused', () =>
      withClient({}, 'gemini', async (client, emulator) => {
        await client.setup('gemini', HALF_CASCADE, tools);
        const connection = await emulator.connection(1);
        connection.send({ toolCall: { functionCalls: [{ id: 'scripted-1', name: 'get_time', args: {} }] } });
        await client.next((message) => 'toolCall' in message);
        client.send({ toolResponse: { functionResponses: [{ id: 'scripted-1', name: 'get_time', response: { time: 'noon' } }] } });
        const answer = await client.next(isTurnComplete);
        expect(answer.flatMap(parts).map((part) => part.text ?? '').join('')).toBe('get_time returned {"time":"noon"}.');
        expect(connection.open).toBe(true);
      }));
  });
});

describe('emulator fidelity: what users see through liveSession and the operators', () => {
  it('on Vertex AI: transcripts before audio, audio/pcm decoded at 24 kHz, and parts of unknown kinds passed through', () =>
    withEmulator(
      {
        scenario: {
          toolTriggers: [
            {
              when: 'weather',
              name: 'get_weather',
              args: { city: 'Paris' },
              precedingParts: [{ executableCode: { language: 'PYTHON', code: 'print(default_api.get_weather(city="Paris"))' } }, { futurePart: { detail: 1 } }],
            },
          ],
          replyWithToolResult: () => 'It is sunny in Paris.',
        },
      },
      async (emulator) => {
        const session = emulatorSession(emulator, {
          apiKey: undefined,
          apiVersion: 'v1beta1',
          vertex: { project: 'p', location: 'us-central1', accessToken: 'ya29.FidelitySpecToken' },
          config: { responseModalities: ['AUDIO'], outputAudioTranscription: {}, tools: [{ functionDeclarations: [{ name: 'get_weather' }] }] },
        });
        const seen: string[] = [];
        const rates = new Set<string>();
        const subscriptions = new Subscription();
        subscriptions.add(session.pipe(transcripts()).subscribe(({ delta }) => seen.push(`transcript:${delta}`)));
        subscriptions.add(
          session.pipe(audioChunks()).subscribe(({ sampleRate, mimeType }) => {
            seen.push('audio');
            rates.add(`${mimeType}@${sampleRate}`);
          }),
        );
        subscriptions.add(session.pipe(handleToolCalls({ get_weather: () => ({ sunny: true }) })).subscribe(session.toolResponse));
        const turn = firstValueFrom(session.pipe(modelTurns()));
        session.clientContent.next({ turns: 'What is the weather in Paris?' });
        const { parts, outputTranscript, audio, generationComplete } = await turn;
        subscriptions.unsubscribe();
        expect(seen.indexOf('audio')).toBeGreaterThan(0);
        expect(seen.slice(0, seen.indexOf('audio'))).toEqual(['transcript:It is sunny ', 'transcript:in Paris.']);
        expect(seen.slice(seen.indexOf('audio')).every((event) => event === 'audio')).toBe(true);
        expect([...rates]).toEqual(['audio/pcm@24000']);
        expect(audio.every((chunk) => chunk.sampleRate === 24000)).toBe(true);
        expect(outputTranscript).toBe('It is sunny in Paris.');
        expect(generationComplete).toBe(true);
        expect(parts.slice(0, 2)).toEqual([
          { executableCode: { language: 'PYTHON', code: 'print(default_api.get_weather(city="Paris"))' } },
          { futurePart: { detail: 1 } },
        ]);
      },
    ));
});
