// Builds the Angular example with esbuild (JIT: `@angular/compiler` is bundled, decorators are
// compiled in the browser), against the library's sources: `rx-gemini-live/angular` and the browser
// entries. CI runs it to prove the example builds.
//   node examples/angular/build.mjs [outdir]   (default examples/angular/dist)
import { copyFile, mkdir } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, '../..');
const entries = { 'rx-gemini-live': 'lib/index.ts', 'rx-gemini-live/audio': 'lib/audio.ts', 'rx-gemini-live/browser': 'lib/browser.ts', 'rx-gemini-live/angular': 'lib/angular.ts' };

/** Resolves the package's browser entry points, the angular one included, to their sources. */
const librarySources = {
  name: 'rx-gemini-live-sources',
  setup(context) {
    context.onResolve({ filter: /^rx-gemini-live(\/(audio|browser|angular))?$/ }, (args) => ({ path: join(root, entries[args.path]) }));
  },
};

/** Builds the app into `outdir` and returns it. */
export async function buildAngularExample(outdir = join(here, 'dist')) {
  await mkdir(outdir, { recursive: true });
  await build({
    entryPoints: [join(here, 'main.ts')],
    outfile: join(outdir, 'main.js'),
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    minify: true,
    sourcemap: true,
    tsconfig: join(here, 'tsconfig.json'),
    logLevel: 'warning',
    plugins: [librarySources],
  });
  await copyFile(join(here, 'index.html'), join(outdir, 'index.html'));
  return outdir;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const outdir = await buildAngularExample(process.argv[2] === undefined ? undefined : resolve(process.argv[2]));
  console.log(`Angular example built into ${outdir}`);
}
