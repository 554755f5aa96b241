/**
 * Runs README.md's "hold a conversation, ask three questions" example against the emulator, so a
 * user who copies it gets three answers with metrics (spec/docs/examples.spec.ts only type-checks
 * it). The only change: `liveSession` is pointed at the emulator.
 */
import { resolve } from 'node:path';
import * as rxjs from 'rxjs';
import ts from 'typescript';
import * as node from '../../lib/node';
import type { LiveSessionOptions } from '../../lib/session/options';
import { docExamples } from '../support/docExamples';
import { EMULATOR_KEY, withEmulator } from '../support/emulator';

type AsyncBody = (require: (specifier: string) => unknown, exports: object, console: { log: (line: string) => void }) => Promise<void>;
const AsyncFunction = Object.getPrototypeOf(async () => undefined).constructor as new (...args: string[]) => AsyncBody;

describe('README.md: hold a conversation, ask three questions, get three answers with metrics', () => {
  const example = docExamples(resolve(__dirname, '../..')).find((candidate) => candidate.where.startsWith('README.md') && candidate.code.includes('session.connect()'));

  it('runs as written against the emulator', () =>
    withEmulator({}, async (emulator) => {
      expect(example).toBeDefined();
      const { outputText } = ts.transpileModule(example?.code ?? '', {
        compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true },
      });
      const toEmulator = { ...node, liveSession: (options: LiveSessionOptions) => node.liveSession({ ...options, apiKey: EMULATOR_KEY, baseUrl: emulator.baseUrl }) };
      const modules: Record<string, unknown> = { rxjs, 'rx-gemini-live/node': toEmulator };
      const lines: string[] = [];
      await new AsyncFunction('require', 'exports', 'console', outputText)((specifier) => modules[specifier], {}, { log: (line) => lines.push(line) });
      expect(lines.filter((line) => /^turn \d: first audio after \d+ ms, \d+ tokens$/.test(line))).toHaveLength(3);
      expect(lines.filter((line) => line.includes(' → '))).toEqual([
        expect.stringMatching(/^What is the capital of France\? → The capital of France is Paris\. \(\d+ audio chunks\)$/),
        expect.stringMatching(/^And of Italy\? → You said: "And of Italy\?"/),
        expect.stringMatching(/^Which of the two is bigger\? → You said/),
      ]);
      expect(emulator.connections).toHaveLength(1);
      expect(await (await emulator.connection(1)).closed).toMatchObject({ code: 1000, by: 'client' });
    }));
});
