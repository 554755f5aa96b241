import { join, resolve } from 'node:path';
import ts from 'typescript';
import { docExamples } from '../support/docExamples';

const root = resolve(__dirname, '../..');

/** Package specifiers as users write them, resolved to the sources. */
const entryPoints: Record<string, string> = {
  'rx-gemini-live': 'lib/index.ts',
  'rx-gemini-live/node': 'lib/node.ts',
  'rx-gemini-live/testing': 'lib/testing.ts',
  'rx-gemini-live/audio': 'lib/audio.ts',
  'rx-gemini-live/browser': 'lib/browser.ts',
  'rx-gemini-live/angular': 'lib/angular.ts',
  'rx-gemini-live/codecs': 'lib/codecs.ts',
};

describe('code examples in README.md and docs/', () => {
  const examples = docExamples(root);

  it('finds examples to check', () => {
    expect(examples.length).toBeGreaterThan(0);
  });

  it('all type-check against the library sources', () => {
    const virtualFiles = new Map(examples.map((example, index) => [join(root, `.doc-examples/example-${index}.ts`), example]));
    const options: ts.CompilerOptions = {
      target: ts.ScriptTarget.ES2022,
      module: ts.ModuleKind.ESNext,
      moduleResolution: ts.ModuleResolutionKind.Bundler,
      strict: true,
      noEmit: true,
      skipLibCheck: true,
      esModuleInterop: true,
      types: ['node'],
      lib: ['lib.es2022.d.ts', 'lib.dom.d.ts'],
      baseUrl: root,
      paths: Object.fromEntries(Object.entries(entryPoints).map(([name, path]) => [name, [path]])),
      // Each example is its own module, so two examples may declare the same names.
      moduleDetection: ts.ModuleDetectionKind.Force,
    };
    const host = ts.createCompilerHost(options);
    const readFile = host.readFile.bind(host);
    const fileExists = host.fileExists.bind(host);
    const getSourceFile = host.getSourceFile.bind(host);
    host.readFile = (file) => virtualFiles.get(file)?.code ?? readFile(file);
    host.fileExists = (file) => virtualFiles.has(file) || fileExists(file);
    host.getSourceFile = (file, languageVersion, onError, shouldCreate) => {
      const example = virtualFiles.get(file);
      return example === undefined
        ? getSourceFile(file, languageVersion, onError, shouldCreate)
        : ts.createSourceFile(file, example.code, languageVersion, true);
    };
    const program = ts.createProgram([...virtualFiles.keys()], options, host);
    const problems = ts
      .getPreEmitDiagnostics(program)
      .filter((diagnostic) => diagnostic.file !== undefined && virtualFiles.has(diagnostic.file.fileName))
      .map((diagnostic) => {
        const file = diagnostic.file as ts.SourceFile;
        const example = virtualFiles.get(file.fileName);
        const { line } = file.getLineAndCharacterOfPosition(diagnostic.start ?? 0);
        return `${example?.where} (+${line + 1}): ${ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n')}`;
      });
    expect(problems).toEqual([]);
    // One program over every example takes most of the default 20 s on a loaded machine.
  }, 120_000);
});
