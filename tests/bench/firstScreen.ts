import path from 'node:path';
import { newProfileDir, openProfile } from '../e2e/support/browser';
import { startServer } from '../e2e/support/server';
import { routeBenchPage } from './support/appProfile';
import { report, sample } from './support/report';

/** Time until the first screen (the institution list) is rendered and usable, with a year-2030 database. */
export async function runFirstScreenBench(runs = 7) {
  const server = await startServer();
  const ctx = await openProfile(newProfileDir());
  try {
    const page = await ctx.newPage();
    await page.goto(await routeBenchPage(page, server.url, path.resolve(import.meta.dirname, 'firstScreenInPage.ts')));
    const inspections = await page.evaluate(() => (window as unknown as { fill2030: () => Promise<number> }).fill2030());
    const times: number[] = [];
    for (let i = 0; i < runs; i++) {
      await page.goto('about:blank');
      await page.goto(`${server.url}/#/`);
      // Rendered and interactive: the list's rows are on screen and the search field takes input.
      await page.waitForFunction(() => document.querySelector('.result-count')?.textContent?.includes('40') && document.querySelector('main a[href^="#/institution/"]'));
      await page.getByLabel('Søg').fill('a');
      times.push(await page.evaluate(() => performance.now()));
    }
    console.log(`\nFørste skærm (institutionslisten) med en 2030-database (${inspections} tilsyn)`);
    report('første skærm: listen vist og søgefeltet taget i brug', sample(times), { kind: 'ms', max: 1000 });
  } finally {
    await ctx.close();
    await server.stop();
  }
}

if (process.argv[1] === import.meta.filename) await runFirstScreenBench();
