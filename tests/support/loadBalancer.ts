/*
 * Debian's nginx running deploy/nginx/tilsyn.conf in front of real server processes, for the proxy
 * tests and the multi-process bench: the file's ports, upstream servers and certificate paths are
 * replaced by this run's (a self-signed certificate made with openssl). Every substitution must
 * match, so the file cannot drift from what is tested.
 */
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { request as httpsRequest } from 'node:https';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';

const NGINX = ['/usr/sbin/nginx', '/usr/bin/nginx'].find((p) => existsSync(p)) ?? null;
const OPENSSL = ['/usr/bin/openssl'].find((p) => existsSync(p)) ?? null;
const DEPLOY_FILE = path.resolve(import.meta.dirname, '../../deploy/nginx/tilsyn.conf');

/** Why the load balancer cannot run here (nginx or openssl missing), or null. */
export const LOAD_BALANCER_MISSING = !NGINX ? 'nginx er ikke installeret (apt-get install nginx)' : !OPENSSL ? 'openssl er ikke installeret' : null;

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

export interface NginxPorts {
  http: number;
  https: number;
}

/** deploy/nginx/tilsyn.conf with this run's backends, ports and certificate. */
export function deployConfigFor(backends: readonly number[], ports: NginxPorts, cert: string, key: string): string {
  let text = readFileSync(DEPLOY_FILE, 'utf8');
  const swap = (from: string | RegExp, to: string) => {
    const next = text.replace(from, to);
    if (next === text) throw new Error(`deploy/nginx/tilsyn.conf: "${String(from)}" findes ikke længere; ret tests/support/loadBalancer.ts og docs/deployment.md`);
    text = next;
  };
  // The file's upstream lines (one per process, 5173, 5174, …) become one per backend of this run.
  swap(/(\n\s*server 127\.0\.0\.1:517\d[^;]*;)+/, backends.map((p) => `\n    server 127.0.0.1:${p} max_fails=1 fail_timeout=5s;`).join(''));
  swap(/listen 80;/, `listen 127.0.0.1:${ports.http};`);
  swap(/listen 443 ssl http2;/, `listen 127.0.0.1:${ports.https} ssl http2;`);
  swap('/etc/letsencrypt/live/tilsyn.example.dk/fullchain.pem', cert);
  swap('/etc/letsencrypt/live/tilsyn.example.dk/privkey.pem', key);
  // The access log as the file writes it (buffered), beside the run's error log.
  swap('/var/log/nginx/tilsyn.access.log', path.join(path.dirname(cert), 'logs', 'access.log'));
  return text;
}

export interface RunningNginx {
  /** https://127.0.0.1:<port> */
  https: string;
  /** http://127.0.0.1:<port> (redirects only) */
  http: string;
  ports: NginxPorts;
  /** The master process (its workers are its children). */
  pid: number;
  /** The self-signed certificate to trust (PEM). */
  ca: string;
  /** nginx's own error log so far. */
  log(): string;
  stop(): Promise<void>;
}

export interface NginxOptions {
  /** Loopback ports of the server processes. */
  backends: readonly number[];
  ports?: NginxPorts;
  /** nginx worker processes (default 1) and connections per worker (default 64). */
  workers?: number;
  workerConnections?: number;
}

/** Starts nginx with the deployment file and waits until it answers over TLS. */
export async function startNginx(opts: NginxOptions): Promise<RunningNginx> {
  if (LOAD_BALANCER_MISSING) throw new Error(LOAD_BALANCER_MISSING);
  const dir = mkdtempSync(path.join(tmpdir(), 'tilsyn-nginx-'));
  const cert = path.join(dir, 'cert.pem');
  const key = path.join(dir, 'key.pem');
  execFileSync(OPENSSL!, [
    'req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-days', '1',
    '-subj', '/CN=localhost', '-addext', 'subjectAltName=DNS:localhost,IP:127.0.0.1', '-keyout', key, '-out', cert,
  ], { stdio: 'ignore' });
  const ca = readFileSync(cert, 'utf8');
  const ports = opts.ports ?? { http: await freePort(), https: await freePort() };

  mkdirSync(path.join(dir, 'logs'));
  writeFileSync(path.join(dir, 'tilsyn.conf'), deployConfigFor(opts.backends, ports, cert, key));
  const temp = ['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi'].map((t) => `${t}_temp_path ${path.join(dir, `${t}_temp`)};`).join('\n  ');
  const connections = opts.workerConnections ?? 64;
  writeFileSync(
    path.join(dir, 'nginx.conf'),
    `${process.getuid?.() === 0 ? 'user root;\n' : ''}worker_processes ${opts.workers ?? 1};
worker_rlimit_nofile ${connections * 2 + 64};
pid ${path.join(dir, 'nginx.pid')};
error_log ${path.join(dir, 'logs', 'error.log')} warn;
events { worker_connections ${connections}; }
http {
  # Debian logs to /var/log/nginx/access.log here; the file's HTTPS server writes its own (buffered) log.
  access_log off;
  ${temp}
  include ${path.join(dir, 'tilsyn.conf')};
}
`,
  );
  const nginx = spawn(NGINX!, ['-p', dir, '-c', path.join(dir, 'nginx.conf'), '-g', 'daemon off;'], { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  nginx.stderr?.on('data', (c: Buffer) => (output += c.toString()));
  const log = () => output + (existsSync(path.join(dir, 'logs', 'error.log')) ? readFileSync(path.join(dir, 'logs', 'error.log'), 'utf8') : '');
  const stop = async () => {
    if (nginx.exitCode === null && nginx.signalCode === null) {
      const exited = new Promise((r) => nginx.once('exit', r));
      nginx.kill('SIGQUIT');
      await exited;
    }
    rmSync(dir, { recursive: true, force: true });
  };
  const https = `https://127.0.0.1:${ports.https}`;
  for (let i = 0; ; i++) {
    try {
      await new Promise<void>((resolve, reject) => {
        const req = httpsRequest(`${https}/api/health`, { ca, servername: 'localhost' }, (res) => {
          res.resume();
          res.on('end', resolve);
        });
        req.on('error', reject);
        req.end();
      });
      break;
    } catch (error) {
      if (i > 100 || nginx.exitCode !== null) {
        const why = log() || String(error);
        await stop();
        throw new Error(`nginx startede ikke: ${why}`);
      }
      await new Promise((r) => setTimeout(r, 50));
    }
  }
  return { https, http: `http://127.0.0.1:${ports.http}`, ports, pid: nginx.pid!, ca, log, stop };
}
