/** Builds the Angular example into `outdir` (default examples/angular/dist) and returns it. */
export function buildAngularExample(outdir?: string): Promise<string>;
