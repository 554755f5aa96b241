/**
 * rx-gemini-live as users run it: the built package in `dist/` (what `npm run build` writes, and what
 * `npm run bench` builds first), not the TypeScript sources through `tsx`. The difference is real:
 * `tsx` compiles with esbuild's keep-names, which wraps every function created per call in a
 * `__name(fn, 'name')` that gives it a property of its own, and so a property table: about 3 KiB more
 * heap per idle session and a little CPU per call that the published build does not have.
 *
 * Without a build (a clean clone running only the smoke test), the sources are used and `OURS_FROM`
 * says so, so no table can pass off the sources' figures as the package's.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

type NodeEntry = typeof import('../lib/node');
type AudioEntry = typeof import('../lib/audio');

const built = (entry: string): URL => new URL(`../dist/${entry}.js`, import.meta.url);
const haveBuild = existsSync(fileURLToPath(built('node'))) && existsSync(fileURLToPath(built('audio')));

export const node: NodeEntry = haveBuild ? ((await import(built('node').href)) as NodeEntry) : await import('../lib/node');
export const audio: AudioEntry = haveBuild ? ((await import(built('audio').href)) as AudioEntry) : await import('../lib/audio');

/** Where our client came from, printed with the machine line. */
export const OURS_FROM = haveBuild ? 'rx-gemini-live from dist/ (the built package)' : 'rx-gemini-live from the TypeScript sources (no dist/: run npm run build for the published figures)';
