// A user's project in a scratch folder, for the scripts that judge the built package as users get it
// (check-dist.mjs, measure-types.mjs): the package installed from `dist/` and its `package.json`,
// its dependencies linked from this repository's node_modules, and the compiler options of a
// Node project's `tsc` (nodenext, ES2022, skipLibCheck).
import { cpSync, mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** How a consumer's `tsc` compiles: a Node project with no DOM and no global types. */
export const consumerCompilerOptions = {
  lib: ['lib.es2022.d.ts'],
  types: [],
  strict: true,
  noEmit: true,
  skipLibCheck: true,
  module: ts.ModuleKind.NodeNext,
  moduleResolution: ts.ModuleResolutionKind.NodeNext,
  target: ts.ScriptTarget.ES2022,
};

/** The five-line consumer of docs/benchmarks.md "Types", and rxjs + io-ts alone to compare with. */
export const consumerSources = {
  'consumer.mts': [
    "import { liveSession, textDeltas } from 'rx-gemini-live';",
    '',
    "const session = liveSession({ model: 'gemini-live-2.5-flash-preview', apiKey: 'auth_tokens/x' });",
    'export const subscription = session.pipe(textDeltas()).subscribe((text) => text.length);',
  ],
  'baseline.mts': ["import { Observable } from 'rxjs';", "import * as t from 'io-ts';", '', 'export const messages = new Observable<string>();', 'export const codec = t.string;'],
};

/**
 * Makes a scratch project with the package of `packageDir` installed and `dependencies` linked, and
 * writes `sources` (file name → lines) into it. Returns its folder; the caller removes it.
 */
export function scratchProject(prefix, { packageDir = root, dependencies, sources = {} }) {
  const project = mkdtempSync(join(tmpdir(), prefix));
  const installed = join(project, 'node_modules', 'rx-gemini-live');
  mkdirSync(installed, { recursive: true });
  cpSync(join(packageDir, 'dist'), join(installed, 'dist'), { recursive: true });
  cpSync(join(packageDir, 'package.json'), join(installed, 'package.json'));
  for (const dependency of dependencies) {
    symlinkSync(join(root, 'node_modules', dependency), join(project, 'node_modules', dependency), 'dir');
  }
  for (const [name, lines] of Object.entries(sources)) writeFileSync(join(project, name), `${lines.join('\n')}\n`);
  return project;
}

/** The declaration files (default libs aside) a compiled program loaded, and their lines. */
export function declarationsLoaded(program) {
  const files = program.getSourceFiles().filter((file) => file.isDeclarationFile && !program.isSourceFileDefaultLibrary(file));
  return { files, lines: files.reduce((sum, file) => sum + file.getLineStarts().length, 0) };
}
