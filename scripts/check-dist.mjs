// Checks the built package the way users load it: every entry imports under Node ESM and requires
// under CJS, and the browser-safe entries reach no Node built-in and no `ws` (DESIGN.md §5). The
// testing entry holds the emulator, a `ws` server, so it is for Node only.
import { readFileSync, existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import ts from 'typescript';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const dist = join(root, 'dist');
const require = createRequire(import.meta.url);
const entries = ['index', 'node', 'testing', 'audio'];
const browserSafe = new Set(['index', 'audio']);
const allowedBare = new Set(['rxjs', 'io-ts', 'fp-ts']);
const failures = [];

/** Bare module specifiers reachable from an ESM file through its relative imports. */
function bareImports(file, seen = new Set()) {
  if (seen.has(file)) return new Set();
  seen.add(file);
  const found = new Set();
  // TypeScript's pre-processor lists real imports only, not the ones quoted in doc comments.
  const { importedFiles } = ts.preProcessFile(readFileSync(file, 'utf8'), true, true);
  for (const { fileName: specifier } of importedFiles) {
    if (specifier.startsWith('.')) {
      for (const inner of bareImports(join(dirname(file), specifier), seen)) found.add(inner);
    } else {
      found.add(specifier);
    }
  }
  return found;
}

for (const entry of entries) {
  for (const file of [`${entry}.js`, `${entry}.cjs`, `${entry}.d.ts`, `${entry}.d.cts`]) {
    if (!existsSync(join(dist, file))) failures.push(`missing dist/${file}`);
  }
  try {
    await import(pathToFileURL(join(dist, `${entry}.js`)).href);
  } catch (error) {
    failures.push(`import dist/${entry}.js failed: ${error.message}`);
  }
  try {
    require(join(dist, `${entry}.cjs`));
  } catch (error) {
    failures.push(`require dist/${entry}.cjs failed: ${error.message}`);
  }
  if (browserSafe.has(entry)) {
    for (const specifier of bareImports(join(dist, `${entry}.js`))) {
      if (!allowedBare.has(specifier.split('/')[0])) {
        failures.push(`dist/${entry}.js reaches '${specifier}', which browsers cannot load`);
      }
    }
  }
}

// The command line runs from the package (`npx rx-gemini-live --help`).
try {
  const { execFileSync } = await import('node:child_process');
  const help = execFileSync(process.execPath, [join(dist, 'cli.js'), '--help'], { encoding: 'utf8' });
  if (!help.includes('npx rx-gemini-live emulator')) failures.push('dist/cli.js --help printed no usage');
} catch (error) {
  failures.push(`dist/cli.js --help failed: ${error.message}`);
}

// The browser-safe entries' declarations compile without the DOM lib, as in a Node project's tsconfig
// (ES2022 + @types/node): the official SDK's d.ts needs DOM and breaks those builds (PEERS.md).
{
  const options = {
    lib: ['lib.es2022.d.ts'],
    types: ['node'],
    strict: true,
    noEmit: true,
    skipLibCheck: false,
    module: ts.ModuleKind.ESNext,
    moduleResolution: ts.ModuleResolutionKind.Bundler,
    target: ts.ScriptTarget.ES2022,
  };
  const files = [...browserSafe].map((entry) => join(dist, `${entry}.d.ts`));
  const diagnostics = ts.getPreEmitDiagnostics(ts.createProgram(files, options));
  for (const diagnostic of diagnostics) {
    const where = diagnostic.file === undefined ? '' : `${diagnostic.file.fileName.replace(`${root}/`, '')}: `;
    failures.push(`declarations need more than ES2022: ${where}${ts.flattenDiagnosticMessageText(diagnostic.messageText, ' ')}`);
  }
}

if (failures.length > 0) {
  console.error(`check-dist: ${failures.length} problem(s)\n- ${failures.join('\n- ')}`);
  process.exit(1);
}
console.log(`check-dist: ${entries.length} entries import (ESM), require (CJS) and have types; core entries are browser-safe and their declarations need no DOM lib; the CLI runs`);
