import { z } from 'zod';
import { msg } from './i18n/i18n';

/**
 * A copy of the desktop app's whole local database (every Dexie table, the outbox of unsent changes
 * included), exported by the renderer while the app runs and kept by the main process as a backup
 * (electron/backups.ts). The renderer makes it and reads it back, so the database files Chromium
 * holds open are never copied.
 */
export const LOCAL_SNAPSHOT_FORMAT = 'tilsyn-local-snapshot';
/** Far above a municipality's data (a few MB), far below what would strain the IPC. */
export const LOCAL_SNAPSHOT_MAX_CHARS = 200 * 1024 * 1024;

export const LocalSnapshotSchema = z.object({
  format: z.literal(LOCAL_SNAPSHOT_FORMAT),
  version: z.literal(1),
  exportedAt: z.string(),
  /** Dexie's schema version of the database it was taken from. */
  databaseVersion: z.number().int().positive(),
  tables: z.record(z.string().regex(/^[A-Za-z][A-Za-z0-9_]{0,63}$/, { error: msg('validation:snapshot.tableName') }), z.array(z.unknown())),
});
export type LocalSnapshot = z.infer<typeof LocalSnapshotSchema>;

/** Parse a snapshot's text; throws a Danish message. */
export function parseLocalSnapshot(text: string): LocalSnapshot {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new Error('Backuppen er ikke gyldig JSON');
  }
  const parsed = LocalSnapshotSchema.safeParse(json);
  if (!parsed.success) throw new Error(`Backuppen kan ikke læses: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  return parsed.data;
}
