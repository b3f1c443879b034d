import type { Kysely } from 'kysely';
import type { Role } from '../../shared/accounts';
import { buildDemoData } from '../../shared/demo/demoData';
import { DEMO_GOALS } from '../../shared/goals';
import { seedGoals } from '../admin/goals';
import { uuidv7 } from '../../shared/ids';
import { hashPassword } from '../auth/passwords';
import type { Database } from '../db/schema';
import { seedInstitutions, seedRecords, type SeedRecord } from './records';

export const DEMO_PASSWORD_DEFAULT = 'tilsyn-demo';

export interface DemoSeedResult {
  /** False when the database already had records: nothing was added. */
  seeded: boolean;
  records: number;
  users: { username: string; role: Role; password: string; institutionIds: string[]; /** What this login sees, for the start output. */ sees: string }[];
}

/**
 * `--demo`: on a server without records, load the demo data set (40 institutions, inspections
 * 2019–2025) and two demo accounts: a konsulent assigned to every institution and a leder of the
 * first institution.
 */
export async function seedDemo(db: Kysely<Database>, password = DEMO_PASSWORD_DEFAULT): Promise<DemoSeedResult> {
  const any = await db.selectFrom('records').select('id').limit(1).executeTakeFirst();
  if (any) return { seeded: false, records: 0, users: [] };
  const demo = buildDemoData();
  await seedInstitutions(db, demo.institutions);
  const items: SeedRecord[] = [
    ...demo.inspections.map((data) => ({ type: 'inspection' as const, data })),
    ...demo.themeScores.map((data) => ({ type: 'themeScore' as const, data })),
    ...demo.anerkendelser.map((data) => ({ type: 'anerkendelse' as const, data })),
    ...demo.anbefalinger.map((data) => ({ type: 'anbefaling' as const, data })),
  ];
  const records = await seedRecords(db, items, 'server-demo');
  // The seeds' two municipal goals, on the server so every device shows the same ones.
  await seedGoals(db, DEMO_GOALS);

  const allIds = demo.institutions.map((i) => i.id);
  const first = demo.institutions[0]!;
  const wanted: DemoSeedResult['users'] = [
    { username: 'konsulent', role: 'konsulent', password, institutionIds: allIds, sees: `tilser alle ${allIds.length} institutioner` },
    {
      username: 'leder',
      role: 'leder',
      password,
      institutionIds: [first.id],
      sees: `leder kun "${first.name}": ser dens rapporter, når de er sendt i høring, og svarer i høringen; rapporter i høring andre steder når ikke frem`,
    },
  ];
  const users: DemoSeedResult['users'] = [];
  const hash = await hashPassword(password);
  for (const u of wanted) {
    const taken = await db.selectFrom('users').select('id').where('username', '=', u.username).executeTakeFirst();
    if (taken) continue;
    const id = uuidv7();
    const now = new Date().toISOString();
    await db.transaction().execute(async (trx) => {
      await trx
        .insertInto('users')
        .values({ id, username: u.username, display_name: u.role === 'leder' ? 'Demo-leder' : 'Demo-konsulent', role: u.role, password_hash: hash, disabled: 0, scope_epoch: 0, created_at: now, updated_at: now })
        .execute();
      await trx.insertInto('user_institutions').values(u.institutionIds.map((institution_id) => ({ user_id: id, institution_id }))).execute();
    });
    users.push(u);
  }
  return { seeded: true, records, users };
}
