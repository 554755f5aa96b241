/**
 * `npm run bench -- --quick` works: every benchmark runs a few rounds and prints a table of numbers.
 * Only that they run is checked, never how fast: timings are the benchmarks' business
 * (docs/benchmarks.md), and this machine is shared.
 */
import { execFile } from 'node:child_process';
import { resolve } from 'node:path';

const root = resolve(__dirname, '../..');
/** Every table's title up to its colon, in order (the send benchmark gives two tables). */
const TITLES = ['Receive path', 'Send path', 'Send path before the socket', 'Added latency', 'Scale', 'Long session'];

function runQuick(): Promise<string> {
  return new Promise((resolvePromise, reject) => {
    execFile(
      process.execPath,
      [resolve(root, 'node_modules/tsx/dist/cli.mjs'), 'bench/run.ts', '--quick'],
      { cwd: root, timeout: 90_000, maxBuffer: 4 * 1024 * 1024 },
      (error, stdout, stderr) => (error === null ? resolvePromise(stdout) : reject(new Error(`${error.message}\n${stderr}`))),
    );
  });
}

describe('npm run bench -- --quick', () => {
  it('runs every benchmark and prints a table of numbers for each', async () => {
    const output = await runQuick();
    expect(output).toMatch(/^Machine: .+ cores, .+ Node v\d+/m);
    const sections = output.split(/^### /m).slice(1);
    expect(sections.map((section) => section.slice(0, section.indexOf(':')))).toEqual(TITLES);
    for (const section of sections) {
      const rows = section.split('\n').filter((line) => line.startsWith('| ') && !line.startsWith('| ---'));
      // A header and at least one row whose cells after the first hold a number.
      expect(rows.length).toBeGreaterThan(1);
      expect(rows.slice(1).some((row) => /\|\s*-?\d+(\.\d+)?(×|\+)?\s*\|/.test(row.slice(row.indexOf('|', 1))))).toBe(true);
    }
  }, 120_000);
});
