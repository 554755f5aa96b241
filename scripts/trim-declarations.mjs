// Runs after tsup (`npm run build`): trims from `dist/*.d.ts` and `dist/*.d.cts` the doc-comment text
// that no editor shows, so users' editors read less without losing anything a hover displays.
// - `@category` tags: only TypeDoc reads them, and it runs on the sources in `lib/`.
// - Doc comments followed by another doc comment before their declaration: the bundler keeps each
//   source file's header comment in front of the file's first declaration, and TypeScript shows
//   only the last doc comment of a declaration (the earlier ones count only for `@overload`).
// Everything else (prose, `@since`, `@example`, `@deprecated`, `@internal`, `@throws`) stays.
import { Buffer } from 'node:buffer';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

/** A `@category` tag with its text (which may hold spaces), up to the next tag, the comment's end or the line's. */
const CATEGORY_TAG = /[ \t]*@category\b.*?(?=\s@\w|\s*\*\/|$)/g;

/** The doc comment without its `@category` tags, or `''` when nothing else was in it. */
function withoutCategory(comment) {
  if (!comment.includes('@category')) return comment;
  const lines = [];
  for (const line of comment.split('\n')) {
    const stripped = line.replace(CATEGORY_TAG, '');
    // A line that held only the tag goes with it.
    if (stripped !== line && /^\s*\*?\s*$/.test(stripped)) continue;
    lines.push(stripped);
  }
  // Blank lines left between the prose and the closing `*/` go too.
  while (lines.length > 2 && /^\s*\*\s*$/.test(lines[lines.length - 2] ?? '') && /^\s*\*\/$/.test(lines[lines.length - 1] ?? '')) {
    lines.splice(lines.length - 2, 1);
  }
  const trimmed = lines.join('\n').replace(/^\/\*\*\s+/, (opening) => (opening.includes('\n') ? opening : '/** '));
  return /^\/\*\*\s*\*\/$/.test(trimmed) ? '' : trimmed;
}

/** The ranges `[start, end)` of doc comments TypeScript never shows: all but the last before a node. */
function hiddenDocComments(file) {
  const ranges = [];
  const visit = (node) => {
    // `jsDoc` is the parser's list of the doc comments in front of a node.
    const docs = node.jsDoc ?? [];
    for (const doc of docs.slice(0, -1)) {
      const overloads = (doc.tags ?? []).some((tag) => tag.tagName.escapedText === 'overload');
      if (!overloads) ranges.push([doc.getStart(file), doc.end]);
    }
    ts.forEachChild(node, visit);
  };
  visit(file);
  return ranges;
}

/** Every doc comment in the file as the parser reads it (never a `/**` inside a string), in order. */
function docComments(file) {
  const found = new Map();
  const visit = (node) => {
    for (const range of [...(ts.getLeadingCommentRanges(file.text, node.pos) ?? []), ...(ts.getTrailingCommentRanges(file.text, node.end) ?? [])]) {
      if (file.text.startsWith('/**', range.pos) && range.kind === ts.SyntaxKind.MultiLineCommentTrivia) found.set(range.pos, range.end);
    }
    for (const child of node.getChildren(file)) visit(child);
  };
  visit(file);
  return [...found].sort(([a], [b]) => a - b);
}

/** The declaration text with hidden doc comments removed and `@category` tags stripped. */
function trimDeclarations(fileName, text) {
  const file = ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, true);
  const hidden = new Set(hiddenDocComments(file).map(([start]) => start));
  let out = '';
  let at = 0;
  for (const [start, end] of docComments(file)) {
    const comment = text.slice(start, end);
    const replacement = hidden.has(start) ? '' : withoutCategory(comment);
    if (replacement === comment) continue;
    if (replacement === '') {
      // Drop the comment's own lines, indentation and line break included.
      const lineStart = text.lastIndexOf('\n', start - 1) + 1;
      const lineEnd = text.indexOf('\n', end);
      const ownLines = /^[ \t]*$/.test(text.slice(lineStart, start)) && lineEnd !== -1 && /^[ \t]*$/.test(text.slice(end, lineEnd));
      out += text.slice(at, ownLines ? lineStart : start);
      at = ownLines ? lineEnd + 1 : end;
    } else {
      out += text.slice(at, start) + replacement;
      at = end;
    }
  }
  const trimmed = out + text.slice(at);
  const syntaxErrors = (source) => ts.createSourceFile(fileName, source, ts.ScriptTarget.Latest).parseDiagnostics?.length ?? 0;
  if (syntaxErrors(trimmed) > syntaxErrors(text)) throw new Error(`trim-declarations: trimming ${fileName} broke its syntax`);
  return trimmed;
}

// `node scripts/trim-declarations.mjs [dir]`: `dist/` unless another folder is given (the spec's).
const dist = resolve(process.argv[2] ?? join(dirname(fileURLToPath(import.meta.url)), '..', 'dist'));
let before = 0;
let after = 0;
for (const name of readdirSync(dist).filter((entry) => /\.d\.c?ts$/.test(entry))) {
  const path = join(dist, name);
  const text = readFileSync(path, 'utf8');
  const trimmed = trimDeclarations(name, text);
  before += Buffer.byteLength(text);
  after += Buffer.byteLength(trimmed);
  if (trimmed !== text) writeFileSync(path, trimmed);
}
console.log(`trim-declarations: ${relative(process.cwd(), dist) || '.'}/*.d.ts and *.d.cts ${(before / 1000).toFixed(1)} KB → ${(after / 1000).toFixed(1)} KB`);
