import { execFile } from 'node:child_process';
import { resolve } from 'node:path';
import { readWav } from '../../lib/audio/wav';
import { readFileSync } from 'node:fs';

const root = resolve(__dirname, '../..');

/** Resolves `specifier` as a user's program would, from the package root (Node's self-reference). */
function resolveFromPackage(specifier: string, esm: boolean): Promise<string> {
  const script = esm ? `console.log(new URL(import.meta.resolve(${JSON.stringify(specifier)})).pathname)` : `console.log(require.resolve(${JSON.stringify(specifier)}))`;
  const args = esm ? ['--input-type=module', '-e', script] : ['-e', script];
  return new Promise((done, failed) => {
    execFile(process.execPath, args, { cwd: root, timeout: 20_000 }, (error, stdout, stderr) => (error === null ? done(stdout.trim()) : failed(new Error(stderr))));
  });
}

describe('the ./assets/* export', () => {
  it.each([false, true])('resolves rx-gemini-live/assets/question.wav (ESM: %s) to the shipped WAV', async (esm) => {
    const path = await resolveFromPackage('rx-gemini-live/assets/question.wav', esm);
    expect(path).toBe(resolve(root, 'assets/question.wav'));
    expect(readWav(readFileSync(path)).sampleRate).toBeGreaterThan(0);
  });
});
