import { ConsultantDirectorySchema, type ConsultantDirectory } from '../../shared/impartiality';
import type { Inspection } from '../../shared/inspection';
import { isEditable } from '../../shared/lifecycle';
import type { ServerClient } from '../sync/serverClient';
import { currentActor } from './actor';
import type { TilsynDatabase } from './database';
import { updateRecord } from './recordStore';

/**
 * The consultant directory (GET /api/consultants): the users who can be put on a visit and their
 * declared relations to institutions. Kept in the meta table so a consultant picks colleagues, and
 * the write judge checks impartiality, offline. Fetched after every successful sync; a failure keeps
 * the copy there is.
 */
export interface CachedDirectory {
  serverUrl: string;
  fetchedAt: string;
  directory: ConsultantDirectory;
}

export const DIRECTORY_META_KEY = 'consultantDirectory';

export async function refreshConsultantDirectory(db: TilsynDatabase, client: ServerClient): Promise<CachedDirectory | null> {
  const directory = await client.get('/api/consultants', ConsultantDirectorySchema).catch(() => null);
  if (!directory) return null;
  const row: CachedDirectory = { serverUrl: client.baseUrl, fetchedAt: new Date().toISOString(), directory };
  await db.meta.put({ key: DIRECTORY_META_KEY, value: row });
  await matchLegacyNames(db, directory).catch(() => 0);
  return row;
}

/** The stored directory, or null (never fetched on this device, or an older app's copy). */
export async function cachedDirectory(db: TilsynDatabase): Promise<ConsultantDirectory | null> {
  const value = (await db.meta.get(DIRECTORY_META_KEY))?.value as CachedDirectory | undefined;
  const parsed = ConsultantDirectorySchema.safeParse(value?.directory);
  return parsed.success ? parsed.data : null;
}

/** Names that match exactly one user's display name: name → user id. */
export function exactNameMatches(directory: ConsultantDirectory): Map<string, string> {
  const byName = new Map<string, string | null>();
  for (const u of directory.users) byName.set(u.displayName, byName.has(u.displayName) ? null : u.id);
  return new Map([...byName].filter((e): e is [string, string] => e[1] !== null));
}

/** An inspection's consultants with every legacy name that matches exactly one user moved to an id. */
export function withMatchedNames(inspection: Pick<Inspection, 'consultantIds' | 'consultants'>, matches: ReadonlyMap<string, string>): { consultantIds: string[]; consultants: string[] } {
  const ids = [...(inspection.consultantIds ?? [])];
  const names: string[] = [];
  for (const name of inspection.consultants) {
    const id = matches.get(name);
    if (id && !ids.includes(id)) ids.push(id);
    else if (!id) names.push(name);
  }
  return { consultantIds: ids, consultants: names };
}

/**
 * The client side of migration 0710: visits written on this device with free-text names (before the
 * directory, or before logging in) get user ids where a name matches a user exactly; other names stay,
 * shown as names without a user. Only visits still being worked on, and never on a leder's device.
 * Returns how many inspections changed.
 */
export async function matchLegacyNames(db: TilsynDatabase, directory: ConsultantDirectory): Promise<number> {
  const actor = await currentActor(db);
  if (actor.role === 'leder') return 0;
  const matches = exactNameMatches(directory);
  const candidates = await db.inspections.filter((i) => isEditable(i.status) && i.consultants.some((n) => matches.has(n))).toArray();
  let changed = 0;
  for (const inspection of candidates) {
    try {
      await updateRecord<Inspection>(db, 'inspection', inspection.id, (current) => (current ? { ...current, ...withMatchedNames(current, matches) } : current));
      changed++;
    } catch {
      // Refused (a blocking relation, a lifecycle change meanwhile): the name stays as written.
    }
  }
  return changed;
}
