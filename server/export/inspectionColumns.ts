import { sql, SqliteAdapter, type Kysely, type RawBuilder } from 'kysely';
import type { Database } from '../db/schema';

/*
 * An inspection's visit date, status and framework live in the record's JSON (records.data). These
 * are the SQL expressions that read them, written exactly as the 0400_ indexes are, so the export
 * and the statistics filter and order in the database (not in memory) and use the index. Ids
 * compare byte for byte (COLLATE "C" on PostgreSQL, SQLite's default), so the keyset order is the
 * same on both databases.
 */

export interface InspectionColumns {
  /**
   * `records.type = 'inspection'`. On SQLite written `+records.type`, which keeps the planner (it has
   * no statistics) from taking the primary key (type, id) and sorting every inspection, instead of
   * reading the export index in its order from the cursor on.
   */
  isInspection: RawBuilder<boolean>;
  institutionId: RawBuilder<string>;
  id: RawBuilder<string>;
  date: RawBuilder<string>;
  status: RawBuilder<string>;
  frameworkId: RawBuilder<string>;
}

export function isSqlite(db: Kysely<Database>): boolean {
  return db.getExecutor().adapter instanceof SqliteAdapter;
}

/**
 * `records.type = <type>` for lookups by another index (theme scores by inspection_id): on SQLite
 * written `+records.type`, or the planner, without statistics, takes the primary key (type, id) and
 * reads every record of the type instead of the few of the inspections asked for.
 */
export function recordTypeIs(db: Kysely<Database>, type: string): RawBuilder<boolean> {
  return isSqlite(db) ? sql<boolean>`+records.type = ${type}` : sql<boolean>`records.type = ${type}`;
}

export function inspectionColumns(db: Kysely<Database>): InspectionColumns {
  if (isSqlite(db))
    return {
      isInspection: sql<boolean>`+records.type = 'inspection'`,
      institutionId: sql<string>`records.institution_id`,
      id: sql<string>`records.id`,
      date: sql<string>`json_extract(records.data, '$.date')`,
      status: sql<string>`json_extract(records.data, '$.status')`,
      frameworkId: sql<string>`json_extract(records.data, '$.frameworkId')`,
    };
  return {
    isInspection: sql<boolean>`records.type = 'inspection'`,
    institutionId: sql<string>`(records.institution_id collate "C")`,
    id: sql<string>`(records.id collate "C")`,
    date: sql<string>`(records.data::jsonb ->> 'date')`,
    status: sql<string>`(records.data::jsonb ->> 'status')`,
    frameworkId: sql<string>`(records.data::jsonb ->> 'frameworkId')`,
  };
}
