import { execFileSync, spawnSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';

const BIN = '/usr/lib/postgresql/15/bin';

/**
 * A PostgreSQL cluster of a test's own (initdb into a temp folder, its own port), so a test can
 * stop and start it without touching the one other suites use. Runs as the `postgres` user.
 */
export interface ThrowawayCluster {
  url: string;
  stop(): void;
  start(): void;
  destroy(): void;
}

/** Why a throwaway cluster cannot be made here, or null. */
export function throwawayClusterUnavailable(): string | null {
  if (!existsSync(`${BIN}/initdb`)) return `${BIN}/initdb findes ikke (apt-get install postgresql-15)`;
  if (process.getuid?.() !== 0) return 'testen skal køre som root for at starte en klynge som brugeren postgres';
  if (spawnSync('id', ['-u', 'postgres']).status !== 0) return 'brugeren postgres findes ikke';
  return null;
}

const asPostgres = (cmd: string, args: string[]) => execFileSync('runuser', ['-u', 'postgres', '--', `${BIN}/${cmd}`, ...args], { stdio: 'pipe', timeout: 60_000 });

export async function throwawayCluster(): Promise<ThrowawayCluster> {
  const dir = mkdtempSync(path.join(tmpdir(), 'tilsyn-pg-'));
  chownSync(dir, Number(execFileSync('id', ['-u', 'postgres']).toString()), Number(execFileSync('id', ['-g', 'postgres']).toString()));
  const data = path.join(dir, 'data');
  const port = 56000 + Math.floor(Math.random() * 3000);
  asPostgres('initdb', ['-D', data, '-A', 'trust', '-U', 'postgres', '--no-sync', '-E', 'UTF8']);
  const start = () => {
    asPostgres('pg_ctl', ['-D', data, '-o', `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off`, '-l', path.join(dir, 'log'), '-w', 'start']);
  };
  const stop = () => {
    asPostgres('pg_ctl', ['-D', data, '-m', 'fast', '-w', 'stop']);
  };
  start();
  const admin = new pg.Client({ connectionString: `postgres://postgres@127.0.0.1:${port}/postgres` });
  await admin.connect();
  await admin.query('CREATE DATABASE tilsyn');
  await admin.end();
  return {
    url: `postgres://postgres@127.0.0.1:${port}/tilsyn`,
    stop,
    start,
    destroy: () => {
      try {
        stop();
      } catch {
        // already stopped
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
