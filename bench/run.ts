/**
 * `npm run bench`: runs the benchmarks, prints their tables, and refreshes `docs/benchmarks.md`
 * (between its `bench:results` markers; the prose around them is written by hand).
 *
 *   npm run bench                      builds the package, runs all five, full size, writes the doc
 *   npm run bench -- receive latency   only those (the doc is not written for a partial run)
 *   npm run bench -- --quick           a few rounds of each, to check they work (no doc)
 *
 * Every benchmark runs in this one process against the emulator on a worker thread (127.0.0.1).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { type BenchSettings, machineLine, markdownTable, type ResultTable } from './harness';
import { latencyBenchmark } from './latency';
import { longSessionBenchmark } from './longSession';
import { receiveBenchmark } from './receive';
import { scaleBenchmark } from './scale';
import { sendBenchmark } from './send';
import { OURS_FROM } from './ours';

/** Each benchmark gives one table, or several (the send path: over sockets, then before them). */
const BENCHMARKS: Record<string, (settings: BenchSettings) => Promise<ResultTable | ResultTable[]>> = {
  receive: receiveBenchmark,
  send: sendBenchmark,
  latency: latencyBenchmark,
  scale: scaleBenchmark,
  long: longSessionBenchmark,
};

const DOC = fileURLToPath(new URL('../docs/benchmarks.md', import.meta.url));
const START = '<!-- bench:results:start -->';
const END = '<!-- bench:results:end -->';

const args = process.argv.slice(2);
const quick = args.includes('--quick');
const chosen = args.filter((arg) => !arg.startsWith('--'));
const unknown = chosen.filter((name) => !(name in BENCHMARKS));
if (unknown.length > 0) {
  console.error(`unknown benchmark ${unknown.join(', ')}; choose from ${Object.keys(BENCHMARKS).join(', ')}`);
  process.exit(2);
}
const names = chosen.length > 0 ? chosen : Object.keys(BENCHMARKS);
const machine = `${machineLine()}; ${OURS_FROM}`;
const started = new Date();
console.log(`Machine: ${machine}${quick ? ' (quick run)' : ''}\n`);

const sections: string[] = [];
for (const name of names) {
  const run = BENCHMARKS[name] as (settings: BenchSettings) => Promise<ResultTable | ResultTable[]>;
  const began = performance.now();
  const result = await run({ quick });
  const tables = Array.isArray(result) ? result : [result];
  const parts = tables.map((table) => [`### ${table.title}`, '', markdownTable(table), '', ...table.notes.map((note) => `- ${note}`)].join('\n'));
  sections.push(...parts);
  console.log(`${parts.join('\n\n')}\n- (${((performance.now() - began) / 1000).toFixed(1)} s)\n`);
}

if (!quick && chosen.length === 0) {
  const doc = readFileSync(DOC, 'utf8');
  const from = doc.indexOf(START);
  const to = doc.indexOf(END);
  if (from < 0 || to < from) throw new Error(`${DOC} lacks the ${START} … ${END} markers`);
  const results = [
    START,
    '',
    `Measured ${started.toISOString().slice(0, 16).replace('T', ' ')} UTC by \`npm run bench\` on: ${machine}.`,
    '',
    ...sections.flatMap((section) => [section, '']),
    END,
  ].join('\n');
  writeFileSync(DOC, `${doc.slice(0, from)}${results}${doc.slice(to + END.length)}`);
  console.log(`Wrote ${DOC}`);
}
