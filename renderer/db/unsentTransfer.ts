import { RECORD_TYPES } from '../../shared/records';
import { buildUnsentChangesFile, mergeUnsent, type UnsentChangesFile } from '../../shared/unsentChanges';
import { getClientId } from './clientId';
import type { TilsynDatabase } from './database';
import { tableOf, writeImported } from './recordStore';

/** The file "Eksporter ikke-sendte ændringer…" saves: every outbox row not yet acknowledged by the server. */
export async function exportUnsent(db: TilsynDatabase): Promise<UnsentChangesFile> {
  const clientId = await getClientId(db);
  const rows = await db.outbox.orderBy('seq').toArray();
  return buildUnsentChangesFile(clientId, rows);
}

const IMPORTED_KEY = 'importedMutationIds';

export interface ImportResult {
  added: number;
  alreadyHere: number;
  /** Rows whose change would make an invalid record here; they are not imported (Danish reasons). */
  refused: string[];
}

/**
 * Imports another installation's unsent changes: each new row is applied to the local record and
 * queued in the outbox under its original clientId and mutationId, in one transaction. Importing
 * the same file again adds nothing, even after the rows have been pushed.
 */
export async function importUnsent(db: TilsynDatabase, file: UnsentChangesFile): Promise<ImportResult> {
  const tables = RECORD_TYPES.map((t) => tableOf(db, t));
  return db.transaction('rw', [db.outbox, db.meta, ...tables], async () => {
    const seenBefore = new Set<string>(((await db.meta.get(IMPORTED_KEY))?.value as string[] | undefined) ?? []);
    const queued = new Set((await db.outbox.toArray()).map((r) => r.mutationId));
    const toAdd = mergeUnsent(new Set([...seenBefore, ...queued]), file);
    const { added, refused } = await writeImported(db, toAdd, file.clientId);
    for (const id of added) seenBefore.add(id);
    await db.meta.put({ key: IMPORTED_KEY, value: [...seenBefore] });
    return { added: added.length, alreadyHere: file.rows.length - toAdd.length, refused };
  });
}
