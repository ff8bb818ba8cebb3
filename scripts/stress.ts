/**
 * `npm run test:stress`: the end-to-end tests beside a CPU hog, in random order, three times in a row.
 *
 * The hog is four busy-looping worker threads per core, inside this process: whatever way this script ends
 * (success, a failed run, Ctrl+C, SIGTERM, an exception, even SIGKILL) the hog ends with it, and it is also stopped
 * explicitly before the summary. Each run shuffles the e2e files and the tests inside them with its own seed, printed
 * so that a failure can be replayed (`npx vitest run --project e2e --sequence.shuffle --sequence.seed=<seed>`).
 *
 * Usage: npm run test:stress [-- --runs N] [-- <e2e test files>]
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { availableParallelism } from 'node:os';
import path from 'node:path';
import { Worker } from 'node:worker_threads';

const root = path.resolve(__dirname, '..');
const args = process.argv.slice(2);
let runs = 3;
const files: string[] = [];
for (let i = 0; i < args.length; i++) {
  if (args[i] === '--runs') runs = Number(args[++i]);
  else files.push(args[i]!);
}
if (!Number.isInteger(runs) || runs < 1) throw new Error('--runs takes a whole number of runs, 1 or more');

const workersPerCore = 4;
const hogCount = workersPerCore * availableParallelism();
let hog: Worker[] = [];
let child: ChildProcess | null = null;

function startHog(): void {
  hog = Array.from(
    { length: hogCount },
    () => new Worker('let n = 0; for (;;) { n = (n + 1) % 1e9; }', { eval: true }),
  );
  for (const worker of hog) worker.unref();
}

async function stopHog(): Promise<void> {
  const stopping = hog.splice(0);
  await Promise.all(stopping.map((worker) => worker.terminate()));
}

function stopEverything(signal: NodeJS.Signals): void {
  child?.kill(signal);
  void stopHog().finally(() => process.exit(130));
}
process.on('SIGINT', () => stopEverything('SIGINT'));
process.on('SIGTERM', () => stopEverything('SIGTERM'));

function runOnce(seed: number): Promise<number> {
  return new Promise((resolve, reject) => {
    child = spawn(
      process.execPath,
      [
        path.join(root, 'node_modules/vitest/vitest.mjs'),
        'run',
        '--project',
        'e2e',
        '--sequence.shuffle',
        `--sequence.seed=${seed}`,
        ...files,
      ],
      { cwd: root, stdio: 'inherit', env: { ...process.env, FORCE_COLOR: process.env['FORCE_COLOR'] ?? '1' } },
    );
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      child = null;
      resolve(code ?? (signal ? 128 : 1));
    });
  });
}

const loadavg = () =>
  (spawnSync('cat', ['/proc/loadavg'], { encoding: 'utf8' }).stdout ?? '').split(' ').slice(0, 3).join(' ');

async function main(): Promise<number> {
  console.log('stress: building the app once (npm run build)');
  const build = spawnSync('npm', ['run', 'build'], { cwd: root, stdio: 'inherit' });
  if (build.status !== 0) return build.status ?? 1;

  const results: { run: number; seed: number; code: number; seconds: number; load: string }[] = [];
  startHog();
  try {
    console.log(`stress: ${hogCount} busy-loop workers (${workersPerCore} per core) are running`);
    for (let run = 1; run <= runs; run++) {
      const seed = Math.floor(Math.random() * 1_000_000_000);
      console.log(`\nstress: run ${run} of ${runs}, seed ${seed}, load average ${loadavg()}`);
      const started = Date.now();
      const code = await runOnce(seed);
      const seconds = Math.round((Date.now() - started) / 1000);
      results.push({ run, seed, code, seconds, load: loadavg() });
      console.log(`stress: run ${run} ${code === 0 ? 'passed' : `FAILED (exit ${code})`} in ${seconds} s`);
    }
  } finally {
    await stopHog();
  }
  console.log('\nstress: the hog is stopped. Results:');
  console.log('run  result  seconds  seed        load average after');
  for (const r of results)
    console.log(
      `${String(r.run).padEnd(4)} ${(r.code === 0 ? 'passed' : 'FAILED').padEnd(7)} ${String(r.seconds).padStart(7)}  ${String(r.seed).padEnd(11)} ${r.load}`,
    );
  return results.every((r) => r.code === 0) ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  async (error: unknown) => {
    console.error(error);
    await stopHog();
    process.exit(1);
  },
);
