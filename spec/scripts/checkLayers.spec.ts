import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';

const SCRIPT = resolve(__dirname, '../../scripts/check-layers.mjs');

function checkLayers(libDir: string): { status: number | null; output: string } {
  const run = spawnSync(process.execPath, [SCRIPT, libDir], { encoding: 'utf8' });
  return { status: run.status, output: run.stdout + run.stderr };
}

describe('scripts/check-layers.mjs', () => {
  let lib: string;
  const write = (path: string, text: string): void => {
    mkdirSync(dirname(join(lib, path)), { recursive: true });
    writeFileSync(join(lib, path), text);
  };

  beforeEach(() => {
    lib = join(mkdtempSync(join(tmpdir(), 'layers-')), 'lib');
    write('errors.ts', 'export class LiveError extends Error {}\n');
    write('session/liveSession.ts', "import { LiveError } from '../errors';\nexport const session = LiveError;\n");
    write('operators/ofKind.ts', "import type { session } from '../session/liveSession';\nexport type Kind = typeof session;\n");
    write('index.ts', "export * from './operators/ofKind';\n");
  });
  afterEach(() => rmSync(dirname(lib), { recursive: true, force: true }));

  it('passes the real lib/', () => {
    expect(checkLayers(resolve(__dirname, '../../lib'))).toMatchObject({ status: 0 });
  });

  it('passes a tree whose imports all run down', () => {
    expect(checkLayers(lib)).toMatchObject({ status: 0 });
  });

  it.each([
    ['a value import', "import { kind } from '../operators/ofKind';\n"],
    ['a type-only import', "import type { Kind } from '../operators/ofKind';\n"],
    ['a re-export', "export { kind } from '../operators/ofKind';\n"],
    ['a dynamic import', "export const later = () => import('../operators/ofKind');\n"],
    ['an import of an entry point', "import { kind } from '../index';\n"],
  ])('fails on %s that runs up a layer, naming the file and the rooms', (_what, line) => {
    write('session/planted.ts', line);
    const { status, output } = checkLayers(lib);
    expect(status).toBe(1);
    expect(output).toMatch(/session\/planted\.ts \(session\) imports '\.\.\/(operators\/ofKind|index)' \((operators|entries)\)/);
  });

  it('keeps an entry named after a room in that room: audio.ts may not publish operators/', () => {
    write('audio/pcm.ts', 'export const pcm = 1;\n');
    write('audio.ts', "export { pcm } from './audio/pcm';\n");
    expect(checkLayers(lib)).toMatchObject({ status: 0 });
    write('audio.ts', "export { pcm } from './audio/pcm';\nexport type { Kind } from './operators/ofKind';\n");
    const { status, output } = checkLayers(lib);
    expect(status).toBe(1);
    expect(output).toContain("audio.ts (audio) imports './operators/ofKind' (operators)");
  });

  it('ignores imports quoted in doc comments', () => {
    write('session/documented.ts', "/**\n * @example\n * import { kind } from '../operators/ofKind';\n */\nexport const documented = 1;\n");
    expect(checkLayers(lib)).toMatchObject({ status: 0 });
  });

  it('fails on a folder the layer order does not name', () => {
    write('helpers/strings.ts', 'export const x = 1;\n');
    const { status, output } = checkLayers(lib);
    expect(status).toBe(1);
    expect(output).toContain('lib/helpers/ is not a room of the layer order');
  });
});
