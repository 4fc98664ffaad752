// Prints every suite's duration after the run, slowest first, so a slow suite shows in CI's log
// without rerunning anything (jest's own output names only suites over five seconds).
class TimingsReporter {
  onRunComplete(_contexts, results) {
    const rows = results.testResults
      .map((suite) => ({ file: suite.testFilePath.replace(`${process.cwd()}/`, ''), seconds: (suite.perfStats.end - suite.perfStats.start) / 1000 }))
      .sort((a, b) => b.seconds - a.seconds);
    const total = rows.reduce((sum, row) => sum + row.seconds, 0);
    const lines = rows.map((row) => `${row.seconds.toFixed(1).padStart(7)} s  ${row.file}`);
    process.stdout.write(`\nSuite timings (${rows.length} suites, ${total.toFixed(0)} s of suite time over ${((Date.now() - results.startTime) / 1000).toFixed(0)} s):\n${lines.join('\n')}\n`);
  }
}

module.exports = TimingsReporter;
