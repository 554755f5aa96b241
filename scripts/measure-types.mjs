// The numbers of docs/benchmarks.md's "Types" table, measured on a built package:
// `node scripts/measure-types.mjs [packageDir]` (default: this repository after `npm run build`). The
// package is installed into a scratch project beside rxjs, io-ts and fp-ts from this repository's
// node_modules, and the consumers below are compiled the way a user's `tsc` would (nodenext, ES2022,
// skipLibCheck). Prints one JSON object; nothing is written outside the scratch project.
import { execFileSync } from 'node:child_process';
import { Buffer } from 'node:buffer';
import { readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { consumerCompilerOptions, consumerSources, declarationsLoaded, scratchProject } from './scratchProject.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const packageDir = resolve(process.argv[2] ?? root);
const dist = join(packageDir, 'dist');
const kb = (bytes) => Math.round(bytes / 100) / 10;

/** Bytes of the ESM declarations, and of their doc comments (`/** … *\/`). */
function declarationBytes() {
  let total = 0;
  let docs = 0;
  let largest = { file: '', bytes: 0 };
  for (const file of readdirSync(dist).filter((name) => name.endsWith('.d.ts'))) {
    const text = readFileSync(join(dist, file), 'utf8');
    const bytes = Buffer.byteLength(text);
    total += bytes;
    for (const comment of text.match(/\/\*\*[\s\S]*?\*\//g) ?? []) docs += Buffer.byteLength(comment);
    if (bytes > largest.bytes) largest = { file: file.replace(/-[\w-]{8}\.d\.ts$/, '-*.d.ts'), bytes };
  }
  const citations = readdirSync(dist)
    .filter((name) => name.endsWith('.d.ts'))
    .reduce((sum, file) => sum + (readFileSync(join(dist, file), 'utf8').match(/\b(?:PROTOCOL|PEERS|DESIGN|ECOSYSTEM)\.md\b/g) ?? []).length, 0);
  return { totalKB: kb(total), withoutDocCommentsKB: kb(total - docs), docCommentsKB: kb(docs), largest: `${largest.file} ${kb(largest.bytes)} KB`, designNoteCitations: citations };
}

const consumers = {
  ...consumerSources,
  'audioOnly.mts': [
    "import { of } from 'rxjs';",
    "import { audioStreamEndOnPause, toRealtimeAudio } from 'rx-gemini-live/audio';",
    '',
    'export const values = of(new Int16Array(640)).pipe(toRealtimeAudio({ sampleRate: 16000 }), audioStreamEndOnPause());',
  ],
  'rxjsOnly.mts': ["import { of } from 'rxjs';", '', 'export const values = of(new Int16Array(640));'],
  'hover.mts': [
    "import type { LiveServerMessage } from 'rx-gemini-live';",
    '',
    'export function show(msg: LiveServerMessage): unknown {',
    '  return msg.serverContent;',
    '}',
  ],
};

/** Declaration files and lines `tsc` loads for one consumer (default libs aside), and what it costs. */
function loaded(project, name) {
  const program = ts.createProgram([join(project, name)], consumerCompilerOptions);
  const errors = ts.getPreEmitDiagnostics(program).map((d) => ts.flattenDiagnosticMessageText(d.messageText, ' '));
  const { files, lines } = declarationsLoaded(program);
  const inPackage = (pkg) => files.filter((file) => file.fileName.includes(`/node_modules/${pkg}/`)).length;
  // `tsc --extendedDiagnostics` in a fresh process: "Memory used" after checking.
  const tsc = join(root, 'node_modules', 'typescript', 'lib', 'tsc.js');
  const config = join(project, `tsconfig.${name}.json`);
  const options = { lib: ['es2022'], types: [], strict: true, noEmit: true, skipLibCheck: true, module: 'nodenext', moduleResolution: 'nodenext', target: 'es2022' };
  writeFileSync(config, JSON.stringify({ compilerOptions: options, files: [name] }));
  const report = execFileSync(process.execPath, [tsc, '-p', config, '--extendedDiagnostics'], { cwd: project, encoding: 'utf8' });
  const memory = /Memory used:\s+(\d+)K/.exec(report)?.[1];
  return {
    files: files.length,
    lines,
    fpTsFiles: inPackage('fp-ts'),
    ioTsFiles: inPackage('io-ts'),
    memoryMB: memory === undefined ? undefined : Math.round(Number(memory) / 1024),
    errors,
  };
}

/** Lines of the quick info (signature only, no documentation) at `marker` in the hover consumer. */
function hoverLines(project, marker, occurrence = 0) {
  const file = join(project, 'hover.mts');
  const text = readFileSync(file, 'utf8');
  let position = -1;
  for (let seen = 0; seen <= occurrence; seen += 1) position = text.indexOf(marker, position + 1);
  const host = {
    getCompilationSettings: () => consumerCompilerOptions,
    getScriptFileNames: () => [file],
    getScriptVersion: () => '1',
    getScriptSnapshot: (name) => (ts.sys.fileExists(name) ? ts.ScriptSnapshot.fromString(ts.sys.readFile(name) ?? '') : undefined),
    getCurrentDirectory: () => project,
    getDefaultLibFileName: (options) => ts.getDefaultLibFilePath(options),
    fileExists: ts.sys.fileExists,
    readFile: ts.sys.readFile,
    readDirectory: ts.sys.readDirectory,
    directoryExists: ts.sys.directoryExists,
    getDirectories: ts.sys.getDirectories,
    realpath: ts.sys.realpath,
  };
  const service = ts.createLanguageService(host, ts.createDocumentRegistry());
  const info = service.getQuickInfoAtPosition(file, position);
  const shown = ts.displayPartsToString(info?.displayParts ?? []);
  return { lines: shown.split('\n').length, text: shown.length > 120 ? `${shown.slice(0, 117)}...` : shown };
}

/** fp-ts modules that `require('rx-gemini-live')` loads in a fresh process. */
function fpTsRequired(project) {
  const probe = "require('rx-gemini-live'); console.log(Object.keys(require.cache).filter((f) => f.includes('/fp-ts/')).length)";
  return Number(execFileSync(process.execPath, ['-e', probe], { cwd: project, encoding: 'utf8' }).trim());
}

/** Declaration files `dist/audio.d.ts` reaches through relative imports, and which import io-ts. */
function audioDeclarations() {
  const reached = new Set();
  const visit = (file) => {
    if (reached.has(file)) return;
    reached.add(file);
    for (const { fileName } of ts.preProcessFile(readFileSync(file, 'utf8'), true, true).importedFiles) {
      if (fileName.startsWith('.')) visit(join(dirname(file), fileName.replace(/\.js$/, '.d.ts')));
    }
  };
  visit(join(dist, 'audio.d.ts'));
  const importIoTs = [...reached].filter((file) =>
    ts.preProcessFile(readFileSync(file, 'utf8'), true, true).importedFiles.some(({ fileName }) => fileName === 'io-ts' || fileName.startsWith('io-ts/')),
  );
  return { files: reached.size, importingIoTs: importIoTs.length };
}

const project = scratchProject('rx-gemini-live-types-', { packageDir, dependencies: ['rxjs', 'io-ts', 'fp-ts', 'tslib'], sources: consumers });
try {
  const result = {
    declarations: declarationBytes(),
    consumer: loaded(project, 'consumer.mts'),
    baseline: loaded(project, 'baseline.mts'),
    audioOnly: loaded(project, 'audioOnly.mts'),
    rxjsOnly: loaded(project, 'rxjsOnly.mts'),
    audioDeclarations: audioDeclarations(),
    hoverImportedLiveServerMessage: hoverLines(project, 'LiveServerMessage'),
    hoverServerContent: hoverLines(project, 'serverContent'),
    fpTsModulesRequired: fpTsRequired(project),
  };
  console.log(JSON.stringify(result, null, 2));
} finally {
  rmSync(project, { recursive: true, force: true });
}
