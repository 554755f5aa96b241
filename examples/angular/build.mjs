// Builds the Angular example with esbuild (JIT: `@angular/compiler` is bundled, decorators are
// compiled in the browser), against the library's sources. CI runs it to prove the example builds.
//   node examples/angular/build.mjs [outdir]   (default examples/angular/dist)
import { copyFile, mkdir } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { librarySources } from '../browser/build.mjs';

const here = dirname(fileURLToPath(import.meta.url));

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
