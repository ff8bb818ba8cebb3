/**
 * `npm test`: every check (type check, lint, build, unit and integration tests, e2e in random order, Electron
 * security lint, pack), stopping at the first that fails, then a table of how long each phase took, the CPU time
 * it used and the machine's load average before and after it (a 2-core machine shared with other work runs
 * slower: the table says how busy it was).
 *
 * Two lanes run side by side: the build and the e2e (which spend much of their time waiting on Chromium and the
 * emulator's latencies), and the checks that keep the cores busy (type check, lint, unit, security, pack). Within
 * a lane the phases run one after another. The e2e lane's output streams as it comes; each phase of the other lane
 * prints its output as one block when it ends. A failed phase stops the others (their process groups are ended)
 * and nothing further starts. `--serial` runs every phase one after another, as before.
 *
 * CPU time: the user + system time of every process of the phase (the command and everything it started,
 * Chromium included), read from /proc every half second; a process that lives less than that may be missed.
 *
 * Usage: npm test [-- --only <phase>[,<phase>...]] [-- --serial]
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import { loadavg } from 'node:os';
import path from 'node:path';

const root = path.resolve(__dirname, '..');
const vitest = path.join(root, 'node_modules/vitest/vitest.mjs');

interface Phase {
  name: string;
  command: string;
  args: string[];
  /** Phases of one lane run one after another; lanes run side by side. */
  lane: 'browser' | 'checks';
  /** Phases of the other lane that must have passed before this one starts. */
  after?: string[];
}

// In the order --serial runs them.
const PHASES: Phase[] = [
  { name: 'typecheck', command: 'npm', args: ['run', '--silent', 'typecheck'], lane: 'checks' },
  { name: 'lint', command: 'npm', args: ['run', '--silent', 'lint'], lane: 'checks' },
  { name: 'build', command: 'npm', args: ['run', '--silent', 'build'], lane: 'browser' },
  {
    name: 'unit',
    command: process.execPath,
    args: [vitest, 'run', '--project', 'unit*', '--project', 'renderer*'],
    lane: 'checks',
  },
  // The e2e files and the tests in them in random order, with the seed printed (replay: --sequence.seed=<seed>).
  {
    name: 'e2e',
    command: process.execPath,
    args: [vitest, 'run', '--project', 'e2e', '--sequence.shuffle'],
    lane: 'browser',
  },
  { name: 'security', command: 'npm', args: ['run', '--silent', 'test:security'], lane: 'checks' },
  // It packs what the build wrote.
  { name: 'pack', command: 'npm', args: ['run', '--silent', 'test:pack'], lane: 'checks', after: ['build'] },
];

const load = () =>
  loadavg()
    .map((n) => n.toFixed(1))
    .join(' ');

const TICKS_PER_SECOND = 100;

/** The CPU seconds (user + system) of a process tree, sampled from /proc while it runs. */
class CpuMeter {
  private readonly seen = new Map<number, number>();
  private readonly timer: NodeJS.Timeout;

  constructor(private readonly rootPid: number) {
    this.timer = setInterval(() => this.sample(), 500);
    this.timer.unref();
  }

  sample(): void {
    const parent = new Map<number, number>();
    const ticks = new Map<number, number>();
    let pids: string[];
    try {
      pids = readdirSync('/proc').filter((name) => /^\d+$/.test(name));
    } catch {
      return; // not Linux: no CPU column
    }
    for (const name of pids) {
      try {
        const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
        // The command name (field 2) may hold spaces and parentheses: the fields after its last ')'.
        const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
        parent.set(Number(name), Number(fields[1]));
        ticks.set(Number(name), Number(fields[11]) + Number(fields[12]));
      } catch {
        // ended between the listing and the read
      }
    }
    for (const [pid, used] of ticks) {
      let at: number | undefined = pid;
      for (let depth = 0; at !== undefined && at > 1 && depth < 64; depth++) {
        if (at === this.rootPid) {
          this.seen.set(pid, Math.max(used, this.seen.get(pid) ?? 0));
          break;
        }
        at = parent.get(at);
      }
    }
  }

  stop(): number | null {
    clearInterval(this.timer);
    if (this.seen.size === 0) return null;
    let total = 0;
    for (const used of this.seen.values()) total += used;
    return total / TICKS_PER_SECOND;
  }
}

interface Row {
  name: string;
  seconds: number;
  cpu: number | null;
  result: string;
  before: string;
  after: string;
}

const running = new Set<ChildProcess>();
let stopping = false;

function run(phase: Phase, stream: boolean): Promise<Row> {
  const before = load();
  const started = Date.now();
  console.log(`\n=== ${phase.name} started (load average ${before})`);
  return new Promise((resolve) => {
    const child = spawn(phase.command, phase.args, {
      cwd: root,
      stdio: stream ? 'inherit' : ['ignore', 'pipe', 'pipe'],
      // Its own process group, so that a failure elsewhere can end it with everything it started.
      detached: true,
      env: { ...process.env, ...(process.stdout.isTTY && !stream ? { FORCE_COLOR: '1' } : {}) },
    });
    running.add(child);
    const meter = child.pid ? new CpuMeter(child.pid) : null;
    const output: Buffer[] = [];
    child.stdout?.on('data', (chunk: Buffer) => output.push(chunk));
    child.stderr?.on('data', (chunk: Buffer) => output.push(chunk));
    const finish = (code: number) => {
      running.delete(child);
      meter?.sample();
      const row: Row = {
        name: phase.name,
        seconds: (Date.now() - started) / 1000,
        cpu: meter?.stop() ?? null,
        result: code === 0 ? 'passed' : stopping ? 'stopped' : `FAILED (${code})`,
        before,
        after: load(),
      };
      if (!stream) {
        console.log(`\n=== ${phase.name}: output`);
        process.stdout.write(Buffer.concat(output));
      }
      console.log(`=== ${phase.name} ${row.result} in ${row.seconds.toFixed(1)} s`);
      resolve(row);
    };
    child.on('error', (error) => {
      output.push(Buffer.from(`${String(error)}\n`));
      finish(1);
    });
    child.on('exit', (code, signal) => finish(code ?? (signal ? 128 : 1)));
  });
}

function stopAll(): void {
  stopping = true;
  for (const child of running) {
    try {
      if (child.pid) process.kill(-child.pid, 'SIGTERM');
    } catch {
      // already gone
    }
  }
}

async function main(): Promise<number> {
  const args = process.argv.slice(2);
  const onlyAt = args.indexOf('--only');
  const only = onlyAt >= 0 ? (args[onlyAt + 1] ?? '').split(',') : null;
  const serial = args.includes('--serial');
  const phases = only ? PHASES.filter((p) => only.includes(p.name)) : PHASES;
  const rows = new Map<string, Row>();
  const started = Date.now();
  let failed = 0;
  // Whether each phase passed, for the phases of another lane that wait on it (false once anything failed).
  const settle = new Map<string, (ok: boolean) => void>();
  const passed = new Map<string, Promise<boolean>>();
  for (const phase of phases) passed.set(phase.name, new Promise((resolve) => settle.set(phase.name, resolve)));

  async function runLane(lane: Phase[], stream: boolean): Promise<void> {
    for (const phase of lane) {
      const waits = (phase.after ?? []).flatMap((name) => passed.get(name) ?? []);
      if (!(await Promise.all(waits)).every(Boolean) || failed) break;
      const row = await run(phase, stream);
      rows.set(phase.name, row);
      settle.get(phase.name)!(row.result === 'passed');
      if (row.result !== 'passed') {
        if (!failed) failed = Number(/\d+/.exec(row.result)?.[0] ?? 1) || 1;
        stopAll();
        for (const resolve of settle.values()) resolve(false);
        break;
      }
    }
  }

  if (serial) await runLane(phases, true);
  else {
    const lanes = [phases.filter((p) => p.lane === 'browser'), phases.filter((p) => p.lane === 'checks')];
    // The first lane streams its output; the other prints a block per phase.
    await Promise.all(lanes.filter((lane) => lane.length > 0).map((lane, n) => runLane(lane, n === 0)));
  }

  console.log(
    `\n${serial ? 'one phase at a time' : 'two lanes side by side (build, e2e | typecheck, lint, unit, security, pack)'}`,
  );
  console.log('phase       seconds  CPU s  result       load average before → after (1, 5, 15 min)');
  for (const phase of phases) {
    const r = rows.get(phase.name);
    if (!r) {
      console.log(`${phase.name.padEnd(11)} ${'0.0'.padStart(7)}  ${''.padStart(5)}  not run`);
      continue;
    }
    console.log(
      `${r.name.padEnd(11)} ${r.seconds.toFixed(1).padStart(7)}  ${(r.cpu === null ? '' : r.cpu.toFixed(0)).padStart(5)}  ${r.result.padEnd(12)} ${r.before} → ${r.after}`,
    );
  }
  const cpu = [...rows.values()].reduce((sum, r) => sum + (r.cpu ?? 0), 0);
  console.log(
    `${'total'.padEnd(11)} ${((Date.now() - started) / 1000).toFixed(1).padStart(7)}  ${cpu.toFixed(0).padStart(5)}`,
  );
  return failed;
}

process.on('SIGINT', () => {
  stopAll();
  process.exit(130);
});
void main().then((code) => process.exit(code));
