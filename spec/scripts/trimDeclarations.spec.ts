import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import ts from 'typescript';

const SCRIPT = resolve(__dirname, '../../scripts/trim-declarations.mjs');

/** What `tsc` and editors show for each exported name and its members: documentation and tags. */
function hovers(file: string): Record<string, { doc: string; tags: string[] }> {
  // No default lib: only the documentation is read, and the file declares all it uses.
  const program = ts.createProgram([file], { noEmit: true, noLib: true, types: [] });
  const checker = program.getTypeChecker();
  const source = program.getSourceFile(file);
  const module = source === undefined ? undefined : checker.getSymbolAtLocation(source);
  const shown: Record<string, { doc: string; tags: string[] }> = {};
  const show = (symbol: ts.Symbol, name: string): void => {
    const tags = symbol.getJsDocTags(checker).map((tag) => `@${tag.name} ${ts.displayPartsToString(tag.text)}`);
    shown[name] = { doc: ts.displayPartsToString(symbol.getDocumentationComment(checker)), tags };
    symbol.members?.forEach((member) => show(member, `${name}.${String(member.escapedName)}`));
  };
  for (const exported of module === undefined ? [] : checker.getExportsOfModule(module)) show(checker.getAliasedSymbol(exported), exported.name);
  return shown;
}

describe('scripts/trim-declarations.mjs', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'trim-declarations-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const trim = (name: string, text: string): string => {
    writeFileSync(join(dir, name), text);
    const run = spawnSync(process.execPath, [SCRIPT, dir], { encoding: 'utf8' });
    expect({ status: run.status, stderr: run.stderr }).toEqual({ status: 0, stderr: '' });
    return readFileSync(join(dir, name), 'utf8');
  };

  const declarations = [
    '/**',
    " * The source file's header comment, which the bundler keeps in front of its first declaration.",
    ' */',
    '/**',
    ' * A thing.',
    ' *',
    ' * @category things',
    ' * @since 0.1.0',
    ' */',
    'interface Thing {',
    '    /** A field. @category things */',
    '    readonly field: string;',
    '    /**',
    '     * Another field.',
    '     *',
    '     * @category things',
    '     */',
    '    readonly other: number;',
    '}',
    '/** @category codecs @since 0.1.0 */',
    'declare const ThingCodec: Thing;',
    '/** The runtime codec of {@link Thing}. @category auth tokens @since 0.1.0 */',
    'declare const OtherCodec: Thing;',
    '/** @category model */',
    "type Quoted = '/** @category kept, a string */';",
    '/**',
    ' * @deprecated Use `Thing`.',
    ' * @category things',
    ' * @example',
    ' * ```ts',
    ' * const thing: Old = { field: "x", other: 1 };',
    ' * ```',
    ' */',
    'type Old = Thing;',
    '',
    'export { type Old, OtherCodec, type Quoted, type Thing, ThingCodec };',
    '',
  ].join('\n');

  it('drops @category tags and the doc comments no editor shows, in .d.ts and .d.cts alike', () => {
    const expected = [
      '/**',
      ' * A thing.',
      ' *',
      ' * @since 0.1.0',
      ' */',
      'interface Thing {',
      '    /** A field. */',
      '    readonly field: string;',
      '    /**',
      '     * Another field.',
      '     */',
      '    readonly other: number;',
      '}',
      '/** @since 0.1.0 */',
      'declare const ThingCodec: Thing;',
      '/** The runtime codec of {@link Thing}. @since 0.1.0 */',
      'declare const OtherCodec: Thing;',
      "type Quoted = '/** @category kept, a string */';",
      '/**',
      ' * @deprecated Use `Thing`.',
      ' * @example',
      ' * ```ts',
      ' * const thing: Old = { field: "x", other: 1 };',
      ' * ```',
      ' */',
      'type Old = Thing;',
      '',
      'export { type Old, OtherCodec, type Quoted, type Thing, ThingCodec };',
      '',
    ].join('\n');
    expect(trim('thing.d.ts', declarations)).toBe(expected);
    expect(trim('thing.d.cts', declarations)).toBe(expected);
  });

  it('changes no hover but the @category tags', () => {
    writeFileSync(join(dir, 'before.d.ts'), declarations);
    const before = hovers(join(dir, 'before.d.ts'));
    trim('after.d.ts', declarations);
    const after = hovers(join(dir, 'after.d.ts'));
    expect(Object.keys(before).sort()).toEqual(['Old', 'OtherCodec', 'Quoted', 'Thing', 'Thing.field', 'Thing.other', 'ThingCodec']);
    const withoutCategory = ({ doc, tags }: { doc: string; tags: string[] }) => ({ doc, tags: tags.filter((tag) => !tag.startsWith('@category')) });
    expect(after).toEqual(Object.fromEntries(Object.entries(before).map(([name, shown]) => [name, withoutCategory(shown)])));
    expect(before.Thing).toEqual({ doc: 'A thing.', tags: ['@category things', '@since 0.1.0'] });
    expect(after.Thing).toEqual({ doc: 'A thing.', tags: ['@since 0.1.0'] });
    expect(after.Old?.tags).toContain('@deprecated Use `Thing`.');
  });
});
