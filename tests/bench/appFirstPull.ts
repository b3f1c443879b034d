import { existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync } from 'node:fs';
import { createHash } from 'node:crypto';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { newProfileDir, openProfile } from '../e2e/support/browser';
import { buildApp } from '../../server/app';
import { seedInstitutions, seedRecords, type SeedRecord } from '../../server/seed/records';
import { THEME_IDS } from '../../shared/framework';
import { themeScoreId } from '../../shared/inspection';
import { report, sample, type Budget } from './support/report';
import { BENCH_SERVER_PASSWORD, CACHE, routeBenchPage, startBenchServer } from './support/appProfile';
import { pad, syntheticInstitutionId } from './support/synthetic';

/*
 * The first full pull in the app: the built app's sync code (renderer/sync/syncEngine.ts options,
 * the Dexie storage, the server client) in Chromium, into real IndexedDB, from the server running
 * as its own process (SQLite) on a database of N institutions × 10 years (an inspection a year with
 * seven scores with notes, an anerkendelse and an anbefaling: 100 records per institution). The
 * timer runs from the first request to the last page's commit. Seeded server databases are cached.
 */

const YEARS = 10;
const NOTE = 'Under observationen af formiddagens samling så vi, at pædagogerne inddrog børnenes egne forslag og fulgte op på dem i legen. ';

function history(institutionId: string): SeedRecord[] {
  const items: SeedRecord[] = [];
  for (let y = 0; y < YEARS; y++) {
    const id = `pull-${institutionId}-${2016 + y}`;
    const date = `${2016 + y}-0${1 + (y % 9)}-1${y % 10}`;
    items.push({ type: 'inspection', data: { id, institutionId, frameworkId: 'v1', visitType: 'anmeldt', kind: 'ordinaer', date, consultants: ['Karen'], participants: ['Leder'], status: 'endelig' } });
    THEME_IDS.forEach((themeId, t) => items.push({ type: 'themeScore', data: { id: themeScoreId(id, themeId), inspectionId: id, themeId, step: 1 + ((y + t) % 4), note: NOTE } }));
    const stamp = `${date}T12:00:00.000Z`;
    items.push({ type: 'anerkendelse', data: { id: `${id}:a`, inspectionId: id, themeId: 'leg', text: 'Legen er rig og varieret', createdAt: stamp } });
    items.push({ type: 'anbefaling', data: { id: `${id}:b`, inspectionId: id, themeId: 'overgange', text: 'Styrk overgangen til skole', createdAt: stamp } });
  }
  return items;
}

/** A server data folder holding `n` institutions × 10 years, seeded once and cached. */
export async function seededServer(n: number): Promise<string> {
  // Keyed by what is seeded (not the whole bench file, so changing how it measures keeps the cache).
  const key = createHash('sha1').update(history.toString()).update(NOTE).update(readFileSync(path.resolve(import.meta.dirname, '../../server/seed/records.ts'))).update(readFileSync(path.resolve(import.meta.dirname, '../../server/db/migrations.ts'))).digest('hex').slice(0, 12);
  const cached = path.join(CACHE, `server-${n}-${key}`);
  if (existsSync(cached)) return cached;
  mkdirSync(CACHE, { recursive: true });
  const building = mkdtempSync(path.join(CACHE, 'seeding-server-'));
  const t0 = performance.now();
  const app = await buildApp({ dataDir: building, adminPassword: BENCH_SERVER_PASSWORD, print: () => {}, rendererDir: '/nonexistent' });
  try {
    const ids = Array.from({ length: n }, (_, k) => syntheticInstitutionId(k + 1));
    await seedInstitutions(app.tilsyn.db, ids.map((id, k) => ({ id, name: `Institution ${pad(k + 1, 5)}`, type: 'integreret', ownership: 'kommunal', children0to2: 12, children3to5: 30 })));
    for (let k = 0; k < ids.length; k += 50) await seedRecords(app.tilsyn.db, ids.slice(k, k + 50).flatMap(history));
  } finally {
    await app.close();
  }
  renameSync(building, cached);
  console.log(`  (serverdatabasen med ${n} institutioner blev lagt i cachen på ${((performance.now() - t0) / 1000).toFixed(0)} s)`);
  return cached;
}

interface PullRun {
  ms: number;
  /** The server's answers, request to parsed JSON, summed (they overlap the writing). */
  server: number;
  /** Writing the pages into IndexedDB, summed. */
  writing: number;
  ok: boolean;
  error?: string;
  pulled: number;
  stored: number;
  summaries: number;
  pages: number;
  first?: string;
  last?: string;
}

const BUDGETS: Record<number, Budget> = { 40: { kind: 'ms', max: 2000 }, 4000: { kind: 'ms', max: 60_000 } };

/**
 * TILSYN_BENCH_PULL_MBIT=<n>: the page's network throttled to n Mbit/s down and up with 20 ms of
 * latency (Chromium's own network emulation, on the bytes as sent), and each size pulled once more
 * with the server's compression refused, for comparison (a municipal or mobile link, not loopback).
 */
const MBIT = Number(process.env.TILSYN_BENCH_PULL_MBIT) || 0;

async function throttle(page: Page, mbit: number): Promise<void> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Network.enable');
  const bytesPerSecond = (mbit * 1e6) / 8;
  await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 20, downloadThroughput: bytesPerSecond, uploadThroughput: bytesPerSecond });
}

export async function runAppFirstPullBench(sizes: readonly number[] = [40, 400, 4000]) {
  console.log('\nFørste fulde pull i appen (Chromium, IndexedDB; serveren som egen proces, SQLite), 10 år, 100 poster pr. institution');
  const growth: string[] = [];
  for (const n of sizes) {
    const server = await startBenchServer(undefined, await seededServer(n));
    const ctx = await openProfile(newProfileDir());
    try {
      const login = await fetch(`${server.url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'admin', password: BENCH_SERVER_PASSWORD }) });
      if (!login.ok) throw new Error(`login: ${login.status} ${await login.text()}`);
      const { token } = (await login.json()) as { token: string };
      const page = await ctx.newPage();
      await page.goto(await routeBenchPage(page, server.url, path.join(import.meta.dirname, 'support/firstPullInPage.ts')));
      if (MBIT) await throttle(page, MBIT);
      const runs = n >= 4000 ? 1 : n >= 400 ? 3 : 5;
      const pull = async (name: string, uncompressed = false) => {
        const r = (await page.evaluate(([u, t, nm, unc]) => (window as unknown as { firstPull: (a: string, b: string, c: string, d: boolean) => Promise<PullRun> }).firstPull(u, t, nm, unc), [server.url, token, name, uncompressed] as const)) as PullRun;
        if (!r.ok || r.pulled !== n * YEARS * 10 || r.stored !== n * YEARS * THEME_IDS.length || r.summaries !== n) throw new Error(`første pull, ${n} inst.: ${JSON.stringify(r)}`);
        return r;
      };
      const times: number[] = [];
      let last: PullRun | undefined;
      for (let i = 0; i < runs; i++) {
        last = await pull(`pull-${n}-${i}`);
        times.push(last.ms);
      }
      const s = sample(times);
      const perSecond = (n * YEARS * 10) / (s.p50 / 1000);
      const link = MBIT ? ` ved ${MBIT} Mbit/s` : '';
      const fig = report(`første pull i appen, ${n} inst. × 10 år${link}`, s, BUDGETS[n] ?? { kind: 'none' }, `${n * YEARS * 10} poster, ${last!.pages} sider, ${perSecond.toFixed(0)} poster/s, skrevet i IndexedDB ${(last!.writing / 1000).toFixed(1)} s, serverens svar ${(last!.server / 1000).toFixed(1)} s (side om side); viste «${last!.first}» … «${last!.last}»`);
      if (MBIT) {
        // The same pull with the server's compression refused: what the link costs without it.
        const plain = await pull(`pull-${n}-ukomprimeret`, true);
        report(`første pull i appen, ${n} inst. × 10 år${link}, ukomprimeret`, sample([plain.ms]), { kind: 'none' }, `til sammenligning: serverens svar ${(plain.server / 1000).toFixed(1)} s mod ${(last!.server / 1000).toFixed(1)} s komprimeret`);
      }
      growth.push(`    ${String(n).padStart(5)} inst.  ${String(n * YEARS * 10).padStart(7)} poster  p50 ${(s.p50 / 1000).toFixed(2).padStart(7)} s  p95 ${(s.p95 / 1000).toFixed(2).padStart(7)} s  ${perSecond.toFixed(0).padStart(6)} poster/s  ${fig.verdict}`);
    } finally {
      await ctx.close();
      await server.stop();
    }
  }
  console.log(`  Vækst:\n${growth.join('\n')}`);
}

if (process.argv[1] === import.meta.filename) {
  const sizes = process.argv.slice(2).map(Number).filter(Boolean);
  await runAppFirstPullBench(sizes.length ? sizes : undefined);
}
