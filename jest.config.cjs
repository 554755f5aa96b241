/** Jest: TypeScript through @swc/jest (type checking is `npm run typecheck`). */
const swc = [
  '@swc/jest',
  {
    jsc: {
      target: 'es2022',
      parser: { syntax: 'typescript', decorators: true },
      transform: { legacyDecorator: true, decoratorMetadata: false },
    },
    module: { type: 'commonjs' },
  },
];

/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  // examples/ holds the Angular example's specs (examples/browser/demo.test.ts is node:test, not Jest).
  roots: ['<rootDir>/spec', '<rootDir>/examples'],
  // The examples import the package by name, as users do; resolve it to the sources.
  moduleNameMapper: { '^rx-gemini-live$': '<rootDir>/lib/index.ts', '^rx-gemini-live/(angular|audio|browser|codecs|node|testing)$': '<rootDir>/lib/$1.ts' },
  testMatch: ['**/*.spec.ts'],
  testPathIgnorePatterns: ['/node_modules/', '/dist/'],
  transform: { '^.+\\.(ts|mjs|js)$': swc },
  transformIgnorePatterns: ['/node_modules/(?!(@angular)/)'],
  moduleFileExtensions: ['ts', 'js', 'mjs', 'cjs', 'json'],
  testTimeout: 20000,
  reporters: ['default', '<rootDir>/scripts/plain-summary-reporter.cjs'],
  // A test that leaves a socket, server or timer open fails the run instead of hanging it.
  detectOpenHandles: false,
  forceExit: false,
};
