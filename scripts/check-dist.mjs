// Checks the built package the way users load it: every entry imports under Node ESM and requires
// under CJS, and the browser-safe entries reach no Node built-in and no `ws` (DESIGN.md §5). The
// testing entry holds the emulator, a `ws` server, so it is for Node only. Only the angular entry
// reaches @angular/* (an optional peer): the others load in a project without Angular installed.
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import ts from 'typescript';
import { consumerCompilerOptions, consumerSources, declarationsLoaded, scratchProject } from './scratchProject.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const dist = join(root, 'dist');
const require = createRequire(import.meta.url);
const entries = ['index', 'node', 'testing', 'audio', 'browser', 'angular', 'codecs'];
const browserSafe = new Set(['index', 'audio', 'browser', 'angular', 'codecs']);
/** Angular's own declarations need the DOM lib; ours do not. */
const withoutDomLib = ['index', 'audio', 'browser', 'codecs'];
const withoutAngular = entries.filter((entry) => entry !== 'angular');
const allowedBare = new Set(['rxjs', 'io-ts', 'fp-ts']);
const allowedBareIn = (entry) => (entry === 'angular' ? new Set([...allowedBare, '@angular/core']) : allowedBare);
const failures = [];
let consumerCost = 'no consumer measured';

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

/** The declaration file a relative import in a `.d.ts` or `.d.cts` names: `./x.js` is `./x.d.ts`. */
const declarationOf = (specifier) => specifier.replace(/\.js$/, '.d.ts').replace(/\.cjs$/, '.d.cts');

/** Every declaration file `tsc` reads for `file`, itself included, following relative imports. */
function declarationFilesReached(file, seen = new Set()) {
  if (seen.has(file)) return seen;
  seen.add(file);
  for (const { fileName: specifier } of ts.preProcessFile(readFileSync(file, 'utf8'), true, true).importedFiles) {
    if (specifier.startsWith('.')) declarationFilesReached(join(dirname(file), declarationOf(specifier)), seen);
  }
  return seen;
}

/** The reached declaration files that import io-ts (or fp-ts) themselves. */
function declarationsImportingIoTs(entryDeclaration) {
  return [...declarationFilesReached(entryDeclaration)].filter((file) =>
    ts.preProcessFile(readFileSync(file, 'utf8'), true, true).importedFiles.some(({ fileName }) => /^(?:io-ts|fp-ts)(?:\/|$)/.test(fileName)),
  );
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
      const name = specifier.startsWith('@') ? specifier.split('/').slice(0, 2).join('/') : specifier.split('/')[0];
      if (!allowedBareIn(entry).has(name)) {
        failures.push(`dist/${entry}.js reaches '${specifier}', which browsers cannot load`);
      }
    }
  }
}

// Without Angular: no other entry reaches @angular/*, in its ESM or its CJS build.
for (const entry of withoutAngular) {
  for (const file of [`${entry}.js`, `${entry}.cjs`]) {
    for (const specifier of bareImports(join(dist, file))) {
      if (specifier.startsWith('@angular/')) failures.push(`dist/${file} reaches '${specifier}': only the angular entry may`);
    }
  }
}

// And they load so: a project that has the package and its dependencies but no Angular imports and
// requires every other entry, while the angular entry fails there for want of @angular/core.
{
  const project = scratchProject('rx-gemini-live-no-angular-', { dependencies: ['rxjs', 'io-ts', 'fp-ts', 'ws', 'tslib'] });
  try {
    const specifiers = withoutAngular.map((entry) => (entry === 'index' ? 'rx-gemini-live' : `rx-gemini-live/${entry}`));
    const probe = join(project, 'probe.mjs');
    writeFileSync(
      probe,
      [
        "import { createRequire } from 'node:module';",
        'const require = createRequire(import.meta.url);',
        `for (const specifier of ${JSON.stringify(specifiers)}) { await import(specifier); require(specifier); }`,
        "const angular = await import('rx-gemini-live/angular').then(() => 'loaded', (error) => error.code);",
        "if (angular !== 'ERR_MODULE_NOT_FOUND') throw new Error(`the angular entry should miss @angular/core here, got ${angular}`);",
      ].join('\n'),
    );
    const { execFileSync } = await import('node:child_process');
    execFileSync(process.execPath, [probe], { cwd: project, encoding: 'utf8', stdio: 'pipe' });
  } catch (error) {
    failures.push(`entries without Angular installed: ${error.stderr ?? error.message}`);
  } finally {
    rmSync(project, { recursive: true, force: true });
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

// The core browser entries' declarations compile without the DOM lib, as in a Node project's tsconfig
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
  const files = withoutDomLib.map((entry) => join(dist, `${entry}.d.ts`));
  const diagnostics = ts.getPreEmitDiagnostics(ts.createProgram(files, options));
  for (const diagnostic of diagnostics) {
    const where = diagnostic.file === undefined ? '' : `${diagnostic.file.fileName.replace(`${root}/`, '')}: `;
    failures.push(`declarations need more than ES2022: ${where}${ts.flattenDiagnosticMessageText(diagnostic.messageText, ' ')}`);
  }
}

// `@category` tags are for TypeDoc, which reads the sources: `npm run build` strips them from the
// shipped declarations (scripts/trim-declarations.mjs), as they only cost users' editors.
for (const file of readdirSync(dist).filter((name) => /\.d\.c?ts$/.test(name))) {
  const tags = readFileSync(join(dist, file), 'utf8').match(/@category\b/g);
  if (tags !== null) failures.push(`dist/${file} still has ${tags.length} @category tag(s): run the build through scripts/trim-declarations.mjs`);
}

// `rx-gemini-live/audio` is plain TypeScript values: a program that imports only it never loads
// io-ts's declarations (its realtime values are the audio room's own types, not the codecs').
const ioTsFreeDeclarations = ['audio'];
let audioDeclarations = 'audio declarations not measured';
for (const entry of ioTsFreeDeclarations) {
  for (const file of [`${entry}.d.ts`, `${entry}.d.cts`]) {
    if (!existsSync(join(dist, file))) continue;
    const reached = declarationFilesReached(join(dist, file));
    for (const offender of declarationsImportingIoTs(join(dist, file))) {
      failures.push(`dist/${file} reaches dist/${offender.replace(`${dist}/`, '')}, which imports io-ts or fp-ts`);
    }
    if (file === 'audio.d.ts') audioDeclarations = `dist/audio.d.ts reaches ${reached.size} declaration file(s), none importing io-ts`;
  }
}

// Shipped doc comments cite only what ships: the design notes live outside the package and the repo.
const designNotes = /\b(?:PROTOCOL|PEERS|DESIGN|ECOSYSTEM)\.md\b/g;
for (const file of readdirSync(dist).filter((name) => /\.d\.c?ts$/.test(name))) {
  const mentions = readFileSync(join(dist, file), 'utf8').match(designNotes);
  if (mentions !== null) failures.push(`dist/${file} cites ${mentions.length} design note(s) users do not have (${[...new Set(mentions)].join(', ')})`);
}

// What a user's editor pays: the declaration lines `tsc` loads for a five-line consumer of the
// root entry stay within 1.2x of what rxjs and io-ts cost alone (docs/benchmarks.md, "Types").
const CONSUMER_BUDGET = 1.2;
{
  const project = scratchProject('rx-gemini-live-consumer-', { dependencies: ['rxjs', 'io-ts', 'fp-ts'], sources: consumerSources });
  try {
    const declarationLines = (name) => {
      const program = ts.createProgram([join(project, name)], consumerCompilerOptions);
      const errors = ts.getPreEmitDiagnostics(program).map((d) => ts.flattenDiagnosticMessageText(d.messageText, ' '));
      if (errors.length > 0) failures.push(`the ${name} probe does not compile: ${errors.join('; ')}`);
      const { files, lines } = declarationsLoaded(program);
      return { files: files.length, lines };
    };
    const consumer = declarationLines('consumer.mts');
    const baseline = declarationLines('baseline.mts');
    if (consumer.lines > CONSUMER_BUDGET * baseline.lines) {
      failures.push(
        `a five-line consumer makes tsc load ${consumer.lines} declaration lines (${consumer.files} files), over ${CONSUMER_BUDGET}x the ${baseline.lines} of rxjs and io-ts alone`,
      );
    }
    consumerCost = `${consumer.lines} declaration lines in ${consumer.files} files for a five-line consumer (rxjs + io-ts alone: ${baseline.lines} in ${baseline.files})`;
  } catch (error) {
    failures.push(`consumer type-check probe: ${error.message}`);
  } finally {
    rmSync(project, { recursive: true, force: true });
  }
}

if (failures.length > 0) {
  console.error(`check-dist: ${failures.length} problem(s)\n- ${failures.join('\n- ')}`);
  process.exit(1);
}
console.log(
  `check-dist: ${entries.length} entries import (ESM), require (CJS) and have types; ${withoutAngular.length} load without Angular installed; browser entries reach no Node built-in; the core declarations need no DOM lib, cite no design note and have no @category tag; ${audioDeclarations}; ${consumerCost}; the CLI runs`,
);
