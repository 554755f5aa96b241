#!/usr/bin/env node
/**
 * Fails when a file of lib/ imports from a room above its own (DESIGN.md §5): each room imports only
 * from rooms listed before it, so the library reads bottom to top and no loop can form between rooms.
 *
 *   node scripts/check-layers.mjs [libDir]
 *
 * Every relative `import`/`export … from`/`import()` counts, type-only ones too: a type that runs up
 * a layer still tangles what users' editors load. Imports within one room are free.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';

/** The rooms, bottom first. Root files other than the entry points sit in the bottom room with errors.ts; util/ holds the small checks every room shares. */
const ROOMS = ['errors', 'util', 'transport', 'protocol', 'session', 'audio', 'operators', 'browser', 'angular', 'testing', 'entries', 'cli'];
const ENTRY_POINTS = new Set(['index.ts', 'node.ts', 'audio.ts', 'testing.ts', 'angular.ts', 'codecs.ts', 'browser.ts']);

const IMPORT = /(?:^|[\s;])(?:import|export)\s[^'"]*?from\s*['"](\.[^'"]*)['"]|(?:^|[\s;])import\s*['"](\.[^'"]*)['"]|\bimport\(\s*['"](\.[^'"]*)['"]\s*\)/g;

const libDir = resolve(process.argv[2] ?? 'lib');

function sourceFiles(dir) {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return name.endsWith('.ts') ? [path] : [];
  });
}

/** The room of a file of lib/, or undefined for a folder the layer order does not name. */
function roomOf(path) {
  const parts = relative(libDir, path).split(sep);
  if (parts.length === 1) {
    if (!ENTRY_POINTS.has(parts[0])) return 'errors';
    // An entry named after a room (audio.ts, browser.ts, …) publishes that room: it may reach no higher.
    const named = parts[0].slice(0, -'.ts'.length);
    return ROOMS.includes(named) ? named : 'entries';
  }
  return ROOMS.includes(parts[0]) ? parts[0] : undefined;
}

/** Comments may quote imports (doc examples): blank them out before reading the real ones. */
function withoutComments(text) {
  return text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:'"`])\/\/.*$/gm, '$1');
}

const problems = [];
for (const file of sourceFiles(libDir)) {
  const from = roomOf(file);
  const name = relative(libDir, file);
  if (from === undefined) {
    problems.push(`${name}: lib/${name.split(sep)[0]}/ is not a room of the layer order (add it to ROOMS and DESIGN.md §5)`);
    continue;
  }
  for (const match of withoutComments(readFileSync(file, 'utf8')).matchAll(IMPORT)) {
    const specifier = match[1] ?? match[2] ?? match[3];
    const target = resolve(dirname(file), specifier);
    if (!target.startsWith(libDir + sep)) continue;
    const to = roomOf(`${target}.ts`);
    if (to === undefined || ROOMS.indexOf(to) <= ROOMS.indexOf(from)) continue;
    problems.push(`${name} (${from}) imports '${specifier}' (${to}), a room above it`);
  }
}

if (problems.length > 0) {
  console.error(`Imports that run up a layer (order, bottom first: ${ROOMS.join(', ')}):`);
  for (const problem of problems) console.error(`  ${problem}`);
  process.exit(1);
}
console.log(`layers: no import runs up a layer (${ROOMS.join(' < ')})`);
