import { SERVER_NODE_FLAGS } from '../../../server/nodeFlags';
import { spawn, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { build } from 'esbuild';
import type { BrowserContext, Page } from 'playwright-core';
import { openProfile } from '../../e2e/support/browser';

/*
 * The app benches run the real built app in Chromium on databases of 40, 400 and 4,000
 * institutions × 10 years. Seeding 4,000 takes minutes, so each seeded Chromium profile is cached in
 * node_modules/.cache/tilsyn-bench, keyed by the seed code and the app's database schema, and copied
 * before use. IndexedDB belongs to an origin (host and port), so the bench server always listens on
 * the same port for one clone.
 */

const ROOT = path.resolve(import.meta.dirname, '../../..');
export const CACHE = path.join(ROOT, 'node_modules/.cache/tilsyn-bench');

/**
 * One fixed port per clone: the cached databases stay on their origin, and two clones do not collide.
 * TILSYN_BENCH_PORT sets it where only some ports may be used.
 */
export const BENCH_PORT = Number(process.env.TILSYN_BENCH_PORT) || 41_000 + (createHash('sha1').update(ROOT).digest().readUInt16BE(0) % 2000);

export interface BenchServer {
  url: string;
  /** The server process's id (its CPU time is in /proc/<pid>/stat). */
  pid: number;
  stop(): Promise<void>;
}

/** The admin's password on every bench server (and in the seeded server databases). */
export const BENCH_SERVER_PASSWORD = 'admin-bench-kodeord';

/** `server/main.ts` as its own process on the bench port; on a copy of `seededDataDir` when given (deleted on stop). */
export async function startBenchServer(port = BENCH_PORT, seededDataDir?: string): Promise<BenchServer> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'tilsyn-bench-server-'));
  if (seededDataDir) cpSync(seededDataDir, dataDir, { recursive: true });
  const child: ChildProcess = spawn(process.execPath, [...SERVER_NODE_FLAGS, '--import', 'tsx', 'server/main.ts'], {
    cwd: ROOT,
    env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', TILSYN_DATA_DIR: dataDir, TILSYN_ADMIN_PASSWORD: BENCH_SERVER_PASSWORD },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (d) => (output += d));
  child.stderr?.on('data', (d) => (output += d));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`Bench-serveren stoppede (port ${port} optaget?): ${output}`);
    try {
      if ((await fetch(`${url}/api/health`)).ok) break;
    } catch {
      /* not up yet */
    }
    if (Date.now() > deadline) throw new Error(`Bench-serveren svarede ikke: ${output}`);
    await new Promise((r) => setTimeout(r, 150));
  }
  return {
    url,
    pid: child.pid!,
    stop: () =>
      new Promise((resolve) => {
        child.once('exit', () => {
          rmSync(dataDir, { recursive: true, force: true });
          resolve();
        });
        child.kill('SIGTERM');
      }),
  };
}

/** A TypeScript file bundled for the browser, ready to put in a `<script>` element. */
export async function benchScript(entry: string): Promise<string> {
  const bundle = await build({ entryPoints: [entry], bundle: true, write: false, format: 'iife', platform: 'browser', logLevel: 'error' });
  return bundle.outputFiles[0]!.text.replaceAll('</script', '<\\/script');
}

/**
 * Serves a bundled TypeScript file as `/<name>.html` on the app's origin (same IndexedDB). Only for
 * a context where the app's service worker is not installed yet: Playwright's routes do not see
 * what a service worker fetches, and this one answers an unknown path with the app.
 */
export async function routeBenchPage(ctx: BrowserContext | Page, url: string, entry: string): Promise<string> {
  const script = await benchScript(entry);
  const pageUrl = `${url}/${path.basename(entry, '.ts')}.html`;
  await ctx.route(pageUrl, (route) => route.fulfill({ contentType: 'text/html', body: `<!doctype html><meta charset="utf-8"><script>${script}</script>` }));
  return pageUrl;
}

function cacheKey(institutions: number): string {
  const h = createHash('sha1');
  for (const f of ['tests/bench/support/synthetic.ts', 'tests/bench/support/seedInPage.ts', 'renderer/db/database.ts', 'renderer/db/inspectionSummaries.ts', 'shared/goals.ts', 'shared/frameworks/v1.ts', 'node_modules/dexie/package.json'])
    h.update(readFileSync(path.join(ROOT, f)));
  return `${institutions}-${BENCH_PORT}-${h.digest('hex').slice(0, 12)}`;
}

/**
 * A fresh copy of a Chromium profile whose app database holds `institutions` × 10 years (with notes),
 * seeded on first use and cached. Returns the copy's folder; delete it when done.
 */
export async function seededProfile(server: BenchServer, institutions: number): Promise<string> {
  const cached = path.join(CACHE, cacheKey(institutions));
  if (!existsSync(cached)) {
    mkdirSync(CACHE, { recursive: true });
    const building = mkdtempSync(path.join(CACHE, 'seeding-'));
    const t0 = performance.now();
    const ctx = await openProfile(building);
    try {
      const page = await ctx.newPage();
      const seedUrl = await routeBenchPage(page, server.url, path.join(import.meta.dirname, 'seedInPage.ts'));
      await page.goto(seedUrl);
      const scores = await page.evaluate((n) => (window as unknown as { seed: (n: number) => Promise<number> }).seed(n), institutions);
      console.log(`  (databasen med ${institutions} institutioner blev lagt i cachen: ${scores} temascorer på ${((performance.now() - t0) / 1000).toFixed(0)} s)`);
    } finally {
      await ctx.close();
    }
    renameSync(building, cached);
  }
  const copy = mkdtempSync(path.join(os.tmpdir(), 'tilsyn-bench-profile-'));
  cpSync(cached, copy, { recursive: true });
  return copy;
}
