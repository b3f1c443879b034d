import { Migrator, SqliteAdapter, sql, type Kysely, type Migration, type MigrationProvider } from 'kysely';
import { uuidv7 } from '../../shared/ids';
import { migrateConsultantNames } from './consultantNames';

/**
 * In-code migrations, the same for SQLite and PostgreSQL (only portable column types). Add new ones
 * at the end with a higher prefix; never edit one that has shipped.
 */
export const migrations: Readonly<Record<string, Migration>> = {
  '0001_initial': {
    async up(db: Kysely<any>) {
      await db.schema
        .createTable('users')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('username', 'text', (c) => c.notNull().unique())
        .addColumn('display_name', 'text', (c) => c.notNull())
        .addColumn('role', 'text', (c) => c.notNull())
        .addColumn('password_hash', 'text', (c) => c.notNull())
        .addColumn('disabled', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('scope_epoch', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .execute();

      await db.schema
        .createTable('user_institutions')
        .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
        .addColumn('institution_id', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('user_institutions_pk', ['user_id', 'institution_id'])
        .execute();
      await db.schema.createIndex('user_institutions_institution').on('user_institutions').column('institution_id').execute();

      await db.schema
        .createTable('tokens')
        .addColumn('token_hash', 'text', (c) => c.primaryKey())
        .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('last_used_at', 'text', (c) => c.notNull())
        .addColumn('revoked_at', 'text')
        .execute();
      await db.schema.createIndex('tokens_user').on('tokens').column('user_id').execute();

      await db.schema
        .createTable('institutions')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('data', 'text', (c) => c.notNull())
        .addColumn('rev', 'integer', (c) => c.notNull())
        .addColumn('seq', 'bigint', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('institutions_seq').on('institutions').column('seq').execute();

      await db.schema
        .createTable('frameworks')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('version', 'integer', (c) => c.notNull().unique())
        .addColumn('data', 'text', (c) => c.notNull())
        .addColumn('seq', 'bigint', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('frameworks_seq').on('frameworks').column('seq').execute();

      await db.schema
        .createTable('records')
        .addColumn('type', 'text', (c) => c.notNull())
        .addColumn('id', 'text', (c) => c.notNull())
        .addColumn('institution_id', 'text', (c) => c.notNull())
        .addColumn('inspection_id', 'text', (c) => c.notNull())
        .addColumn('data', 'text', (c) => c.notNull())
        .addColumn('field_revs', 'text', (c) => c.notNull())
        .addColumn('rev', 'integer', (c) => c.notNull())
        .addColumn('deleted', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('leder_visible', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .addColumn('seq', 'bigint', (c) => c.notNull())
        .addPrimaryKeyConstraint('records_pk', ['type', 'id'])
        .execute();
      await db.schema.createIndex('records_seq').on('records').column('seq').execute();
      await db.schema.createIndex('records_institution_seq').on('records').columns(['institution_id', 'seq']).execute();
      await db.schema.createIndex('records_inspection').on('records').column('inspection_id').execute();

      await db.schema
        .createTable('record_revisions')
        .addColumn('type', 'text', (c) => c.notNull())
        .addColumn('id', 'text', (c) => c.notNull())
        .addColumn('rev', 'integer', (c) => c.notNull())
        .addColumn('data', 'text', (c) => c.notNull())
        .addColumn('client_id', 'text', (c) => c.notNull())
        .addColumn('user_id', 'text', (c) => c.notNull())
        .addColumn('mutation_id', 'text')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('record_revisions_pk', ['type', 'id', 'rev'])
        .execute();

      await db.schema
        .createTable('mutations')
        .addColumn('client_id', 'text', (c) => c.notNull())
        .addColumn('mutation_id', 'text', (c) => c.notNull())
        .addColumn('user_id', 'text', (c) => c.notNull())
        .addColumn('record_type', 'text', (c) => c.notNull())
        .addColumn('record_id', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('result', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addUniqueConstraint('mutations_client_mutation', ['client_id', 'mutation_id'])
        .execute();

      await db.schema
        .createTable('conflicts')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('record_type', 'text', (c) => c.notNull())
        .addColumn('record_id', 'text', (c) => c.notNull())
        .addColumn('institution_id', 'text', (c) => c.notNull())
        .addColumn('field', 'text', (c) => c.notNull())
        .addColumn('base_value', 'text')
        .addColumn('server_value', 'text', (c) => c.notNull())
        .addColumn('client_value', 'text', (c) => c.notNull())
        .addColumn('server_rev', 'integer', (c) => c.notNull())
        .addColumn('client_id', 'text', (c) => c.notNull())
        .addColumn('mutation_id', 'text', (c) => c.notNull())
        .addColumn('user_id', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('resolved_at', 'text')
        .addColumn('resolved_by', 'text')
        .addColumn('resolution_mutation_id', 'text')
        .addColumn('seq', 'bigint', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('conflicts_seq').on('conflicts').column('seq').execute();
      await db.schema.createIndex('conflicts_record').on('conflicts').columns(['record_type', 'record_id']).execute();

      await db.schema
        .createTable('sync_sequence')
        .addColumn('id', 'integer', (c) => c.primaryKey())
        .addColumn('value', 'bigint', (c) => c.notNull())
        .execute();
      await db.insertInto('sync_sequence').values({ id: 1, value: 0 }).execute();
    },
  },
  // Login limiter state (per username + client, and the per-IP ceiling), shared by every server process.
  '0101_login_attempts': {
    async up(db: Kysely<any>) {
      await db.schema
        .createTable('login_attempts')
        .addColumn('key', 'text', (c) => c.primaryKey())
        .addColumn('count', 'integer', (c) => c.notNull())
        .addColumn('window_start', 'bigint', (c) => c.notNull())
        .addColumn('window_end', 'bigint', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('login_attempts_window_end').on('login_attempts').column('window_end').execute();
    },
  },
  '0102_audit': {
    async up(db: Kysely<any>) {
      await db.schema
        .createTable('audit')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('at', 'text', (c) => c.notNull())
        .addColumn('actor_id', 'text')
        .addColumn('actor_username', 'text')
        .addColumn('action', 'text', (c) => c.notNull())
        .addColumn('target', 'text')
        .addColumn('ip', 'text')
        .addColumn('details', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('audit_action').on('audit').columns(['action', 'id']).execute();
    },
  },
  '0201_goals': {
    async up(db: Kysely<any>) {
      await db.schema
        .createTable('goals')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('data', 'text', (c) => c.notNull())
        .addColumn('rev', 'integer', (c) => c.notNull())
        .addColumn('seq', 'bigint', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('goals_seq').on('goals').column('seq').execute();
    },
  },
  // Logins as devices: an id to name one in the user's list (never the hash), and the label the login sent.
  // 0210, not 0200: 0201_goals had shipped, and Kysely refuses a migration that sorts before a run one.
  '0210_token_devices': {
    async up(db: Kysely<any>) {
      await db.schema.alterTable('tokens').addColumn('id', 'text').execute();
      await db.schema.alterTable('tokens').addColumn('device_name', 'text').execute();
      const rows = await db.selectFrom('tokens').select('token_hash').execute();
      for (const r of rows) await db.updateTable('tokens').set({ id: uuidv7() }).where('token_hash', '=', r.token_hash).execute();
      await db.schema.createIndex('tokens_id').on('tokens').column('id').unique().execute();
    },
  },
  // Read-only API tokens for BI tools.
  '0211_api_tokens': {
    async up(db: Kysely<any>) {
      await db.schema
        .createTable('api_tokens')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('token_hash', 'text', (c) => c.notNull().unique())
        .addColumn('scopes', 'text', (c) => c.notNull())
        .addColumn('institution_ids', 'text')
        .addColumn('created_by', 'text')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('last_used_at', 'text')
        .addColumn('revoked_at', 'text')
        .execute();
    },
  },
  '0300_privacy_flags': {
    async up(db: Kysely<any>) {
      await db.schema
        .createTable('privacy_flags')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('record_type', 'text', (c) => c.notNull())
        .addColumn('record_id', 'text', (c) => c.notNull())
        .addColumn('institution_id', 'text', (c) => c.notNull())
        .addColumn('field', 'text', (c) => c.notNull())
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('found_at', 'text', (c) => c.notNull())
        .addColumn('last_found_at', 'text', (c) => c.notNull())
        .addColumn('user_id', 'text')
        .addColumn('cleared_at', 'text')
        .execute();
      await db.schema.createIndex('privacy_flags_record').on('privacy_flags').columns(['record_type', 'record_id', 'field']).execute();
      await db.schema.createIndex('privacy_flags_open').on('privacy_flags').columns(['cleared_at', 'found_at']).execute();
    },
  },
  // The BI export pages inspections in SQL by (institution, visit date, id) and filters on the
  // visit date: one index in that order, on the same expressions as server/export/inspectionColumns.ts
  // (checked with EXPLAIN in tests/unit/server/exportPaging.test.ts).
  '0400_inspection_export_order': {
    async up(db: Kysely<any>) {
      if (db.getExecutor().adapter instanceof SqliteAdapter)
        await sql`create index records_inspection_export on records (type, institution_id, json_extract(data, '$.date'), id)`.execute(db);
      else await sql`create index records_inspection_export on records (type, (institution_id collate "C"), ((data::jsonb ->> 'date')), (id collate "C"))`.execute(db);
    },
  },
  // 0400's index began with `type`, so SQLite (without statistics) took it for every
  // `type = 'themeScore' and inspection_id in (…)` lookup and scanned all theme scores. Without
  // `type` in front it serves the export's order and leaves those lookups to records_inspection.
  '0401_inspection_export_partial': {
    async up(db: Kysely<any>) {
      await sql`drop index records_inspection_export`.execute(db);
      if (db.getExecutor().adapter instanceof SqliteAdapter)
        await sql`create index records_inspection_export_order on records (institution_id, json_extract(data, '$.date'), id)`.execute(db);
      else await sql`create index records_inspection_export_order on records ((institution_id collate "C"), ((data::jsonb ->> 'date')), (id collate "C"))`.execute(db);
    },
  },
  // The municipality's tilsynsramme (dagtilbudsloven § 5 stk. 2) as versions: reference data like the goals.
  '0700_tilsynsrammer': {
    async up(db: Kysely<any>) {
      await db.schema
        .createTable('tilsynsrammer')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('version', 'integer', (c) => c.notNull().unique())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('data', 'text', (c) => c.notNull())
        .addColumn('rev', 'integer', (c) => c.notNull())
        .addColumn('seq', 'bigint', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('tilsynsrammer_seq').on('tilsynsrammer').column('seq').execute();
    },
  },
  // Impartiality (issue 12): the relations users declare to institutions (shared/impartiality.ts).
  '0710_1_user_relations': {
    async up(db: Kysely<any>) {
      await db.schema
        .createTable('user_relations')
        .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
        .addColumn('institution_id', 'text', (c) => c.notNull())
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('ended_on', 'text')
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .addColumn('updated_by', 'text')
        .addPrimaryKeyConstraint('user_relations_pk', ['user_id', 'institution_id', 'kind'])
        .execute();
      await db.schema.createIndex('user_relations_institution').on('user_relations').column('institution_id').execute();
    },
  },
  // Consultants become user ids: exact name matches move, every other name is kept (server/db/consultantNames.ts).
  '0710_2_consultant_names': {
    async up(db: Kysely<any>) {
      await migrateConsultantNames(db);
    },
  },
  // PostgreSQL numbers changes from a real sequence with a "visible up to" watermark instead of
  // the one sync_sequence row every writer queued on (server/db/sequence.ts, docs/sync-protocol.md
  // §4). Advisory lock keys: (21587, 1) = the writers' lock; 21587 << 48 + n = "this transaction
  // takes numbers ≥ n". SQLite keeps the row: it has one writer anyway.
  '0500_sync_sequence_watermark': {
    async up(db: Kysely<any>) {
      if (db.getExecutor().adapter instanceof SqliteAdapter) return;
      await sql`create sequence sync_seq as bigint minvalue 0 start with 0`.execute(db);
      await sql`select setval('sync_seq', (select value from sync_sequence where id = 1), true)`.execute(db);
      await sql`
        create function tilsyn_write_begin(alone boolean) returns bigint language plpgsql as $$
        declare
          last bigint;
        begin
          if alone then perform pg_advisory_xact_lock(21587, 1); else perform pg_advisory_xact_lock_shared(21587, 1); end if;
          select last_value into last from sync_seq;
          perform pg_advisory_xact_lock_shared((21587::bigint << 48) + last + 1);
          return last;
        end $$`.execute(db);
      // The last value is read before the registered bounds: a writer registering after this read
      // takes numbers above it, one registered before is seen below.
      await sql`
        create function tilsyn_visible_seq() returns bigint language plpgsql stable as $$
        declare
          last bigint;
          lowest bigint;
        begin
          select last_value into last from sync_seq;
          select min(((classid::bigint << 32) | objid::bigint) - (21587::bigint << 48)) into lowest
            from pg_locks
            where locktype = 'advisory' and objsubid = 1 and classid::bigint >= (21587::bigint << 16) and classid::bigint < (21588::bigint << 16)
              and database = (select oid from pg_database where datname = current_database());
          return least(last, coalesce(lowest - 1, last));
        end $$`.execute(db);
    },
  },
  // Issue 15: login with the municipality's identity provider (docs/login.md). One provider subject
  // maps to one Tilsyn user; a provider login's device token carries the time of its last proof.
  '0600_oidc_login': {
    async up(db: Kysely<any>) {
      await db.schema
        .createTable('oidc_identities')
        .addColumn('provider', 'text', (c) => c.notNull())
        .addColumn('subject', 'text', (c) => c.notNull())
        .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('last_login_at', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('oidc_identities_pk', ['provider', 'subject'])
        .execute();
      await db.schema.createIndex('oidc_identities_user').on('oidc_identities').column('user_id').execute();
      // A web login between the redirect and the callback (state, nonce, PKCE verifier), and the
      // one-time hand-off from the callback to the app: in the database, so any server process may answer.
      await db.schema
        .createTable('oidc_pending')
        .addColumn('key_hash', 'text', (c) => c.primaryKey())
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('data', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema.alterTable('tokens').addColumn('provider', 'text').execute();
      await db.schema.alterTable('tokens').addColumn('provider_subject', 'text').execute();
      await db.schema.alterTable('tokens').addColumn('proof_at', 'text').execute();
      await db.schema.alterTable('tokens').addColumn('needs_login_at', 'text').execute();
      await db.schema.alterTable('users').addColumn('password_exempt', 'integer', (c) => c.notNull().defaultTo(0)).execute();
      await db.schema
        .createTable('auth_settings')
        .addColumn('key', 'text', (c) => c.primaryKey())
        .addColumn('value', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .execute();
    },
  },
  // Issue 16, double scoring (h1): forvaltning's settings, and one row per visit the sampler judged on
  // its first arrival (the half year's tally: seen, drawn, drawn per consultant).
  '0800_1_calibration': {
    async up(db: Kysely<any>) {
      await db.schema
        .createTable('calibration_settings')
        .addColumn('key', 'text', (c) => c.primaryKey())
        .addColumn('value', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('calibration_draws')
        .addColumn('inspection_id', 'text', (c) => c.primaryKey())
        .addColumn('half_year', 'text', (c) => c.notNull())
        .addColumn('consultant_ids', 'text', (c) => c.notNull())
        .addColumn('drawn', 'integer', (c) => c.notNull())
        .addColumn('selection', 'text')
        .addColumn('second_rater_id', 'text')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('calibration_draws_half_year').on('calibration_draws').column('half_year').execute();
    },
  },
  // Issue 16 part B (docs/kalibrering.md): the calibration lead flag and the calibration sessions
  // (vignettes). Forvaltning's figure settings are a row ('figures') in 0800_1's calibration_settings.
  '0810_calibration_figures': {
    async up(db: Kysely<any>) {
      await db.schema.alterTable('users').addColumn('calibration_lead', 'integer', (c) => c.notNull().defaultTo(0)).execute();
      await db.schema
        .createTable('vignettes')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('title', 'text', (c) => c.notNull())
        .addColumn('situation', 'text', (c) => c.notNull())
        .addColumn('master_scores', 'text', (c) => c.notNull())
        .addColumn('published_at', 'text', (c) => c.notNull())
        .addColumn('published_by', 'text')
        .execute();
      await db.schema
        .createTable('vignette_answers')
        .addColumn('vignette_id', 'text', (c) => c.notNull().references('vignettes.id').onDelete('cascade'))
        .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
        .addColumn('scores', 'text', (c) => c.notNull())
        .addColumn('submitted_at', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('vignette_answers_pk', ['vignette_id', 'user_id'])
        .execute();
    },
  },
  // Issue 10: a push starts with one round trip instead of two: register as a writer
  // (tilsyn_write_begin) and reserve its sequence numbers in one call (server/db/sequence.ts).
  '0830_push_begin': {
    async up(db: Kysely<any>) {
      if (db.getExecutor().adapter instanceof SqliteAdapter) return;
      await sql`
        create function tilsyn_push_begin(n integer) returns bigint[] language plpgsql as $$
        begin
          perform tilsyn_write_begin(false);
          return array(select nextval('sync_seq') from generate_series(1, n));
        end $$`.execute(db);
    },
  },
  // Issue 10 (h2): a push's reads in one round trip instead of six (server/sync/batchState.ts,
  // loadForPush): register as a writer and reserve the numbers (tilsyn_push_begin), the results
  // already stored for its mutation ids, the inspections it touches locked in key order, then its
  // child records locked in key order, then the double scorings of those inspections. Each step is
  // its own statement, so each sees what was committed before it (a child record created by the
  // push whose inspection lock this one waited for is seen, as with separate queries).
  '0910_push_load': {
    async up(db: Kysely<any>) {
      if (db.getExecutor().adapter instanceof SqliteAdapter) return;
      await sql`
        create function tilsyn_push_load(n integer, client text, mutation_ids text[], types text[], ids text[]) returns json language plpgsql as $$
        declare
          numbers bigint[];
          stored json;
          inspection_ids text[];
          inspections json;
          children json;
          scorings json;
        begin
          numbers := tilsyn_push_begin(n);
          select coalesce(json_agg(json_build_object('mutation_id', m.mutation_id, 'user_id', m.user_id, 'result', m.result)), '[]') into stored
            from mutations m where m.client_id = client and m.mutation_id = any(mutation_ids);
          -- The inspections named, and those of the child records named (read once without a lock to learn them).
          select coalesce(array_agg(distinct x order by x), '{}') into inspection_ids from (
            select k.id as x from unnest(types, ids) as k(type, id) where k.type = 'inspection'
            union
            select r.inspection_id from unnest(types, ids) as k(type, id) join records r on r.type = k.type and r.id = k.id where k.type <> 'inspection'
          ) named;
          select coalesce(json_agg(r), '[]') into inspections from (
            select * from records where type = 'inspection' and id = any(inspection_ids) order by id for update
          ) r;
          select coalesce(json_agg(r), '[]') into children from (
            select records.* from records join (select distinct k.type, k.id from unnest(types, ids) as k(type, id) where k.type <> 'inspection') k
              on records.type = k.type and records.id = k.id
            order by records.type, records.id for update of records
          ) r;
          select coalesce(json_agg(r), '[]') into scorings from (
            select * from records where type = 'dobbeltscoring' and id = any(inspection_ids)
          ) r;
          return json_build_object('numbers', numbers, 'stored', stored, 'inspections', inspection_ids, 'rows', inspections, 'children', children, 'scorings', scorings);
        end $$`.execute(db);
    },
  },
  // Issue 10 (h2): the BI export's order index (0401) holds inspections only on PostgreSQL, where the
  // export's queries name `type = 'inspection'` as it is written here (server/export/inspectionColumns.ts).
  // Before, every record written (seven theme scores per visit) parsed its data as jsonb for it.
  '0910_2_export_order_inspections': {
    async up(db: Kysely<any>) {
      if (db.getExecutor().adapter instanceof SqliteAdapter) return;
      await sql`drop index records_inspection_export_order`.execute(db);
      await sql`create index records_inspection_export_order on records ((institution_id collate "C"), ((data::jsonb ->> 'date')), (id collate "C")) where type = 'inspection'`.execute(db);
    },
  },
  // GET /api/stats/theme-averages aggregates the final inspections in SQL (server/stats/themeAverageSums.ts):
  // this index finds them by status without reading the theme scores, in (institution, date, id) order,
  // on the same expressions as server/export/inspectionColumns.ts (EXPLAIN in tests/unit/server/themeAverageSums.test.ts).
  // Inspections only (the queries name `type = 'inspection'` as written here), so writing a theme score never parses its data for it.
  '0960_records_status_order': {
    async up(db: Kysely<any>) {
      if (db.getExecutor().adapter instanceof SqliteAdapter)
        await sql`create index records_status_order on records (json_extract(data, '$.status'), institution_id, json_extract(data, '$.date'), id) where type = 'inspection'`.execute(db);
      else await sql`create index records_status_order on records (((data::jsonb ->> 'status')), (institution_id collate "C"), ((data::jsonb ->> 'date')), (id collate "C")) where type = 'inspection'`.execute(db);
    },
  },
  // Issue 10 (h6): a push of a planned visit that the double-scoring sampler draws picks its second rater among
  // the active konsulenter (server/calibration/sampling.ts chooseSecondRater): by this index, in id order,
  // not a scan of every user (EXPLAIN in tests/unit/server/queryPlans.test.ts).
  '1050_users_role': {
    async up(db: Kysely<any>) {
      await db.schema.createIndex('users_role').on('users').columns(['role', 'disabled', 'id']).execute();
    },
  },
  // Issue 10 (h1): PostgreSQL plans the push's statements once per connection. tilsyn_push_load's
  // statements take arrays, so with plan_cache_mode auto PostgreSQL kept planning them anew on every
  // call (a custom plan priced below the generic one); that was most of the function's cost. Its
  // generic plans read by the same indexes (tests/unit/server/queryPlans.test.ts explains them).
  // tilsyn_push_store writes a push's rows (server/sync/batchState.ts `flush`), as the one statement
  // it replaces did, in four statements planned once: the new records, the changed records (keyed
  // as arrays too, so the update keeps to the primary key), the revisions and the stored results.
  // An UPDATE only ever meets a record that was there before the push (BatchState.queueUpdate).
  '1100_push_generic_plans': {
    async up(db: Kysely<any>) {
      if (db.getExecutor().adapter instanceof SqliteAdapter) return;
      await sql`alter function tilsyn_push_load(integer, text, text[], text[], text[]) set plan_cache_mode = force_generic_plan`.execute(db);
      await sql`
        create function tilsyn_push_store(new_records json, changed json, changed_types text[], changed_ids text[], revisions json, results json) returns void language plpgsql
        set plan_cache_mode = force_generic_plan as $$
        begin
          insert into records select * from json_populate_recordset(null::records, new_records);
          update records set data = u.data, field_revs = u.field_revs, rev = u.rev, deleted = u.deleted, leder_visible = u.leder_visible, updated_at = u.updated_at, seq = u.seq
            from json_populate_recordset(null::records, changed) u
            where records.type = any(changed_types) and records.id = any(changed_ids) and records.type = u.type and records.id = u.id;
          insert into record_revisions select * from json_populate_recordset(null::record_revisions, revisions);
          insert into mutations select * from json_populate_recordset(null::mutations, results);
        end $$`.execute(db);
    },
  },
  // Issue 10 (h4): PostgreSQL ignores the statistics of a partial index's expressions, so it took the
  // final inspections (status 'endelig' in the JSON, found by the 0960 index) for 0.5 % of the
  // inspections: the theme averages' 280,000 scores were then sorted on disk as if they were 1,400.
  // Extended statistics on the status expression (with the record type it is read with) give it
  // the real share at the next ANALYZE, run here and after every bulk write (server/db/plannerStatistics.ts).
  // SQLite: nothing (it has no such statistics).
  '1130_records_status_statistics': {
    async up(db: Kysely<any>) {
      if (db.getExecutor().adapter instanceof SqliteAdapter) return;
      await sql`create statistics if not exists records_status_stats (mcv) on type, ((data::jsonb ->> 'status')) from records`.execute(db);
      // Gathered now for a server that already holds records (autovacuum would wait for 10 % of them to change);
      // an empty table is left unanalysed, as a new server's tables are until their first bulk write.
      const held = await sql<{ any: boolean }>`select exists (select 1 from records) as any`.execute(db);
      if (held.rows[0]?.any) await sql`analyze records`.execute(db);
    },
  },
  // Issue 10 (h4): the theme averages (server/stats/themeAverageSums.ts) without parsing 280,000 theme scores'
  // JSON per call (4,000 institutions × 10 years): each score's step, theme, "ikke vurderet" and updatedAt (and
  // each inspection's status, date, framework and updatedAt) are kept where the query reads them without the JSON, derived from `data` by the database itself on every
  // write, whichever code writes (push, import, seed, purge), so they cannot disagree with it.
  // SQLite: covering indexes on the JSON expressions (SQLite reads an indexed expression from the index):
  // one per theme score, and records_status_order (0960) widened by the inspection's framework, updatedAt
  // and the columns the query tests, so the query reads neither the table nor the JSON.
  // PostgreSQL cannot read an expression from an index without the column it is computed from, so the values
  // are columns filled by a BEFORE trigger (theme scores and inspections only, one jsonb parse per written
  // record); a trigger rather than generated columns, because the push writes `select *` of
  // json_populate_recordset (tilsyn_push_store, 1100), which a generated column refuses, and one parse rather
  // than four. Two indexes over them: the final inspections by (status, institution, date, id) with their
  // framework and updatedAt, and the scores in inspection order, both read by index-only scans.
  '1230_theme_average_summary': {
    async up(db: Kysely<any>) {
      if (db.getExecutor().adapter instanceof SqliteAdapter) {
        await sql`create index records_theme_score_stats on records (inspection_id, json_extract(data, '$.themeId'), json_extract(data, '$.step'), json_extract(data, '$.notAssessed'), json_extract(data, '$.updatedAt'), type, deleted) where type = 'themeScore' and deleted = 0`.execute(db);
        await sql`drop index records_status_order`.execute(db);
        await sql`create index records_status_order on records (json_extract(data, '$.status'), institution_id, json_extract(data, '$.date'), id, json_extract(data, '$.frameworkId'), json_extract(data, '$.updatedAt'), type, deleted) where type = 'inspection'`.execute(db);
        return;
      }
      await sql`alter table records add column score_theme text, add column score_step text, add column score_not_assessed text, add column score_updated_at text,
        add column inspection_status text, add column inspection_date text, add column inspection_framework text, add column inspection_updated_at text`.execute(db);
      await sql`
        create function tilsyn_stats_summary() returns trigger language plpgsql as $$
        declare
          j jsonb := new.data::jsonb;
        begin
          if new.type = 'themeScore' then
            new.score_theme := j ->> 'themeId';
            new.score_step := j ->> 'step';
            new.score_not_assessed := j ->> 'notAssessed';
            new.score_updated_at := j ->> 'updatedAt';
          else
            new.inspection_status := j ->> 'status';
            new.inspection_date := j ->> 'date';
            new.inspection_framework := j ->> 'frameworkId';
            new.inspection_updated_at := j ->> 'updatedAt';
          end if;
          return new;
        end $$`.execute(db);
      await sql`create trigger records_stats_summary before insert or update of data on records for each row when (new.type in ('themeScore', 'inspection')) execute function tilsyn_stats_summary()`.execute(db);
      // The records a server already holds.
      await sql`update records set score_theme = j ->> 'themeId', score_step = j ->> 'step', score_not_assessed = j ->> 'notAssessed', score_updated_at = j ->> 'updatedAt'
        from (select type as t, id as i, data::jsonb as j from records where type = 'themeScore') s where records.type = s.t and records.id = s.i`.execute(db);
      await sql`update records set inspection_status = j ->> 'status', inspection_date = j ->> 'date', inspection_framework = j ->> 'frameworkId', inspection_updated_at = j ->> 'updatedAt'
        from (select type as t, id as i, data::jsonb as j from records where type = 'inspection') s where records.type = s.t and records.id = s.i`.execute(db);
      await sql`create index records_theme_score_stats on records ((inspection_id collate "C"), score_theme, score_step, score_not_assessed, score_updated_at) where type = 'themeScore' and deleted = 0`.execute(db);
      await sql`create index records_inspection_stats on records (inspection_status, (institution_id collate "C"), inspection_date, (id collate "C"), inspection_framework, inspection_updated_at) where type = 'inspection' and deleted = 0`.execute(db);
      // As 1130 for the JSON: the status and the date are set on inspections only, so without statistics on them
      // together with the type the planner multiplies the shares and expects 1/64 of the final inspections.
      await sql`create statistics if not exists records_inspection_fields_stats (mcv) on type, inspection_status, inspection_date from records`.execute(db);
      const held = await sql<{ any: boolean }>`select exists (select 1 from records) as any`.execute(db);
      if (held.rows[0]?.any) await sql`analyze records`.execute(db);
    },
  },
};

class InCodeMigrations implements MigrationProvider {
  async getMigrations(): Promise<Record<string, Migration>> {
    return migrations;
  }
}

/** Brings the schema up to date; throws (and the server does not start) if a migration fails. */
export async function migrateToLatest(db: Kysely<any>): Promise<string[]> {
  if (db.getExecutor().adapter instanceof SqliteAdapter) return migrateSqliteExclusively(db);
  return runMigrator(db);
}

async function runMigrator(db: Kysely<any>): Promise<string[]> {
  const migrator = new Migrator({ db, provider: new InCodeMigrations() });
  const { error, results } = await migrator.migrateToLatest();
  if (error) {
    const failed = results?.find((r) => r.status === 'Error');
    throw new Error(`Databasemigrering${failed ? ` ${failed.migrationName}` : ''} fejlede: ${error instanceof Error ? error.message : String(error)}`);
  }
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}

/**
 * Kysely's migration lock is a no-op on SQLite (one connection per process), so two server
 * processes starting on one file would both run 0001 ("table users already exists"). Here the whole
 * run holds SQLite's write lock (BEGIN IMMEDIATE on our single connection): the second process
 * waits, then finds nothing left to do. A failed migration now rolls back entirely, too.
 */
async function migrateSqliteExclusively(db: Kysely<any>): Promise<string[]> {
  await sql`pragma busy_timeout = 60000`.execute(db);
  await sql`begin immediate`.execute(db);
  try {
    const done = await runMigrator(db);
    await sql`commit`.execute(db);
    return done;
  } catch (error) {
    await sql`rollback`.execute(db).catch(() => {});
    throw error;
  } finally {
    await sql`pragma busy_timeout = 5000`.execute(db);
  }
}
