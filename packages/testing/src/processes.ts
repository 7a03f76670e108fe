/**
 * Process-level fault tools: run a TypeScript entry point as a real child process, SIGKILL or SIGSTOP
 * it, restart it; and a TCP proxy that can cut a connection path (a network partition between a
 * process and Postgres) without touching the shared server.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { createServer, Socket, type Server } from 'node:net';

/** A TCP port on loopback that nothing listens on now (for a child service to take). */
export const freePort = (): Promise<number> =>
  new Promise<number>((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const address = srv.address();
      srv.close(() => (address !== null && typeof address === 'object' ? resolve(address.port) : reject(new Error('no port'))));
    });
  });

export type ChildHandle = {
  readonly pid: number;
  readonly child: ChildProcess;
  /** Resolves with the exit code (or the signal name) once the process ends. */
  readonly exited: Promise<number | string>;
  kill: (signal?: NodeJS.Signals) => Promise<number | string>;
  pause: () => void;
  resume: () => void;
  output: () => string;
};

/**
 * Forks `file` (TypeScript, run through tsx) with `env`, and resolves once the child sends
 * `{ ready: true }` over IPC. Children report progress with `process.send`.
 */
export const startChild = async (
  file: string,
  env: Record<string, string>,
  { readyTimeoutMs = 60_000 }: { readyTimeoutMs?: number } = {},
): Promise<ChildHandle> => {
  const child = fork(file, [], {
    env: { ...process.env, ...env },
    execArgv: ['--import', 'tsx'],
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
  });
  let out = '';
  const keep = (b: Buffer) => {
    out = (out + b.toString()).slice(-20_000);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const exited = new Promise<number | string>((resolve) =>
    child.once('exit', (code, signal) => resolve(code ?? signal ?? 'unknown')),
  );
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL'); // a child that never got ready must not linger (it may hold locks)
      reject(new Error(`child ${file} not ready after ${readyTimeoutMs} ms:\n${out}`));
    }, readyTimeoutMs);
    child.on('message', (m) => {
      if (typeof m === 'object' && m !== null && (m as { ready?: boolean }).ready) {
        clearTimeout(timer);
        resolve();
      }
    });
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`child ${file} exited (${code}) before ready:\n${out}`));
    });
  });
  if (child.pid === undefined) throw new Error('no pid');
  const pid = child.pid;
  return {
    pid,
    child,
    exited,
    kill: async (signal = 'SIGKILL') => {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      return exited;
    },
    pause: () => process.kill(pid, 'SIGSTOP'),
    resume: () => process.kill(pid, 'SIGCONT'),
    output: () => out,
  };
};

export type TcpProxy = {
  readonly port: number;
  /** Destroys open connections and refuses new ones (ECONNRESET / ECONNREFUSED for the client). */
  cut: () => void;
  restore: () => void;
  close: () => Promise<void>;
};

/** A TCP proxy on 127.0.0.1 to `target` (e.g. Postgres) that a test can cut and restore. */
export const startTcpProxy = async (targetHost: string, targetPort: number): Promise<TcpProxy> => {
  let open = true;
  const sockets = new Set<Socket>();
  const server: Server = createServer((client) => {
    if (!open) {
      client.destroy();
      return;
    }
    const upstream = new Socket();
    sockets.add(client);
    sockets.add(upstream);
    const drop = () => {
      client.destroy();
      upstream.destroy();
      sockets.delete(client);
      sockets.delete(upstream);
    };
    client.on('error', drop).on('close', drop);
    upstream.on('error', drop).on('close', drop);
    upstream.connect(targetPort, targetHost, () => {
      client.pipe(upstream);
      upstream.pipe(client);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('proxy has no port');
  return {
    port: address.port,
    cut: () => {
      open = false;
      for (const s of sockets) s.destroy();
      sockets.clear();
    },
    restore: () => {
      open = true;
    },
    close: async () => {
      open = false;
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
};

/**
 * CPU seconds (user + system) used so far by every process whose command is `comm` (`postgres`,
 * `java` for the broker): benchmarks report the CPU the database and the broker spend per unit of
 * work. Linux /proc; 0 where there is none.
 */
export const cpuSecondsOf = (comm: string): number => {
  let ticks = 0;
  let pids: string[];
  try {
    pids = readdirSync('/proc').filter((d) => /^\d+$/.test(d));
  } catch {
    return 0;
  }
  for (const pid of pids) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      if (stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')')) !== comm) continue;
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      ticks += Number(fields[11]) + Number(fields[12]); // utime + stime, in 1/100 s
    } catch {
      // the process ended meanwhile
    }
  }
  return ticks / 100;
};
