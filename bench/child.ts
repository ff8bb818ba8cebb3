/**
 * A child process of the benchmark spoken to over Node's IPC channel, one request at a time: `request` sends
 * a message and resolves with the next reply (rejects on an `error` reply or when the child dies).
 */
import { fork, type ChildProcess } from 'node:child_process';
import path from 'node:path';

export interface Child<Request, Reply> {
  readonly pid: number;
  request(message: Request): Promise<Reply>;
  /** Sends `closeMessage` and waits for the exit (kills the child after `graceMs`). */
  close(closeMessage: Request, graceMs?: number): Promise<void>;
}

/** Forks `script` (a .ts file, relative to this folder) under tsx, with `args`. */
export function forkChild<Request, Reply extends { type: string }>(
  script: string,
  options: { execArgv?: string[]; args?: string[] } = {},
): Child<Request, Reply> {
  const child: ChildProcess = fork(path.join(__dirname, script), options.args ?? [], {
    execArgv: ['--import', 'tsx', ...(options.execArgv ?? [])],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  let waiting: { resolve(reply: Reply): void; reject(error: Error): void } | null = null;
  let exited = false;
  child.on('message', (message: Reply) => {
    const current = waiting;
    waiting = null;
    if (!current) return;
    if (message.type === 'error') current.reject(new Error((message as { message?: string }).message ?? 'error'));
    else current.resolve(message);
  });
  child.on('exit', (code, signal) => {
    exited = true;
    const current = waiting;
    waiting = null;
    current?.reject(new Error(`${script} exited (${signal ?? code}) before it answered`));
  });
  return {
    pid: child.pid ?? -1,
    request(message) {
      if (waiting) return Promise.reject(new Error(`${script}: one request at a time`));
      if (exited) return Promise.reject(new Error(`${script} is not running`));
      return new Promise<Reply>((resolve, reject) => {
        waiting = { resolve, reject };
        child.send(message as object);
      });
    },
    async close(closeMessage, graceMs = 5_000) {
      if (exited) return;
      const gone = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      child.send(closeMessage as object);
      const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
      await gone;
      clearTimeout(timer);
    },
  };
}
