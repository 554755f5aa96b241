/**
 * This package's version, sent in `user-agent` and `x-goog-api-client`. Kept equal to package.json
 * by a test, because importing package.json would pull the whole manifest into browser bundles.
 *
 * @internal
 */
export const LIBRARY_VERSION = '0.2.0';
