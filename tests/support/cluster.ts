/*
 * Several real server processes (server/main.ts) on one PostgreSQL database behind Debian's nginx
 * running deploy/nginx/tilsyn.conf: the setup of docs/deployment.md §4, for the multi-process test
 * and bench. The processes are started at the same moment, so they also race for the migrations.
 */
import type { ChildProcess } from 'node:child_process';
import { startServerProcess } from '../bench/support/serverProcess';
import { startNginx, type NginxPorts, type RunningNginx } from './loadBalancer';

export interface ServerProcess {
  port: number;
  /** http://127.0.0.1:<port>, the process itself, past the load balancer. */
  base: string;
  child: ChildProcess;
  /** Its stdout so far (startup lines, and one JSON line per request at log level info). */
  output(): string;
}

export interface Cluster {
  /** The load balancer: clients go through `lb.https`. */
  lb: RunningNginx;
  processes: ServerProcess[];
  stop(): Promise<void>;
}

export interface ClusterOptions {
  /** DATABASE_URL of every process. */
  databaseUrl: string;
  processes: number;
  /** Extra environment of the processes (e.g. TILSYN_LOG_LEVEL). */
  env?: Record<string, string>;
  /** Fixed ports (a bench in its own port range); default free ones. */
  ports?: NginxPorts & { backends: number[] };
  nginxWorkers?: number;
  workerConnections?: number;
}

export async function startCluster(opts: ClusterOptions): Promise<Cluster> {
  const env = { DATABASE_URL: opts.databaseUrl, TILSYN_TRUSTED_PROXIES: '127.0.0.1', ...opts.env };
  const started = await Promise.allSettled(
    Array.from({ length: opts.processes }, async (_, i) => {
      const p = await startServerProcess(env, opts.ports?.backends[i]);
      let out = '';
      p.child.stdout!.on('data', (b: Buffer) => {
        // Kept short: a long run at log level info would otherwise fill the memory.
        if (out.length < 4_000_000) out += b.toString();
      });
      return { ...p, output: () => out };
    }),
  );
  const processes = started.flatMap((s) => (s.status === 'fulfilled' ? [s.value] : []));
  const stopProcesses = () =>
    Promise.all(
      processes.map(async (p) => {
        if (p.child.exitCode !== null || p.child.signalCode !== null) return;
        const exited = new Promise((r) => p.child.once('exit', r));
        p.child.kill('SIGTERM');
        await exited;
      }),
    );
  const failed = started.find((s) => s.status === 'rejected');
  if (failed) {
    await stopProcesses();
    throw (failed as PromiseRejectedResult).reason;
  }
  let lb: RunningNginx;
  try {
    lb = await startNginx({ backends: processes.map((p) => p.port), ports: opts.ports, workers: opts.nginxWorkers, workerConnections: opts.workerConnections });
  } catch (error) {
    await stopProcesses();
    throw error;
  }
  return {
    lb,
    processes,
    stop: async () => {
      await lb.stop();
      await stopProcesses();
    },
  };
}
