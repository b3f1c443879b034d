import type { Kysely } from 'kysely';
import type { Role } from '../../shared/accounts';
import { buildDemoData } from '../../shared/demo/demoData';
import { DEMO_GOALS } from '../../shared/goals';
import { seedGoals } from '../admin/goals';
import { seedRamme } from '../admin/tilsynsrammer';
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

/** A short demo frame with the five sections the law names (fictional municipality). */
const DEMO_RAMME = {
  title: 'Ramme for det pædagogiske tilsyn (demo)',
  sections: {
    organisering: 'Tilsynet udføres af konsulenter i Dagtilbudssekretariatet. Hver institution og hver enhed får et tilsyn mindst hvert andet år med observation og dialog.',
    besoeg: 'Hvert andet år får hver enhed et anmeldt tilsynsbesøg. Derudover aflægges mindst ét uanmeldt besøg inden for samme periode.',
    uvildighed: 'Konsulenter fører ikke tilsyn med de huse, de er tilknyttet som sparringspartner, og ikke med huse, hvor de har været ansat de seneste tre år.',
    data: 'Tilsynet bygger på tre timers observation ud fra tilsynskonceptets kriterier, tidligere tilsynsrapporter, opfølgningspunkter og nøgletal.',
    skaerpet: 'Giver tilsynet anledning til bekymring, indledes skærpet tilsyn inden ti arbejdsdage. Ved alvorlig bekymring udarbejdes samtidig en handleplan i dialog med lederen.',
  },
  approvedOn: '2022-03-15',
  approvedBy: 'Børne- og Skoleudvalget',
  publicUrl: 'https://kommune.example.dk/dagtilbud/tilsyn',
  inForceFrom: '2022-05-01',
  rules: { unannouncedCycleMonths: 24, skaerpetStartLimitDays: 10, publishWaitsForBoard: true },
};

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
  // A gældende tilsynsramme, so the dashboard's unannounced-visit warning follows a real cycle.
  await seedRamme(db, DEMO_RAMME);

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
