import type { Generated } from 'kysely';
import type { Role } from '../../shared/accounts';

/**
 * The server database, the same on SQLite and PostgreSQL. Booleans are 0/1 integers, JSON is text,
 * timestamps are ISO strings: one schema, no dialect-specific types.
 */
export interface Database {
  users: UsersTable;
  user_institutions: UserInstitutionsTable;
  tokens: TokensTable;
  api_tokens: ApiTokensTable;
  institutions: InstitutionsTable;
  frameworks: FrameworksTable;
  goals: GoalsTable;
  tilsynsrammer: TilsynsrammerTable;
  records: RecordsTable;
  record_revisions: RecordRevisionsTable;
  mutations: MutationsTable;
  conflicts: ConflictsTable;
  sync_sequence: SyncSequenceTable;
  login_attempts: LoginAttemptsTable;
  audit: AuditTable;
  privacy_flags: PrivacyFlagsTable;
  user_relations: UserRelationsTable;
  oidc_identities: OidcIdentitiesTable;
  oidc_pending: OidcPendingTable;
  auth_settings: AuthSettingsTable;
  calibration_settings: AuthSettingsTable;
  calibration_draws: CalibrationDrawsTable;
  vignettes: VignettesTable;
  vignette_answers: VignetteAnswersTable;
}

/** A calibration session's vignette (shared/calibration/vignettes.ts); the master scores never leave the server before a consultant has answered. */
export interface VignettesTable {
  id: string;
  title: string;
  situation: string;
  /** JSON: theme id → step. */
  master_scores: string;
  published_at: string;
  published_by: string | null;
}

/** One consultant's scores of a vignette: written once, never changed. */
export interface VignetteAnswersTable {
  vignette_id: string;
  user_id: string;
  /** JSON: theme id → step. */
  scores: string;
  submitted_at: string;
}

/** A user's declared relation to an institution (shared/impartiality.ts): what bars them from inspecting it. */
export interface UserRelationsTable {
  user_id: string;
  institution_id: string;
  /** A RelationKind. */
  kind: string;
  /** Employment: its last day; null otherwise or while still employed. */
  ended_on: string | null;
  updated_at: string;
  /** Who declared it (user id): the user themself or forvaltning. */
  updated_by: string | null;
}

/** One provider subject (`oid` for Entra, else `sub`) → one Tilsyn user (docs/login.md). */
export interface OidcIdentitiesTable {
  /** The issuer URL. */
  provider: string;
  subject: string;
  user_id: string;
  created_at: string;
  last_login_at: string;
}

/** A web login in flight (`kind` 'login': state → verifier, nonce) or a one-time hand-off to the app ('handoff'). */
export interface OidcPendingTable {
  /** sha256 of the state or hand-off code; the value itself travels only in the browser. */
  key_hash: string;
  kind: 'login' | 'handoff';
  data: string;
  created_at: string;
}

/** Server-wide login settings forvaltning changes (`password_login`: 'all' | 'exempt_only'). */
export interface AuthSettingsTable {
  key: string;
  value: string;
  updated_at: string;
}

/** One row per visit the double-scoring sampler judged when it first reached the server (server/calibration/sampling.ts). */
export interface CalibrationDrawsTable {
  inspection_id: string;
  /** '2026-H2' (shared/calibration/warnings.ts halfYearOf, of the visit's date). */
  half_year: string;
  /** JSON list of the visit's consultant user ids. */
  consultant_ids: string;
  /** 1 when drawn (at random or for the minimum). */
  drawn: number;
  selection: 'tilfaeldig' | 'minimum' | null;
  second_rater_id: string | null;
  created_at: string;
}

export interface UsersTable {
  id: string;
  username: string;
  display_name: string;
  role: Role;
  password_hash: string;
  disabled: number;
  /** 1: may log in with a password even when forvaltning has switched passwords off (users outside the directory). */
  password_exempt: Generated<number>;
  /** 1: the calibration lead, who sees every consultant's agreement figures and their warnings (docs/kalibrering.md). */
  calibration_lead: Generated<number>;
  /** Incremented when the role or the institutions change: clients then pull everything again. */
  scope_epoch: number;
  created_at: string;
  updated_at: string;
}

/** leder → linked institutions; konsulent → assigned institutions. Forvaltning needs none. */
export interface UserInstitutionsTable {
  user_id: string;
  institution_id: string;
}

export interface TokensTable {
  /** sha256 of the bearer token, hex. The token itself is never stored. */
  token_hash: string;
  /** Names the token in the user's device list (the hash is never shown). */
  id: string;
  /** The label the login sent ("Chrome på Windows"), or null. */
  device_name: string | null;
  user_id: string;
  created_at: string;
  last_used_at: string;
  revoked_at: string | null;
  /** The issuer of a provider login; null for a password login. */
  provider: Generated<string | null>;
  provider_subject: Generated<string | null>;
  /** When the provider last vouched for the user (login or a daily refresh); syncing needs it within 24 h. */
  proof_at: Generated<string | null>;
  /** Set when the provider refused: this device must log in again before it syncs. */
  needs_login_at: Generated<string | null>;
}

/** Read-only tokens for BI tools, made by forvaltning (shared/apiTokens.ts). Never a user's login. */
export interface ApiTokensTable {
  id: string;
  name: string;
  /** sha256 of the secret, hex. */
  token_hash: string;
  /** JSON array of ApiTokenScope. */
  scopes: string;
  /** JSON array of institution ids, or null for every institution. */
  institution_ids: string | null;
  created_by: string | null;
  created_at: string;
  last_used_at: string | null;
  revoked_at: string | null;
}

/** Reference data owned by the server; `seq` puts changes in the pull stream. */
export interface InstitutionsTable {
  id: string;
  data: string;
  rev: number;
  seq: number;
  updated_at: string;
}

/** Framework versions are immutable once created: inspections are pinned to them. */
export interface FrameworksTable {
  id: string;
  version: number;
  data: string;
  seq: number;
  created_at: string;
}

/** Municipal goals: reference data owned by the server (forvaltning edits them), never deleted, only retired. */
export interface GoalsTable {
  id: string;
  /** The Goal as JSON (shared/goals.ts). */
  data: string;
  rev: number;
  seq: number;
  updated_at: string;
}

/** Versions of the municipality's tilsynsramme (shared/tilsynsramme.ts): a gældende version is never changed. */
export interface TilsynsrammerTable {
  id: string;
  version: number;
  /** 'kladde' | 'gaeldende' (also in `data`; a column so a pull can leave out the kladder). */
  status: string;
  /** The Tilsynsramme as JSON. */
  data: string;
  rev: number;
  seq: number;
  updated_at: string;
}

export interface RecordsTable {
  type: string;
  id: string;
  institution_id: string;
  /** The inspection itself for an inspection, its parent for the child records. */
  inspection_id: string;
  /** The record as JSON, unknown fields from newer clients included. */
  data: string;
  /** JSON map field → [rev, clientId]: which revision, by which client, last changed each field. */
  field_revs: string;
  rev: number;
  deleted: number;
  /** 1 when a leder of the institution may see it: the inspection is in høring or final. */
  leder_visible: number;
  updated_at: string;
  /** Position in the pull stream: every change takes a new, higher number. */
  seq: number;
  // PostgreSQL only (migration 1230): score_theme, score_step, score_not_assessed, score_updated_at (a theme
  // score's fields) and inspection_status, inspection_date, inspection_framework, inspection_updated_at (an
  // inspection's), as text, filled from `data` by a trigger on every write, read by the theme averages
  // (server/stats/themeAverageSums.ts) alone. Not named here: no code writes them, SQLite has none.
}

/** Every revision of every record: the base values of conflicts and an audit trail. */
export interface RecordRevisionsTable {
  type: string;
  id: string;
  rev: number;
  data: string;
  client_id: string;
  user_id: string;
  mutation_id: string | null;
  created_at: string;
}

/** One row per (clientId, mutationId) the server has processed, with the answer it gave. */
export interface MutationsTable {
  client_id: string;
  mutation_id: string;
  user_id: string;
  record_type: string;
  record_id: string;
  status: string;
  result: string;
  created_at: string;
}

export interface ConflictsTable {
  id: string;
  record_type: string;
  record_id: string;
  institution_id: string;
  field: string;
  /** JSON text; NULL when the base value is unknown. */
  base_value: string | null;
  server_value: string;
  client_value: string;
  server_rev: number;
  client_id: string;
  mutation_id: string;
  user_id: string;
  created_at: string;
  resolved_at: string | null;
  resolved_by: string | null;
  resolution_mutation_id: string | null;
  seq: number;
}

/** One row (id 1): the last sequence number handed out. Writers lock it, so commits follow seq order. */
export interface SyncSequenceTable {
  id: number;
  value: number;
}

/**
 * Login limiter counters: `u:<username>|<client ip>` (attempts reserved before the password check)
 * and `ip:<client ip>` (the per-IP ceiling of @fastify/rate-limit). Times in ms since the epoch.
 */
export interface LoginAttemptsTable {
  key: string;
  count: number;
  window_start: number;
  window_end: number;
}

/** Security events: who did what, when, from where. `details` is JSON without secrets. */
export interface AuditTable {
  /** uuidv7: sorts by time, the paging cursor. */
  id: string;
  at: string;
  actor_id: string | null;
  actor_username: string | null;
  action: string;
  target: string | null;
  ip: string | null;
  details: string;
}

/**
 * Personal data found in a stored free-text field (shared/privacy.ts): a warning for forvaltning,
 * never the text itself. Open until a purge of the field leaves nothing of that kind.
 */
export interface PrivacyFlagsTable {
  id: string;
  record_type: string;
  record_id: string;
  institution_id: string;
  field: string;
  /** A PersonalDataKind. */
  kind: string;
  found_at: string;
  last_found_at: string;
  /** Who pushed the text that was flagged last. */
  user_id: string | null;
  cleared_at: string | null;
}
