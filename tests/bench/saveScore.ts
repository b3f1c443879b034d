import { build } from 'esbuild';
import path from 'node:path';
import { newProfileDir, openProfile } from '../e2e/support/browser';
import { startServer } from '../e2e/support/server';

/** p50/p95 of saving one score (record + outbox row, strict durability) beside a bare strict IndexedDB put. */
export async function runSaveScoreBench(n = 300) {
  const bundle = await build({
    entryPoints: [path.resolve(import.meta.dirname, 'saveScoreInPage.ts')],
    bundle: true,
    write: false,
    format: 'iife',
    platform: 'browser',
  });
  const server = await startServer();
  const ctx = await openProfile(newProfileDir());
  try {
    const page = await ctx.newPage();
    // A bench page on the app's origin (same IndexedDB rules), served by Playwright with the bundle inline.
    const script = bundle.outputFiles[0]!.text.replaceAll('</script', '<\\/script');
    await page.route(`${server.url}/bench.html`, (route) =>
      route.fulfill({ contentType: 'text/html', body: `<!doctype html><meta charset="utf-8"><script>${script}</script>` }),
    );
    await page.goto(`${server.url}/bench.html`);
    const r = (await page.evaluate((count) => (window as unknown as { runBench: (n: number) => Promise<unknown> }).runBench(count), n)) as {
      bare: { p50: number; p95: number; n: number };
      app: { p50: number; p95: number; n: number };
    };
    const f = (x: number) => `${x.toFixed(2)} ms`;
    console.log(`\nGem ét trin i Chromium (strict durability), n = ${r.app.n}`);
    console.log(`  app (post + outbox-række, Dexie):  p50 ${f(r.app.p50)}  p95 ${f(r.app.p95)}`);
    console.log(`  bar IndexedDB put:                 p50 ${f(r.bare.p50)}  p95 ${f(r.bare.p95)}`);
    console.log(`  forhold app/bar:                   p50 ${(r.app.p50 / r.bare.p50).toFixed(2)}×  p95 ${(r.app.p95 / r.bare.p95).toFixed(2)}×`);
    console.log(`  budget: p95 < 50 ms → ${r.app.p95 < 50 ? 'overholdt' : 'IKKE overholdt'}`);
    return r;
  } finally {
    await ctx.close();
    await server.stop();
  }
}

if (process.argv[1] === import.meta.filename) await runSaveScoreBench();
