import { defineConfig } from 'tsup';

// Dual ESM + CJS with declarations (ECOSYSTEM.md §3). rxjs, ws and @angular/* stay external: rxjs is
// a peer, ws is only reached from the `./node` and `./testing` entries, and @angular/core (an optional
// peer) only from `./angular`, which is plain functions and needs no Angular compiler. The command line (`bin`) is one ESM
// file for Node.
export default defineConfig([{
  entry: {
    index: 'lib/index.ts',
    node: 'lib/node.ts',
    testing: 'lib/testing.ts',
    audio: 'lib/audio.ts',
    browser: 'lib/browser.ts',
    angular: 'lib/angular.ts',
    codecs: 'lib/codecs.ts',
  },
  format: ['esm', 'cjs'],
  dts: true,
  sourcemap: true,
  clean: true,
  target: 'es2022',
  platform: 'neutral',
  external: ['rxjs', 'ws', 'io-ts', 'fp-ts', /^@angular\//],
  splitting: true,
  treeshake: true,
}, {
  entry: { cli: 'lib/cli/main.ts' },
  format: ['esm'],
  dts: false,
  sourcemap: true,
  clean: false,
  target: 'es2022',
  platform: 'node',
  external: ['rxjs', 'ws', 'io-ts', 'fp-ts'],
}]);
