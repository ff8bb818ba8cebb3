/**
 * `npm test`: every check in turn (type check, lint, build, unit and integration tests, e2e in random order,
 * Electron security lint, pack), stopping at the first that fails, then a table of how long each phase took and the
 * machine's load average before and after it (a 2-core machine shared with other work runs slower: the table says
 * how busy it was).
 *
 * Usage: npm test [-- --only <phase>[,<phase>...]]
 */
import { spawn } from 'node:child_process';
import { loadavg } from 'node:os';
import path from 'node:path';

const root = path.resolve(__dirname, '..');
const vitest = path.join(root, 'node_modules/vitest/vitest.mjs');

interface Phase {
  name: string;
  command: string;
  args: string[];
}

const PHASES: Phase[] = [
  { name: 'typecheck', command: 'npm', args: ['run', '--silent', 'typecheck'] },
  { name: 'lint', command: 'npm', args: ['run', '--silent', 'lint'] },
  { name: 'build', command: 'npm', args: ['run', '--silent', 'build'] },
  { name: 'unit', command: process.execPath, args: [vitest, 'run', '--project', 'unit', '--project', 'renderer'] },
  // The e2e files and the tests in them in random order, with the seed printed (replay: --sequence.seed=<seed>).
  { name: 'e2e', command: process.execPath, args: [vitest, 'run', '--project', 'e2e', '--sequence.shuffle'] },
  { name: 'security', command: 'npm', args: ['run', '--silent', 'test:security'] },
  { name: 'pack', command: 'npm', args: ['run', '--silent', 'test:pack'] },
];

const load = () =>
  loadavg()
    .map((n) => n.toFixed(1))
    .join(' ');

function run(phase: Phase): Promise<number> {
  return new Promise((resolve) => {
    const child = spawn(phase.command, phase.args, { cwd: root, stdio: 'inherit' });
    child.on('error', (error) => {
      console.error(error);
      resolve(1);
    });
    child.on('exit', (code, signal) => resolve(code ?? (signal ? 128 : 1)));
  });
}

async function main(): Promise<number> {
  const onlyAt = process.argv.indexOf('--only');
  const only = onlyAt >= 0 ? (process.argv[onlyAt + 1] ?? '').split(',') : null;
  const phases = only ? PHASES.filter((p) => only.includes(p.name)) : PHASES;
  const rows: { name: string; seconds: number; result: string; before: string; after: string }[] = [];
  const started = Date.now();
  let failed = 0;
  for (const phase of phases) {
    const before = load();
    console.log(`\n=== ${phase.name} (load average ${before})`);
    const t0 = Date.now();
    const code = await run(phase);
    rows.push({
      name: phase.name,
      seconds: (Date.now() - t0) / 1000,
      result: code === 0 ? 'passed' : `FAILED (${code})`,
      before,
      after: load(),
    });
    if (code !== 0) {
      failed = code;
      break;
    }
  }
  for (const phase of phases.slice(rows.length))
    rows.push({ name: phase.name, seconds: 0, result: 'not run', before: '', after: '' });
  console.log('\nphase       seconds  result       load average before → after (1, 5, 15 min)');
  for (const r of rows)
    console.log(
      `${r.name.padEnd(11)} ${r.seconds.toFixed(1).padStart(7)}  ${r.result.padEnd(12)} ${r.before ? `${r.before} → ${r.after}` : ''}`,
    );
  console.log(`${'total'.padEnd(11)} ${((Date.now() - started) / 1000).toFixed(1).padStart(7)}`);
  return failed;
}

process.on('SIGINT', () => process.exit(130));
void main().then((code) => process.exit(code));
