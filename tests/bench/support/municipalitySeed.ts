import { buildApp } from '../../../server/app';
import { seedInstitutions, seedRecords, type SeedRecord } from '../../../server/seed/records';
import { BENCH_ADMIN_PASSWORD, type BenchDatabase } from './serverProcess';

/**
 * Seeds a municipality of `institutions` integrated institutions (ids `<prefix>-0001` …) on a bench
 * database, with each institution's records from `history`, through the server's own seeding (250
 * institutions per call). Returns the number of records written. Used by the BI export and the
 * statistics benches.
 */
export async function seedMunicipality(
  target: BenchDatabase,
  opts: { prefix: string; institutions: number; years: number; history: (institutionId: string, index: number) => SeedRecord[] },
  print: (line: string) => void,
): Promise<number> {
  const app = await buildApp({ ...target.options, adminPassword: BENCH_ADMIN_PASSWORD, print: () => {}, rendererDir: '/nonexistent' });
  try {
    const t0 = performance.now();
    const ids = Array.from({ length: opts.institutions }, (_, i) => `${opts.prefix}-${String(i + 1).padStart(4, '0')}`);
    await seedInstitutions(app.tilsyn.db, ids.map((id, i) => ({ id, name: `Børnehuset ${i + 1}`, type: 'integreret', ownership: 'kommunal', children0to2: 12, children3to5: 30 })));
    let records = 0;
    for (let i = 0; i < ids.length; i += 250) records += await seedRecords(app.tilsyn.db, ids.slice(i, i + 250).flatMap((id, k) => opts.history(id, i + k)));
    print(`  seedet ${records} poster (${opts.institutions} institutioner × ${opts.years} år) på ${((performance.now() - t0) / 1000).toFixed(0)} s`);
    return records;
  } finally {
    await app.close();
  }
}
