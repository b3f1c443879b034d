import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

export interface RunningServer {
  url: string;
  port: number;
  dataDir: string;
  stop(): Promise<void>;
}

/**
 * A free loopback port: any the OS gives, or one in TILSYN_E2E_PORTS ("45000-45999") when several
 * people share a machine and each keeps to their own range.
 */
export async function freePort(): Promise<number> {
  const range = /^(\d+)-(\d+)$/.exec(process.env.TILSYN_E2E_PORTS ?? '');
  if (!range) return listenOn(0);
  const [lo, hi] = [Number(range[1]), Number(range[2])];
  for (let attempt = 0; attempt < 50; attempt++) {
    const port = lo + Math.floor(Math.random() * (hi - lo + 1));
    const got = await listenOn(port).catch(() => null);
    if (got !== null) return got;
  }
  throw new Error(`no free port in TILSYN_E2E_PORTS=${process.env.TILSYN_E2E_PORTS}`);
}

function listenOn(wanted: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.listen(wanted, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
    srv.on('error', reject);
  });
}

/** Starts the real Tilsyn server (`tsx server/main.ts`) on a free loopback port with its own data folder. */
export async function startServer(env: Record<string, string> = {}, args: string[] = []): Promise<RunningServer> {
  const port = await freePort();
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'tilsyn-e2e-server-'));
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts', ...args], {
    cwd: path.resolve(import.meta.dirname, '../../..'),
    env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', TILSYN_DATA_DIR: dataDir, TILSYN_ADMIN_PASSWORD: 'admin-e2e-kodeord', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (d) => (output += d));
  child.stderr?.on('data', (d) => (output += d));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`Serveren stoppede: ${output}`);
    try {
      const res = await fetch(`${url}/api/health`);
      if (res.ok) break;
    } catch {
      /* not up yet */
    }
    if (Date.now() > deadline) throw new Error(`Serveren svarede ikke: ${output}`);
    await new Promise((r) => setTimeout(r, 150));
  }
  return {
    url,
    port,
    dataDir,
    stop: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}
