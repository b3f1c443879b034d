/**
 * The BI export at scale (issue 9): 4,000 institutions × 10 years (40,000 final inspections,
 * 280,000 theme scores) exported through GET /api/export/theme-scores, page after page by `next`
 * (limit 10,000), from the real server as its own process (node server/main.ts on 127.0.0.1).
 * Prints the time of the whole paged export (budget < 10 s) and the server's peak memory while it
 * ran (resident set, VmHWM from /proc; budget < 300 MB). The database is seeded before the server
 * starts, so the server's memory is its own. On SQLite, and on PostgreSQL when TEST_DATABASE_URL is
 * set (a fresh database, dropped afterwards).
 */
import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import type { SeedRecord } from '../../server/seed/records';
import { THEME_IDS } from '../../shared/framework';
import { themeScoreId } from '../../shared/inspection';
import { BENCH_ADMIN_PASSWORD, onEachDatabase, startServerProcess, type BenchDatabase } from './support/serverProcess';
import { seedMunicipality } from './support/municipalitySeed';
import { report } from './support/report';

const INSTITUTIONS = Number(process.env.BENCH_BI_INSTITUTIONS ?? 4000);
const YEARS = 10;
const PAGE = 10_000;
const TIME_BUDGET_MS = 10_000;
const MEMORY_BUDGET_MB = 300;





/** One institution's ten years: a final inspection a year with seven scores. */
function history(inst: string, i: number): SeedRecord[] {
  const items: SeedRecord[] = [];
  for (let y = 0; y < YEARS; y++) {
    const id = `bi-${inst}-${2016 + y}`;
    const date = `${2016 + y}-${String(1 + ((i + y) % 12)).padStart(2, '0')}-${String(1 + ((i * 7 + y) % 28)).padStart(2, '0')}`;
    items.push({ type: 'inspection', data: { id, institutionId: inst, frameworkId: 'v1', visitType: 'anmeldt', kind: 'ordinaer', date, consultants: ['Karen'], participants: [], status: 'endelig' } });
    THEME_IDS.forEach((themeId, t) => items.push({ type: 'themeScore', data: { id: themeScoreId(id, themeId), inspectionId: id, themeId, step: 1 + ((i + y + t) % 4) } }));
  }
  return items;
}

function seed(target: BenchDatabase, print: (line: string) => void): Promise<number> {
  return seedMunicipality(target, { prefix: 'BI', institutions: INSTITUTIONS, years: YEARS, history }, print);
}


/** Resident memory of a process in MB: now (VmRSS) and its peak so far (VmHWM). */
function memoryOf(pid: number): { rss: number; peak: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (key: string) => Number(new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? Number.NaN);
  return { rss: kb('VmRSS') / 1024, peak: kb('VmHWM') / 1024 };
}

async function benchOne(target: BenchDatabase, print: (line: string) => void) {
  const records = await seed(target, print);
  const expectedRows = (records / 8) * THEME_IDS.length;
  const { base, child } = await startServerProcess({ ...target.env, TILSYN_LOG_LEVEL: 'warn' });
  try {
    const login = await fetch(`${base}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'admin', password: BENCH_ADMIN_PASSWORD }) });
    const { token } = (await login.json()) as { token: string };
    const before = memoryOf(child.pid!);

    const t0 = performance.now();
    let url: string | null = `/api/export/theme-scores?limit=${PAGE}`;
    let rows = 0;
    let pages = 0;
    let total = 0;
    const pageTimes: number[] = [];
    while (url) {
      const t = performance.now();
      const res: Response = await fetch(`${base}${url}`, { headers: { authorization: `Bearer ${token}` } });
      if (res.status !== 200) throw new Error(`side ${pages + 1}: ${res.status} ${await res.text()}`);
      const page = (await res.json()) as { rows: unknown[]; next: string | null; total: number };
      pageTimes.push(performance.now() - t);
      rows += page.rows.length;
      total = page.total;
      pages++;
      url = page.next;
    }
    const exportMs = performance.now() - t0;
    const after = memoryOf(child.pid!);
    if (rows !== expectedRows || total !== expectedRows) throw new Error(`forventede ${expectedRows} rækker, fik ${rows} (total ${total})`);
    const slowest = Math.max(...pageTimes);
    report(`BI-udtræk, ${INSTITUTIONS} inst. × ${YEARS} år, sidevis [${target.label}]`, { p50: exportMs, p95: exportMs, n: 1 }, { kind: 'ms', max: TIME_BUDGET_MS }, `${rows} rækker i ${pages} sider à ${PAGE}; langsomste side ${slowest.toFixed(0)} ms`);
    report(`Serverens hukommelse under BI-udtræk [${target.label}]`, { p50: after.rss, p95: after.peak, n: 1 }, { kind: 'mb', max: MEMORY_BUDGET_MB }, `resident før ${before.rss.toFixed(0)} MB, efter ${after.rss.toFixed(0)} MB, top (VmHWM) ${after.peak.toFixed(0)} MB`);

    // The municipal theme averages over the same 40,000 inspections (computed on the first ask after a change, then cached).
    const ta = performance.now();
    const avg = await fetch(`${base}/api/stats/theme-averages`, { headers: { authorization: `Bearer ${token}` } });
    if (avg.status !== 200) throw new Error(`theme-averages: ${avg.status}`);
    const periods = ((await avg.json()) as { periods: unknown[] }).periods.length;
    const averagesMs = performance.now() - ta;
    const afterAverages = memoryOf(child.pid!);
    report(`Kommunens temagennemsnit (/api/stats/theme-averages), første kald [${target.label}]`, { p50: averagesMs, p95: averagesMs, n: 1 }, { kind: 'ms', max: TIME_BUDGET_MS }, `${periods} perioder`);
    report(`Serverens hukommelse efter temagennemsnit [${target.label}]`, { p50: afterAverages.rss, p95: afterAverages.peak, n: 1 }, { kind: 'mb', max: MEMORY_BUDGET_MB }, `resident ${afterAverages.rss.toFixed(0)} MB, top (VmHWM) ${afterAverages.peak.toFixed(0)} MB`);
  } finally {
    child.kill('SIGTERM');
    await new Promise((r) => child.once('exit', r));
  }
  print('');
}

export async function runBiExportBench(print: (line: string) => void = (l) => console.log(l)): Promise<void> {
  print(`BI-udtræk sidevis mod serveren som egen proces (budget < ${TIME_BUDGET_MS / 1000} s og < ${MEMORY_BUDGET_MB} MB)`);
  await onEachDatabase('bi', print, (db) => benchOne(db, print));
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  runBiExportBench().catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}
