import path from 'node:path';
import { newProfileDir, openProfile } from '../e2e/support/browser';
import { startServer } from '../e2e/support/server';
import { routeBenchPage } from './support/appProfile';
import { report, sample } from './support/report';

/**
 * Saving one score in Chromium (strict durability) through the app's repository, beside the honest
 * baseline: a bare transaction writing the same record and an outbox row into the same stores.
 * Every timed save changes the step, so every one writes.
 */
export async function runSaveScoreBench(n = 300) {
  const server = await startServer();
  const ctx = await openProfile(newProfileDir());
  try {
    const page = await ctx.newPage();
    await page.goto(await routeBenchPage(page, server.url, path.resolve(import.meta.dirname, 'saveScoreInPage.ts')));
    const r = (await page.evaluate((count) => (window as unknown as { runBench: (n: number) => Promise<unknown> }).runBench(count), n)) as {
      app: number[];
      bare: number[];
      notWritten: number;
    };
    if (r.notWritten) throw new Error(`${r.notWritten} af de målte gem skrev ikke`);
    console.log(`\nGem ét trin i Chromium (strict durability), n = ${n}, hvert gem skriver`);
    const bare = report('grundlinje: bar transaktion, post + outbox-række', sample(r.bare), { kind: 'none' });
    report('gem ét trin (app)', sample(r.app), { kind: 'ms', max: 50 });
    report('gem ét trin / grundlinjen', sample(r.app), { kind: 'ratio', max: 2, baseline: bare.sample });
  } finally {
    await ctx.close();
    await server.stop();
  }
}

if (process.argv[1] === import.meta.filename) await runSaveScoreBench();
