/** Builds the demo page into `outdir` (default examples/browser/dist) and returns it. */
export function buildDemo(outdir?: string): Promise<string>;
/** An esbuild plugin that resolves `rx-gemini-live` and `rx-gemini-live/audio` to the library's sources. */
export const librarySources: import('esbuild').Plugin;
