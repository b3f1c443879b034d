/**
 * The server's statistics at scale: 4,000 institutions × 10 years (40,000 final inspections,
 * 280,000 theme scores), the server as its own process (node server/main.ts on 127.0.0.1).
 * Times the first GET /api/stats/theme-averages after the server starts (the answer is computed
 * then and cached until the next change), once per server start, three starts per database. The
 * first start follows the seed at once, as a municipality's first look follows its import: the seed
 * is the server's own bulk write (server/seed/records.ts), which refreshes PostgreSQL's planner
 * statistics itself (server/db/plannerStatistics.ts) rather than leaving it to autovacuum's next round.
 * On SQLite, and on PostgreSQL when TEST_DATABASE_URL is set (a fresh database, dropped afterwards).
 * Ports: BENCH_STATS_PORT (default 47100) and the next one.
 */
import { pathToFileURL } from 'node:url';
import type { SeedRecord } from '../../server/seed/records';
import { THEME_IDS } from '../../shared/framework';
import { themeScoreId } from '../../shared/inspection';
import { BENCH_ADMIN_PASSWORD, onEachDatabase, startServerProcess, type BenchDatabase } from './support/serverProcess';
import { seedMunicipality } from './support/municipalitySeed';
import { report, sample } from './support/report';

const INSTITUTIONS = Number(process.env.BENCH_STATS_INSTITUTIONS ?? 4000);
const YEARS = 10;
const STARTS = 3;
const BUDGET_MS = 1000;
const FIRST_PORT = Number(process.env.BENCH_STATS_PORT ?? 47100);

/** One institution's ten years: a final inspection a year with seven scores (now and then "ikke vurderet"). */
function history(inst: string, i: number): SeedRecord[] {
  const items: SeedRecord[] = [];
  for (let y = 0; y < YEARS; y++) {
    const id = `st-${inst}-${2016 + y}`;
    const date = `${2016 + y}-${String(1 + ((i + y) % 12)).padStart(2, '0')}-${String(1 + ((i * 7 + y) % 28)).padStart(2, '0')}`;
    items.push({ type: 'inspection', data: { id, institutionId: inst, frameworkId: 'v1', visitType: 'anmeldt', kind: 'ordinaer', date, consultants: ['Karen'], participants: [], status: 'endelig' } });
    THEME_IDS.forEach((themeId, t) => {
      const notAssessed = (i + y + t) % 23 === 0;
      items.push({ type: 'themeScore', data: { id: themeScoreId(id, themeId), inspectionId: id, themeId, step: notAssessed ? null : 1 + ((i + y + t) % 4), notAssessed, notAssessedReason: notAssessed ? 'Ikke observeret' : '' } });
    });
  }
  return items;
}

function seed(target: BenchDatabase, print: (line: string) => void): Promise<number> {
  return seedMunicipality(target, { prefix: 'ST', institutions: INSTITUTIONS, years: YEARS, history }, print);
}

async function timedGet(base: string, token: string, url: string): Promise<number> {
  const t = performance.now();
  const res = await fetch(`${base}${url}`, { headers: { authorization: `Bearer ${token}` } });
  if (res.status !== 200) throw new Error(`${url}: ${res.status} ${await res.text()}`);
  await res.json();
  return performance.now() - t;
}

async function benchOne(target: BenchDatabase, port: number, print: (line: string) => void) {
  await seed(target, print);
  const times: number[] = [];
  for (let s = 0; s < STARTS; s++) {
    const { base, child } = await startServerProcess({ ...target.env, TILSYN_LOG_LEVEL: 'warn' }, port);
    try {
      const login = await fetch(`${base}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'admin', password: BENCH_ADMIN_PASSWORD }) });
      const { token } = (await login.json()) as { token: string };
      times.push(await timedGet(base, token, '/api/stats/theme-averages'));
    } finally {
      child.kill('SIGTERM');
      await new Promise((r) => child.once('exit', r));
    }
  }
  report(
    `Kommunens temagennemsnit (/api/stats/theme-averages), ${INSTITUTIONS} inst. × ${YEARS} år, første kald [${target.label}]`,
    sample(times),
    { kind: 'ms', max: BUDGET_MS, on: 'p50' },
    `${STARTS} serverstarter: ${times.map((t) => t.toFixed(0)).join(', ')} ms (den første lige efter indlæsningen)`,
  );
  print('');
}

export async function runStatsBench(print: (line: string) => void = (l) => console.log(l)): Promise<void> {
  print(`Statistik fra serveren som egen proces (budget p50 < ${BUDGET_MS} ms)`);
  let port = FIRST_PORT;
  await onEachDatabase('stats', print, (db) => benchOne(db, port++, print));
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  runStatsBench().catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  });
}
