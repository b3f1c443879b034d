import Dexie, { type DBCore, type DBCoreTable, type Middleware, type Table } from 'dexie';
import type { Framework } from '../../shared/framework';
import type { Opfoelgning } from '../../shared/followUp';
import type { Hoeringskommentar, Hoeringssvar } from '../../shared/hoering';
import type { Bestyrelsesorientering, Publicering } from '../../shared/publication';
import type { Tilbagetraekning } from '../../shared/publicationWithdrawal';
import type { Rapportversion } from '../../shared/reportVersion';
import type { Handleplan, SkaerpetTilsyn } from '../../shared/skaerpetTilsyn';
import type { Goal } from '../../shared/goals';
import type { Tilsynsramme } from '../../shared/tilsynsramme';
import type { Institution } from '../../shared/institution';
import type { Anbefaling, Anerkendelse, FokuspunktNote, Inspection, ThemeScore } from '../../shared/inspection';
import type { Observation } from '../../shared/observation';
import type { Dobbeltscoring, UafhaengigScore } from '../../shared/calibration/records';
import type { OutboxRow } from '../../shared/records';
import type { Conflict } from '../../shared/sync/wire';
import type { Rejection } from '../../shared/sync/clientCore';
import { buildSummaries, inspectionSummaryMiddleware, type InstitutionSummaries } from './inspectionSummaries';
import { dashboardRevisionMiddleware } from './dashboardRevision';
import type { RevisionRow, StoredDashboardResult } from './dashboardStores';

/** A pulled record of a type this app version does not know: kept, and shown as "opdater appen". */
export interface UnknownRecordRow {
  recordType: string;
  id: string;
  record: Record<string, unknown>;
}

export interface MetaRow {
  key: string;
  value: unknown;
}

/**
 * The local database. Every schema version stays listed with its upgrade step, so a laptop that
 * skipped app versions still upgrades in order and keeps its unsent work.
 */
export class TilsynDatabase extends Dexie {
  institutions!: Table<Institution, string>;
  frameworks!: Table<Framework, string>;
  inspections!: Table<Inspection, string>;
  themeScores!: Table<ThemeScore, string>;
  fokuspunktNotes!: Table<FokuspunktNote, string>;
  anerkendelser!: Table<Anerkendelse, string>;
  anbefalinger!: Table<Anbefaling, string>;
  outbox!: Table<OutboxRow, number>;
  meta!: Table<MetaRow, string>;
  goals!: Table<Goal, string>;
  conflicts!: Table<Conflict, string>;
  rejections!: Table<Rejection, string>;
  unknownRecords!: Table<UnknownRecordRow, [string, string]>;
  hoeringssvar!: Table<Hoeringssvar, string>;
  hoeringskommentarer!: Table<Hoeringskommentar, string>;
  rapportversioner!: Table<Rapportversion, string>;
  opfoelgninger!: Table<Opfoelgning, string>;
  institutionSummaries!: Table<InstitutionSummaries, string>;
  bestyrelsesorienteringer!: Table<Bestyrelsesorientering, string>;
  publiceringer!: Table<Publicering, string>;
  tilbagetraekninger!: Table<Tilbagetraekning, string>;
  skaerpedeTilsyn!: Table<SkaerpetTilsyn, string>;
  handleplaner!: Table<Handleplan, string>;
  tilsynsrammer!: Table<Tilsynsramme, string>;
  observations!: Table<Observation, string>;
  dobbeltscoringer!: Table<Dobbeltscoring, string>;
  uafhaengigeScorer!: Table<UafhaengigScore, string>;
  pullUnconfirmed!: Table<{ key: string }, string>;
  dashboardRevision!: Table<RevisionRow, string>;
  dashboardResults!: Table<StoredDashboardResult, string>;

  /** The durability of this connection's write transactions (also of the direct save, recordStore.ts). */
  readonly durability: 'strict' | 'relaxed';

  constructor(name = 'tilsyn', durability: 'strict' | 'relaxed' = 'strict') {
    // 'strict' makes Chromium flush to disk before a transaction completes: "Gemt" means saved.
    // 'relaxed' only for work that is safe to lose whole (the sync engine's pulled pages, relaxedTwin).
    super(name, { chromeTransactionDurability: durability });
    this.durability = durability;
    this.version(1).stores({
      institutions: 'id, name, type, ownership, district',
      frameworks: 'id',
      inspections: 'id, institutionId, [institutionId+date], status, date',
      themeScores: 'id, inspectionId',
      fokuspunktNotes: 'id, inspectionId',
      anerkendelser: 'id, inspectionId',
      anbefalinger: 'id, inspectionId',
      outbox: '++seq, mutationId, [recordType+recordId]',
      meta: 'key',
    });
    // Version 2: municipal goals (reference data, like institutions). Adds a table; nothing to migrate.
    this.version(2).stores({
      goals: 'id, themeId',
    });
    // Version 3: sync. Conflicts and rejections the user must see, and records from newer app versions.
    this.version(3).stores({
      conflicts: 'id, recordType, recordId, institutionId',
      rejections: 'mutationId, at',
      unknownRecords: '[recordType+id], recordType',
    });
    // Version 4: høring, frozen report versions and follow-up items (new synced record types).
    // Records of these types pulled by an older version were kept in unknownRecords: move them over.
    this.version(4)
      .stores({
        hoeringssvar: 'id, inspectionId',
        hoeringskommentarer: 'id, inspectionId',
        rapportversioner: 'id, inspectionId',
        opfoelgninger: 'id, inspectionId, institutionId',
      })
      .upgrade(async (tx) => {
        const moved: Record<string, string> = { hoeringssvar: 'hoeringssvar', hoeringskommentar: 'hoeringskommentarer', rapportversion: 'rapportversioner', opfoelgning: 'opfoelgninger' };
        for (const [recordType, table] of Object.entries(moved)) {
          const rows = (await tx.table('unknownRecords').where('recordType').equals(recordType).toArray()) as UnknownRecordRow[];
          if (rows.length === 0) continue;
          await tx.table(table).bulkPut(rows.map((r) => r.record));
          await tx.table('unknownRecords').where('recordType').equals(recordType).delete();
        }
      });
    // Version 5: a summary row per inspection for the dashboard. Superseded by version 6, which
    // drops this table and builds its replacement, so nothing is migrated here.
    this.version(5).stores({ inspectionSummaries: 'id' });
    // Version 6: the dashboard's summaries grouped in one row per institution (fewer, smaller rows to
    // read), kept in the same transaction as every write by inspectionSummaryMiddleware. Built once from the records.
    this.version(6)
      .stores({ inspectionSummaries: null, institutionSummaries: 'id' })
      .upgrade(async (tx) => {
        const [inspections, scores] = await Promise.all([tx.table('inspections').toArray(), tx.table('themeScores').toArray()]);
        await tx.table('institutionSummaries').bulkPut(buildSummaries(inspections, scores));
      });
    // Version 7: a full copy (a pull with reset) that is cut short resumes where it stopped: the
    // local keys it has not delivered yet are kept here, so its end can still drop what it lacks.
    this.version(7).stores({ pullUnconfirmed: 'key' });
    // Version 8: the tilsynsramme's gældende versions (reference data, pulled like the goals). Adds a table.
    this.version(8).stores({ tilsynsrammer: 'id, version' });
    // Version 9: observation records (issue 12). Records of the type pulled by an older version were
    // kept in unknownRecords: move them over.
    this.version(9)
      .stores({ observations: 'id, inspectionId' })
      .upgrade(async (tx) => {
        const rows = (await tx.table('unknownRecords').where('recordType').equals('observation').toArray()) as UnknownRecordRow[];
        if (rows.length === 0) return;
        await tx.table('observations').bulkPut(rows.map((r) => r.record));
        await tx.table('unknownRecords').where('recordType').equals('observation').delete();
      });
    // Version 10: the board's orientation and publications (issue 13). Records of these types pulled
    // by an older version were kept in unknownRecords: move them over.
    this.version(10)
      .stores({ bestyrelsesorienteringer: 'id, inspectionId', publiceringer: 'id, inspectionId, institutionId' })
      .upgrade(async (tx) => {
        for (const [recordType, table] of [['bestyrelsesorientering', 'bestyrelsesorienteringer'], ['publicering', 'publiceringer']] as const) {
          const rows = (await tx.table('unknownRecords').where('recordType').equals(recordType).toArray()) as UnknownRecordRow[];
          if (rows.length === 0) continue;
          await tx.table(table).bulkPut(rows.map((r) => r.record));
          await tx.table('unknownRecords').where('recordType').equals(recordType).delete();
        }
      });
    // Version 11: skærpet-tilsyn cases and handleplaner (new synced record types, issue 13). Records
    // of these types pulled by an older version were kept in unknownRecords: move them over.
    this.version(11)
      .stores({ skaerpedeTilsyn: 'id, institutionId, status', handleplaner: 'id, institutionId, status' })
      .upgrade(async (tx) => {
        for (const [recordType, table] of [['skaerpetTilsyn', 'skaerpedeTilsyn'], ['handleplan', 'handleplaner']] as const) {
          const rows = (await tx.table('unknownRecords').where('recordType').equals(recordType).toArray()) as UnknownRecordRow[];
          if (rows.length === 0) continue;
          await tx.table(table).bulkPut(rows.map((r) => r.record));
          await tx.table('unknownRecords').where('recordType').equals(recordType).delete();
        }
      });
    // Version 12: double scoring (issue 16): the draw with its consensus, and the raters' blind sets.
    // Records of these types pulled by an older version were kept in unknownRecords: move them over.
    this.version(12)
      .stores({ dobbeltscoringer: 'id, inspectionId', uafhaengigeScorer: 'id, inspectionId' })
      .upgrade(async (tx) => {
        for (const [recordType, table] of [['dobbeltscoring', 'dobbeltscoringer'], ['uafhaengigScore', 'uafhaengigeScorer']] as const) {
          const rows = (await tx.table('unknownRecords').where('recordType').equals(recordType).toArray()) as UnknownRecordRow[];
          if (rows.length === 0) continue;
          await tx.table(table).bulkPut(rows.map((r) => r.record));
          await tx.table('unknownRecords').where('recordType').equals(recordType).delete();
        }
      });
    // Version 17: withdrawals of publications (issue 13). Records of the type pulled by an older
    // version were kept in unknownRecords: move them over.
    this.version(17)
      .stores({ tilbagetraekninger: 'id, inspectionId, institutionId' })
      .upgrade(async (tx) => {
        const rows = (await tx.table('unknownRecords').where('recordType').equals('tilbagetraekning').toArray()) as UnknownRecordRow[];
        if (rows.length === 0) return;
        await tx.table('tilbagetraekninger').bulkPut(rows.map((r) => r.record));
        await tx.table('unknownRecords').where('recordType').equals('tilbagetraekning').delete();
      });
    // Version 20: the dashboard's data revision and the result it last opened with (issue 10, dashboardRevision.ts).
    this.version(20).stores({ dashboardRevision: 'id', dashboardResults: 'id' });
    this.use(inspectionSummaryMiddleware);
    this.use(dashboardRevisionMiddleware);
    this.use(memoizedTablesMiddleware);
  }
}

/**
 * Every Dexie transaction asks the middleware stack for each table it touches, and every layer
 * (Dexie's own five and the two above) builds its wrapper anew: a tenth of a save's CPU. The
 * wrappers depend on the table's name and schema only (they find the transaction in each request),
 * so the top of the stack keeps them, built once per opened database.
 */
const memoizedTablesMiddleware: Middleware<DBCore> = {
  stack: 'dbcore',
  name: 'MemoizedTables',
  level: 100,
  create(down) {
    const tables = new Map<string, DBCoreTable>();
    return {
      ...down,
      table(name) {
        let table = tables.get(name);
        if (!table) tables.set(name, (table = down.table(name)));
        return table;
      },
    };
  },
};

const twins = new WeakMap<TilsynDatabase, TilsynDatabase>();

/**
 * A second connection to the same database whose transactions do not wait for the disk: for work
 * that may be lost whole in a power cut but never half-done (a pulled page and its cursor). Its
 * writes reach every live query of the app like any other.
 */
export function relaxedTwin(db: TilsynDatabase): TilsynDatabase {
  let twin = twins.get(db);
  // A delete or an upgrade of the database closes the twin (Dexie gives way on versionchange): make a new one then.
  if (!twin || twin.hasBeenClosed() || twin.hasFailed()) {
    twin = new TilsynDatabase(db.name, 'relaxed');
    twins.set(db, twin);
  }
  return twin;
}

let instance: TilsynDatabase | null = null;

export function getDatabase(): TilsynDatabase {
  instance ??= new TilsynDatabase();
  return instance;
}
