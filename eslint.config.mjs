import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/', 'coverage/', 'node_modules/', 'examples/**/dist/', 'docs/api/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      globals: { console: 'readonly', process: 'readonly' },
    },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      // io-ts's naming pattern, `interface X extends t.TypeOf<typeof XCodec> {}`, gives the type a name
      // that hovers and errors show instead of its expansion.
      '@typescript-eslint/no-empty-object-type': ['error', { allowInterfaces: 'with-single-extends' }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-restricted-imports': [
        'error',
        {
          // fp-ts by module, as a fully specified file (`fp-ts/lib/Either.js`): its index costs users'
          // type checks 120 modules, and its extensionless subpaths (`fp-ts/Either`) are folders that
          // Node ESM refuses to import (fp-ts 2.16 has no exports map). io-ts from its root only.
          paths: [{ name: 'fp-ts', message: "Import fp-ts by module: import * as either from 'fp-ts/lib/Either.js'." }],
          patterns: [
            { regex: String.raw`^fp-ts/(?!lib/\w+\.js$)`, message: "Import fp-ts by module as a file under lib/ with its extension, e.g. 'fp-ts/lib/Either.js' (Node ESM rejects folder imports)." },
            { group: ['io-ts/*'], message: 'Import io-ts from the package root (Node ESM rejects its folder subpaths).' },
          ],
        },
      ],
    },
  },
  {
    files: ['**/*.cjs', 'scripts/**/*.mjs'],
    languageOptions: { globals: { module: 'writable', require: 'readonly', __dirname: 'readonly' } },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
);
