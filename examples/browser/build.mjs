// Bundles the demo page with the library's browser entries (`rx-gemini-live`, `rx-gemini-live/audio`,
// taken from lib/ so no prior build is needed) into a static folder. Platform `browser`: a Node
// built-in or `ws` reachable from those entries fails the bundle.
//   node examples/browser/build.mjs [outdir]   (default examples/browser/dist)
import { copyFile, mkdir } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, '../..');
const entries = { 'rx-gemini-live': 'lib/index.ts', 'rx-gemini-live/audio': 'lib/audio.ts', 'rx-gemini-live/browser': 'lib/browser.ts' };

/** Resolves the package's own browser entry points to their sources. */
export const librarySources = {
  name: 'rx-gemini-live-sources',
  setup(context) {
    context.onResolve({ filter: /^rx-gemini-live(\/(audio|browser))?$/ }, (args) => ({ path: join(root, entries[args.path]) }));
  },
};

/** Builds the page into `outdir` and returns it. */
export async function buildDemo(outdir = join(here, 'dist')) {
  await mkdir(outdir, { recursive: true });
  await build({
    entryPoints: [join(here, 'main.ts')],
    outfile: join(outdir, 'main.js'),
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    sourcemap: true,
    logLevel: 'warning',
    plugins: [librarySources],
  });
  for (const file of ['index.html', 'styles.css']) await copyFile(join(here, file), join(outdir, file));
  return outdir;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const outdir = await buildDemo(process.argv[2] === undefined ? undefined : resolve(process.argv[2]));
  console.log(`browser demo built into ${outdir}`);
}
