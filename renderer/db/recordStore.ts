import type { Table } from 'dexie';
import { uuidv7 } from '../../shared/ids';
import { MUTABLE_RECORDS, SYSTEM_FIELDS, type OutboxRow, type RecordType } from '../../shared/records';
import type { TilsynDatabase } from './database';
import { parseOrThrow } from './validation';

type AnyRecord = { id: string; rev: number; updatedAt: string } & Record<string, unknown>;

export const TABLE_OF = {
  inspection: 'inspections',
  themeScore: 'themeScores',
  fokuspunktNote: 'fokuspunktNotes',
  anerkendelse: 'anerkendelser',
  anbefaling: 'anbefalinger',
  hoeringssvar: 'hoeringssvar',
  hoeringskommentar: 'hoeringskommentarer',
  rapportversion: 'rapportversioner',
  opfoelgning: 'opfoelgninger',
} as const satisfies Record<RecordType, keyof TilsynDatabase>;

export function tableOf(db: TilsynDatabase, type: RecordType): Table<AnyRecord, string> {
  return db[TABLE_OF[type]] as unknown as Table<AnyRecord, string>;
}

/** Outbox rows at or below this seq are being pushed and must not be changed. */
export const OUTBOX_LOCK_KEY = 'outboxLockedThrough';

const SYSTEM = new Set<string>(SYSTEM_FIELDS);

function changedFields(prev: AnyRecord | undefined, next: AnyRecord): Record<string, unknown> {
  const fields: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(next)) {
    if (SYSTEM.has(k)) continue;
    if (!prev || JSON.stringify(prev[k]) !== JSON.stringify(v)) fields[k] = v;
  }
  return fields;
}

/**
 * The one way the UI changes a record: read, change, validate with the shared schema, then write the
 * record and its outbox row in one strict-durability transaction. Changes to a record that is still
 * waiting to be sent are folded into its pending outbox row, unless a push has locked that row.
 */
export async function updateRecord<T extends AnyRecord>(
  db: TilsynDatabase,
  type: RecordType,
  id: string,
  change: (current: T | undefined) => unknown,
): Promise<T> {
  const table = tableOf(db, type);
  return db.transaction('rw', [table, db.outbox, db.meta], async () => {
    const current = (await table.get(id)) as T | undefined;
    const draft = change(current) as Record<string, unknown>;
    const next = parseOrThrow(MUTABLE_RECORDS[type], {
      ...draft,
      id,
      rev: current?.rev ?? 0,
      updatedAt: new Date().toISOString(),
    }) as unknown as T;
    const fields = changedFields(current, next);
    if (current && Object.keys(fields).length === 0) return current;
    await table.put(next);
    await addToOutbox(db, type, id, current?.rev ?? 0, fields);
    return next;
  });
}

async function addToOutbox(db: TilsynDatabase, recordType: RecordType, recordId: string, baseRev: number, fields: Record<string, unknown>) {
  // A status change keeps its own row, in order: the server must see the scores written before a
  // "send to høring" before the status change itself, never after it.
  const lifecycleStep = (f: Record<string, unknown>) => recordType === 'inspection' && 'status' in f;
  const locked = lifecycleStep(fields) ? Number.MAX_SAFE_INTEGER : (((await db.meta.get(OUTBOX_LOCK_KEY))?.value as number | undefined) ?? 0);
  const pending = await db.outbox
    .where('[recordType+recordId]')
    .equals([recordType, recordId])
    .filter((row) => (row.seq ?? 0) > locked && !lifecycleStep(row.fields) && !row.resolvesConflicts && !row.clientId)
    .last();
  if (pending) {
    await db.outbox.update(pending.seq!, { fields: { ...pending.fields, ...fields } });
    return;
  }
  const row: OutboxRow = { mutationId: uuidv7(), recordType, recordId, baseRev, fields, createdAt: new Date().toISOString() };
  await db.outbox.add(row);
}
