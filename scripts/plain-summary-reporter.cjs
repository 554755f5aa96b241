// Jest reporter that ends the run with one plain line, `tests: N passed, N failed`, which CI reads
// as the run's closing line whatever the runner.
class PlainSummaryReporter {
  onRunComplete(_contexts, results) {
    const skipped = results.numPendingTests + results.numTodoTests;
    const tail = skipped > 0 ? `, ${skipped} skipped` : '';
    process.stdout.write(`tests: ${results.numPassedTests} passed, ${results.numFailedTests} failed${tail}\n`);
  }
}

module.exports = PlainSummaryReporter;
