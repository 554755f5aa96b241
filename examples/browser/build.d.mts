/** Builds the demo page into `outdir` (default examples/browser/dist) and returns it. */
export function buildDemo(outdir?: string): Promise<string>;
