/**
 * Runs the examples of docs/testing.md as tests, so the walkthrough cannot drift from what passes
 * (spec/docs/examples.spec.ts only type-checks them). Package imports resolve to the sources, as
 * they do for the type check.
 */
import { resolve } from 'node:path';
import * as rxjs from 'rxjs';
import * as rxjsTesting from 'rxjs/testing';
import ts from 'typescript';
import * as core from '../../lib/index';
import * as testing from '../../lib/testing';
import { docExamples } from '../support/docExamples';

const root = resolve(__dirname, '../..');

const modules: Record<string, unknown> = {
  'rx-gemini-live': core,
  'rx-gemini-live/testing': testing,
  '@jest/globals': { describe, expect, it },
  rxjs,
  'rxjs/testing': rxjsTesting,
};

function load(specifier: string): unknown {
  const module = modules[specifier];
  if (module === undefined) throw new Error(`docs/testing.md imports ${specifier}, which this spec does not provide`);
  return module;
}

describe('docs/testing.md examples', () => {
  const examples = docExamples(root).filter((example) => example.where.startsWith('docs/testing.md'));

  it('has runnable examples', () => {
    expect(examples.length).toBeGreaterThanOrEqual(6);
  });

  for (const example of examples) {
    describe(example.where, () => {
      const { outputText } = ts.transpileModule(example.code, {
        compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true },
      });
      // The example registers its own describe/it blocks here, nested under this one.
      new Function('require', 'exports', outputText)(load, {});
    });
  }
});
