/**
 * Runs the marble example of docs/conversations.md, so the exact times it shows cannot drift from
 * what passes (spec/docs/examples.spec.ts only type-checks it).
 */
import { resolve } from 'node:path';
import * as rxjs from 'rxjs';
import * as rxjsTesting from 'rxjs/testing';
import ts from 'typescript';
import * as core from '../../lib/index';
import * as testing from '../../lib/testing';
import { docExamples } from '../support/docExamples';

const modules: Record<string, unknown> = { 'rx-gemini-live': core, 'rx-gemini-live/testing': testing, '@jest/globals': { expect }, rxjs, 'rxjs/testing': rxjsTesting };

describe('docs/conversations.md', () => {
  const marbles = docExamples(resolve(__dirname, '../..')).filter((example) => example.where.startsWith('docs/conversations.md') && example.code.includes('rxjs/testing'));

  it('has its turnMetrics marble example, and it passes', () => {
    expect(marbles).toHaveLength(1);
    const { outputText } = ts.transpileModule(marbles[0]?.code ?? '', {
      compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true },
    });
    const load = (specifier: string): unknown => modules[specifier];
    new Function('require', 'exports', outputText)(load, {});
  });
});
