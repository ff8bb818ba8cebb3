/**
 * A vitest reporter (beside the default one) that names the ten slowest tests of the run and the files that took
 * longest, so that a slow suite says where its time goes.
 */
import path from 'node:path';
import type { Reporter, TestModule } from 'vitest/node';

const SHOWN = 10;

export default class SlowestReporter implements Reporter {
  onTestRunEnd(testModules: ReadonlyArray<TestModule>): void {
    const tests: { seconds: number; name: string }[] = [];
    const files: { seconds: number; name: string }[] = [];
    for (const module of testModules) {
      const file = path.relative(process.cwd(), module.moduleId);
      files.push({ seconds: module.diagnostic().duration / 1000, name: `[${module.project.name}] ${file}` });
      for (const test of module.children.allTests()) {
        const duration = test.diagnostic()?.duration;
        if (duration !== undefined) tests.push({ seconds: duration / 1000, name: `${file} > ${test.fullName}` });
      }
    }
    if (tests.length === 0) return;
    const table = (title: string, rows: { seconds: number; name: string }[]) => {
      console.log(`\n${title}`);
      for (const row of rows.sort((a, b) => b.seconds - a.seconds).slice(0, SHOWN))
        console.log(`${row.seconds.toFixed(1).padStart(7)} s  ${row.name}`);
    };
    table(`The ${Math.min(SHOWN, tests.length)} slowest tests:`, tests);
    if (files.length > 1) table(`The ${Math.min(SHOWN, files.length)} slowest files:`, files);
  }
}
