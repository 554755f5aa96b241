import { readFileSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';

/** A fenced TypeScript block from a Markdown file. */
export interface DocExample {
  /** `docs/getting-started.md:42`, for messages. */
  readonly where: string;
  readonly code: string;
}

const FENCE = /^```(ts|typescript)([^\n]*)\n([\s\S]*?)^```/gm;

/**
 * Every ```ts block of the README and `docs/*.md`, except those whose fence says `ts skip-check`
 * (for deliberately incomplete fragments).
 */
export function docExamples(root: string): DocExample[] {
  const files = ['README.md', ...readdirSync(join(root, 'docs')).filter((name) => name.endsWith('.md')).map((name) => join('docs', name))];
  const examples: DocExample[] = [];
  for (const file of files) {
    const text = readFileSync(join(root, file), 'utf8');
    for (const match of text.matchAll(FENCE)) {
      if ((match[2] ?? '').includes('skip-check')) continue;
      const line = text.slice(0, match.index).split('\n').length;
      examples.push({ where: `${relative(root, join(root, file))}:${line}`, code: match[3] ?? '' });
    }
  }
  return examples;
}
