import type { Kysely } from 'kysely';
import { MUTABLE_RECORDS, type RecordType } from '../../shared/records';
import type { Database, RecordsTable } from '../db/schema';
import { toJson } from '../db/json';
import { analyzeAfterBulkWrite } from '../db/plannerStatistics';
import { writeTransaction } from '../db/sequence';
import { isTombstone, withUnknownFields } from '../sync/records';
import { creatorFieldRevs, placementOf } from '../sync/store';

export interface SeedRecord {
  type: RecordType;
  data: Record<string, unknown>;
}

const CHUNK = 200;

/**
 * Insert records made on the server (demo data, benchmarks) as revision 1, validated by their schema.
 * Inspections must come before their child records, or already be in the database.
 */
export async function seedRecords(db: Kysely<Database>, items: readonly SeedRecord[], clientId = 'server-seed', userId = 'server'): Promise<number> {
  const written = await writeTransaction(db, async (trx, seq) => {
    const now = new Date().toISOString();
    const inspections = new Map<string, { id: string; institutionId: string; lederVisible: number }>();
    const rows: RecordsTable[] = [];
    for (const item of items) {
      const input = { ...item.data, rev: 1 };
      const parsed = MUTABLE_RECORDS[item.type].parse(input) as Record<string, unknown>;
      const data = withUnknownFields(item.type, input, parsed);
      const id = String(data.id);
      let parent: { id: string; institutionId: string; lederVisible: number } | undefined;
      if (item.type !== 'inspection') {
        const inspectionId = String(data.inspectionId);
        parent = inspections.get(inspectionId);
        if (!parent) {
          const row = await trx.selectFrom('records').select(['institution_id', 'leder_visible']).where('type', '=', 'inspection').where('id', '=', inspectionId).executeTakeFirst();
          if (!row) throw new Error(`Seed: tilsynet ${inspectionId} findes ikke`);
          parent = { id: inspectionId, institutionId: row.institution_id, lederVisible: row.leder_visible };
          inspections.set(inspectionId, parent);
        }
      }
      const { institutionId, inspectionId, lederVisible } = placementOf(item.type, id, data, parent);
      if (item.type === 'inspection') inspections.set(id, { id, institutionId, lederVisible });
      rows.push({
        type: item.type,
        id,
        institution_id: institutionId,
        inspection_id: inspectionId,
        data: toJson(data),
        field_revs: toJson(creatorFieldRevs(item.type, data, clientId)),
        rev: 1,
        deleted: isTombstone(item.type, data) ? 1 : 0,
        leder_visible: lederVisible,
        updated_at: now,
        seq: seq.next(),
      });
    }
    for (let i = 0; i < rows.length; i += CHUNK) {
      const chunk = rows.slice(i, i + CHUNK);
      await trx.insertInto('records').values(chunk).execute();
      await trx
        .insertInto('record_revisions')
        .values(chunk.map((r) => ({ type: r.type, id: r.id, rev: 1, data: r.data, client_id: clientId, user_id: userId, mutation_id: null, created_at: now })))
        .execute();
    }
    return rows.length;
  });
  // A bulk write: the planner learns of it now, not at autovacuum's next round (server/db/plannerStatistics.ts).
  await analyzeAfterBulkWrite(db, { records: written });
  return written;
}

/** Institutions made on the server, skipping ids that exist. */
export async function seedInstitutions(db: Kysely<Database>, institutions: readonly { id: string }[]): Promise<number> {
  const written = await writeTransaction(db, async (trx, seq) => {
    const now = new Date().toISOString();
    let n = 0;
    for (const inst of institutions) {
      const exists = await trx.selectFrom('institutions').select('id').where('id', '=', inst.id).executeTakeFirst();
      if (exists) continue;
      const data = { ...inst, rev: 1 };
      await trx.insertInto('institutions').values({ id: inst.id, data: toJson(data), rev: 1, seq: seq.next(), updated_at: now }).execute();
      n++;
    }
    return n;
  });
  await analyzeAfterBulkWrite(db, { institutions: written });
  return written;
}
