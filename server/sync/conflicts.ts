import type { Selectable } from 'kysely';
import type { Conflict } from '../../shared/sync/wire';
import { fromJson } from '../db/json';
import type { ConflictsTable } from '../db/schema';
import type { Db } from './records';

export type ConflictRow = Selectable<ConflictsTable> & { user_name: string | null };

export function conflictToWire(row: ConflictRow): Conflict {
  return {
    id: row.id,
    recordType: row.record_type,
    recordId: row.record_id,
    institutionId: row.institution_id,
    field: row.field,
    ...(row.base_value === null ? {} : { baseValue: fromJson(row.base_value) }),
    serverValue: fromJson(row.server_value),
    clientValue: fromJson(row.client_value),
    serverRev: row.server_rev,
    clientId: row.client_id,
    mutationId: row.mutation_id,
    userId: row.user_id,
    userName: row.user_name ?? '',
    createdAt: row.created_at,
    resolvedAt: row.resolved_at,
    resolvedBy: row.resolved_by,
  };
}

/** Conflicts with their author's display name. */
export function selectConflicts(db: Db) {
  return db
    .selectFrom('conflicts')
    .leftJoin('users', 'users.id', 'conflicts.user_id')
    .selectAll('conflicts')
    .select('users.display_name as user_name');
}
