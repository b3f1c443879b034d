/**
 * Several server processes started at once on one PostgreSQL database (behind a load balancer) take
 * turns over their startup (server/db/startupLock.ts): migrations, built-in frameworks, the first
 * admin and the demo data are each made once. Each app here has its own pool, so to the database
 * they are separate processes; tests/unit/server/multiServer.test.ts starts real ones.
 */
import { expect, it } from 'vitest';
import { sql } from 'kysely';
import { buildApp } from '../../../server/app';
import { migrations } from '../../../server/db/migrations';
import { describeDialects, freshDatabase } from './helpers';

describeDialects('startup of several processes at once', (d) => {
  it.skipIf(d.name !== 'postgres')('(PostgreSQL; SQLite serialises its own migrations) migrate, seed frameworks, make the admin and load the demo data once', async () => {
    const db = await freshDatabase(d);
    try {
      const lines: string[] = [];
      const apps = await Promise.all(
        [1, 2, 3].map(() => buildApp({ ...db.options, demo: true, print: (l) => lines.push(l), rendererDir: '/nonexistent', adminPassword: 'admin-password-123' })),
      );
      try {
        const q = apps[0]!.tilsyn.db;
        const count = async (table: string) => Number((await sql<{ n: number }>`select count(*) as n from ${sql.table(table)}`.execute(q)).rows[0]!.n);
        expect(await count('kysely_migration')).toBe(Object.keys(migrations).length);
        expect(lines.filter((l) => l.includes('er oprettet'))).toHaveLength(1);
        expect(lines.filter((l) => l.startsWith('Demodata indlæst'))).toHaveLength(1);
        const records = Number(/(\d+) poster/.exec(lines.find((l) => l.startsWith('Demodata indlæst'))!)![1]);
        expect(await count('records')).toBe(records);
        expect(await count('users')).toBe(3); // admin + the two demo accounts
      } finally {
        await Promise.all(apps.map((a) => a.close()));
      }
    } finally {
      await db.drop();
    }
  }, 60_000);
});
