/**
 * Compressed API answers (server/compression.ts) on a first full pull: the server as its own
 * process (SQLite) on the app first-pull bench's database (N institutions × 10 years, 100 records
 * per institution; default 4,000 = 400,000 records), pulled page by page as the app pulls (2,000
 * records a page) by three clients that differ only in the Accept-Encoding they send:
 *   - none (identity): the bytes before compression;
 *   - Chromium over HTTPS ("gzip, deflate, br, zstd"): the desktop app against a real server → br;
 *   - Chromium over plain HTTP, and Node's fetch ("gzip, deflate") → gzip.
 * Prints the bytes on the wire with their share of the unpacked bytes (budget: at most 15 %), the
 * time those bytes take over a 10 Mbit/s link (computed from the bytes, not measured), and the CPU
 * per unpacked MB of the compression: the server's settings (server/compression.ts) on the pulled
 * pages, page by page (budget < 4 ms per MB, about what brotli's quality 4 costs), with the
 * server's own CPU over the whole pull beside it (/proc/<pid>/stat), with and without compression.
 * Every unpacked page is checked to be the same bytes as the uncompressed one, and every page from
 * the threshold on to come compressed (and none under it).
 *
 *   npx tsx tests/bench/compression.ts [institutions]   (or npm run bench -- --only compression)
 *   BENCH_COMPRESSION_ROUNDS (default 2): pulls per client, alternating.
 */
import { Agent, request } from 'node:http';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { brotliCompressSync, gzipSync } from 'node:zlib';
import { API_COMPRESSION, COMPRESSION_THRESHOLD } from '../../server/compression';
import { MAX_PULL_LIMIT, PROTOCOL_VERSION } from '../../shared/sync/wire';
import { DEVICE_ACCEPT_ENCODING, unpacked } from '../support/wireClient';
import { seededServer } from './appFirstPull';
import { BENCH_PORT, BENCH_SERVER_PASSWORD, startBenchServer } from './support/appProfile';
import { report, sample } from './support/report';

const MBIT = 10;
const SHARE_BUDGET = 0.15;
const CPU_PER_MB_BUDGET_MS = 4;
const MB = 1024 * 1024;

const CLIENTS = [
  { name: 'ukomprimeret', header: 'identity', expect: undefined },
  { name: 'br (Chromium over HTTPS)', header: DEVICE_ACCEPT_ENCODING, expect: 'br' },
  { name: 'gzip (Chromium over HTTP, Nodes fetch)', header: 'gzip, deflate', expect: 'gzip' },
] as const;

/** CPU seconds (user + system) a process has used, from /proc (Linux). */
function cpuSeconds(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

function get(agent: Agent, url: string, headers: Record<string, string>): Promise<{ status: number; encoding: string | undefined; body: Buffer }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { agent, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, encoding: res.headers['content-encoding'], body: Buffer.concat(chunks) }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}

interface PullRun {
  pages: number;
  /** Bytes as sent, and unpacked. */
  wire: number;
  raw: number;
  serverCpu: number;
  /** The client's CPU to unpack (ms). */
  unpackMs: number;
  /** sha1 of the unpacked pages, in order. */
  digest: string;
  /** Pages that came with another encoding than asked for: compressed under the threshold, or not compressed above it. */
  wrongEncoding: number;
  /** The unpacked pages, when asked for. */
  kept: Buffer[];
}

async function pullAll(base: string, pid: number, token: string, client: (typeof CLIENTS)[number], keep = false): Promise<PullRun> {
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  const hash = createHash('sha1');
  const run: PullRun = { pages: 0, wire: 0, raw: 0, serverCpu: 0, unpackMs: 0, digest: '', wrongEncoding: 0, kept: [] };
  const cpu0 = cpuSeconds(pid);
  try {
    let cursor = 0;
    for (;;) {
      const res = await get(agent, `${base}/api/sync/pull?v=${PROTOCOL_VERSION}&cursor=${cursor}&limit=${MAX_PULL_LIMIT}`, { authorization: `Bearer ${token}`, 'accept-encoding': client.header });
      if (res.status !== 200) throw new Error(`pull: ${res.status} ${res.body.toString().slice(0, 200)}`);
      const c0 = process.cpuUsage();
      const body = unpacked(res.body, res.encoding);
      const c = process.cpuUsage(c0);
      run.unpackMs += (c.user + c.system) / 1000;
      if (res.encoding !== (body.length >= COMPRESSION_THRESHOLD ? client.expect : undefined)) run.wrongEncoding++;
      run.pages++;
      run.wire += res.body.length;
      run.raw += body.length;
      hash.update(body);
      if (keep) run.kept.push(body);
      const page = JSON.parse(body.toString('utf8')) as { nextCursor: number; hasMore: boolean };
      cursor = page.nextCursor;
      if (!page.hasMore) break;
    }
  } finally {
    agent.destroy();
  }
  run.serverCpu = cpuSeconds(pid) - cpu0;
  run.digest = hash.digest('hex');
  return run;
}

export async function runCompressionBench(institutions = Number(process.env.BENCH_COMPRESSION_INSTITUTIONS ?? 4000)) {
  const rounds = Number(process.env.BENCH_COMPRESSION_ROUNDS ?? 2);
  console.log(`\nKomprimerede API-svar: første fulde pull, ${institutions} inst. × 10 år, sider à ${MAX_PULL_LIMIT} poster (serveren som egen proces, SQLite; CPU fra /proc, maskinen deles)`);
  const server = await startBenchServer(Number(process.env.TILSYN_BENCH_COMPRESSION_PORT) || BENCH_PORT + 3, await seededServer(institutions));
  try {
    const login = await fetch(`${server.url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'admin', password: BENCH_SERVER_PASSWORD }) });
    if (!login.ok) throw new Error(`login: ${login.status} ${await login.text()}`);
    const { token } = (await login.json()) as { token: string };
    // Warm (the server's compiled queries, the database in memory), keeping the pages for the CPU figure.
    const pages = (await pullAll(server.url, server.pid, token, CLIENTS[0], true)).kept;
    const runs = new Map<string, PullRun[]>(CLIENTS.map((c) => [c.header, []]));
    for (let r = 0; r < rounds; r++) {
      // Alternating, so drift in the machine's load falls on every client alike.
      const order = r % 2 === 0 ? CLIENTS : [...CLIENTS].reverse();
      for (const c of order) runs.get(c.header)!.push(await pullAll(server.url, server.pid, token, c));
    }
    const plain = runs.get('identity')!;
    const raw = plain[0]!.raw;
    const rawMb = raw / MB;
    const plainCpu = plain.reduce((n, r) => n + r.serverCpu, 0) / plain.length;
    const seconds = (bytes: number) => (bytes * 8) / (MBIT * 1e6);
    console.log(
      `    ukomprimeret: ${plain[0]!.pages} sider, ${rawMb.toFixed(1)} MB (${(raw / plain[0]!.pages / 1024).toFixed(0)} KB pr. side), ${seconds(raw).toFixed(0)} s ved ${MBIT} Mbit/s; ` +
        `serverens CPU ${plainCpu.toFixed(2)} s (${((1000 * plainCpu) / rawMb).toFixed(1)} ms pr. MB)`,
    );
    for (const c of CLIENTS) {
      if (!c.expect) continue;
      const rs = runs.get(c.header)!;
      for (const r of [...rs, ...plain]) if (r.wrongEncoding) throw new Error(`${c.name}: ${r.wrongEncoding} sider kom med en anden kodning end ${c.expect} fra ${COMPRESSION_THRESHOLD} bytes`);
      if (rs.some((r) => r.digest !== plain[0]!.digest)) throw new Error(`${c.name}: de udpakkede sider er ikke de samme bytes som de ukomprimerede`);
      const wire = rs[0]!.wire;
      report(
        `komprimering: første pull ${institutions} × 10 på ledningen, ${c.name}`,
        sample(rs.map((r) => r.wire / MB)),
        { kind: 'mb', max: SHARE_BUDGET * rawMb },
        `${((100 * wire) / raw).toFixed(1)} % af ${rawMb.toFixed(0)} MB (budget ≤ ${100 * SHARE_BUDGET} %); ved ${MBIT} Mbit/s ${seconds(wire).toFixed(1)} s mod ${seconds(raw).toFixed(0)} s (beregnet); ` +
          `klientens udpakning ${(rs[0]!.unpackMs / rawMb).toFixed(1)} ms CPU pr. MB`,
      );
      // The compression alone, with the server's settings, on the same pages: the server's CPU
      // over a whole pull with and without it differs by less than a shared machine's noise.
      const perMb = pages.map((p) => {
        const c0 = process.cpuUsage();
        if (c.expect === 'br') brotliCompressSync(p, API_COMPRESSION.brotliOptions);
        else gzipSync(p, API_COMPRESSION.zlibOptions);
        const t = process.cpuUsage(c0);
        return (t.user + t.system) / 1000 / (p.length / MB);
      });
      const cpu = rs.reduce((n, r) => n + r.serverCpu, 0) / rs.length;
      const change = (100 * (cpu - plainCpu)) / plainCpu;
      report(
        `komprimering: CPU pr. ukomprimeret MB, ${c.name}`,
        sample(perMb),
        { kind: 'ms', max: CPU_PER_MB_BUDGET_MS },
        `serverens indstillinger på de ${pages.length} sider; serverens CPU for hele pullet ${cpu.toFixed(2)} s mod ${plainCpu.toFixed(2)} s ukomprimeret (${change >= 0 ? '+' : ''}${change.toFixed(0)} %, gennemsnit af ${rs.length})`,
      );
    }
  } finally {
    await server.stop();
  }
}

if (process.argv[1] === import.meta.filename) {
  const n = Number(process.argv[2]);
  await runCompressionBench(n > 0 ? n : undefined);
}
