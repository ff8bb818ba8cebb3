import react from '@vitejs/plugin-react';
import { defineConfig } from 'vitest/config';

/**
 * How long `expect.poll` waits for its condition by default (vitest's own default is 1 s): a condition met returns
 * at once, so the limit only decides when a wait counts as stuck, and a busy machine needs room.
 */
const pollUntil = (timeout: number) => ({ poll: { timeout, interval: 50 } });

export default defineConfig({
  test: {
    // The default report, then the ten slowest tests and files of the run.
    reporters: ['default', './test/support/slowest-reporter.ts'],
    // Two test files at a time (vitest's default leaves one core idle: cores - 1 = 1 worker here). Their tests wait
    // on the emulator and on I/O much of the time. The e2e project runs its files one at a time (below).
    maxWorkers: 2,
    projects: [
      {
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
      },
      {
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
      },
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
        },
      },
    ],
  },
});
