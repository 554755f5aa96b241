import { defineConfig } from 'tsup';

// Dual ESM + CJS with declarations (ECOSYSTEM.md §3). rxjs and ws stay external: rxjs is a peer, and
// ws is only reached from the `./node` and `./testing` entries. The command line (`bin`) is one ESM
// file for Node.
export default defineConfig([{
  entry: {
    index: 'lib/index.ts',
    node: 'lib/node.ts',
    testing: 'lib/testing.ts',
    audio: 'lib/audio.ts',
  },
  format: ['esm', 'cjs'],
  dts: true,
  sourcemap: true,
  clean: true,
  target: 'es2022',
  platform: 'neutral',
  external: ['rxjs', 'ws', 'io-ts', 'fp-ts'],
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
