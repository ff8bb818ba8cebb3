import react from '@vitejs/plugin-react';
import { defineConfig, type TestProjectInlineConfiguration } from 'vitest/config';

/**
 * How long `expect.poll` waits for its condition by default (vitest's own default is 1 s): a condition met returns
 * at once, so the limit only decides when a wait counts as stuck, and a busy machine needs room.
 */
const pollUntil = (timeout: number) => ({ poll: { timeout, interval: 50 } });

/**
 * Test files that replace a module with `vi.mock` are named `*.isolated.test.ts(x)`: they run in a module registry
 * of their own (vitest's `isolate`), since a module another file already loaded would keep its real binding. Every
 * other file of a project shares one registry per worker (`isolate: false`): the app's modules are imported once
 * per worker instead of once per file, which took about 40 % of the unit lane's time. The tests start from state
 * they set up (their own emulator, data folder and services), so nothing a file leaves in a module is read by the
 * next; test/unit/toolchain/isolation.test.ts holds every `vi.mock` to the naming.
 */
const ISOLATED = '**/*.isolated.test.{ts,tsx}';

/** A project in two parts: the files that share a module registry, and `<name>-isolated`, those that may not. */
function shared(
  project: TestProjectInlineConfiguration & { test: { name: string } },
): TestProjectInlineConfiguration[] {
  const { test } = project;
  return [
    { ...project, test: { ...test, isolate: false, exclude: [...(test.exclude ?? []), ISOLATED] } },
    {
      ...project,
      test: {
        ...test,
        name: `${test.name}-isolated`,
        isolate: true,
        include: test.include?.map((glob) => glob.replace(/\.test\./, '.isolated.test.')),
      },
    },
  ];
}

export default defineConfig({
  test: {
    // The default report, then the ten slowest tests and files of the run.
    reporters: ['default', './test/support/slowest-reporter.ts'],
    // Two test files at a time (vitest's default leaves one core idle: cores - 1 = 1 worker here). Their tests wait
    // on the emulator and on I/O much of the time. The e2e project runs its files one at a time (below).
    maxWorkers: 2,
    projects: [
      ...shared({
        test: {
          name: 'unit',
          environment: 'node',
          include: [
            'test/unit/**/*.test.ts',
            'test/integration/**/*.test.ts',
            'test/security/**/*.test.ts',
            'test/reliability/**/*.test.ts',
          ],
          exclude: ['test/unit/renderer/**'],
          testTimeout: 30_000,
          expect: pollUntil(20_000),
        },
      }),
      ...shared({
        plugins: [react()],
        test: {
          name: 'renderer',
          environment: 'jsdom',
          include: ['test/unit/renderer/**/*.test.{ts,tsx}'],
          setupFiles: ['test/unit/renderer/setup.ts'],
          // Each test starts the app's real services and signs in at the emulator; the first render of a Fluent UI
          // view in jsdom takes seconds on a busy 2-core machine (it timed out at the default 5 s in a loaded CI run).
          testTimeout: 30_000,
          hookTimeout: 60_000,
          expect: pollUntil(20_000),
        },
      }),
      {
        test: {
          name: 'e2e',
          environment: 'node',
          include: ['test/e2e/**/*.e2e.test.ts'],
          testTimeout: 120_000,
          hookTimeout: 120_000,
          // As long as Playwright's own waits (30 s).
          expect: pollUntil(30_000),
          fileParallelism: false,
          // One module registry for every file (see ISOLATED): each file starts its own emulator, services, host and
          // browser, and the app's modules are imported once instead of once per file.
          isolate: false,
        },
      },
    ],
  },
});
