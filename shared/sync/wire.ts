import { z } from 'zod';
import { RoleSchema } from '../accounts';
import { UUID_V7 } from '../ids';
import { OutboxRowSchema, RecordTypeSchema } from '../records';

/**
 * The sync wire format (docs/sync-protocol.md describes it for other clients). The server validates
 * every request with these schemas and the client validates every answer with them.
 */

/**
 * The major version of this wire format. A push carries it as `protocolVersion`, a pull as `v`;
 * a request without one is version 1 (apps installed before it existed keep syncing). Additions
 * that an older peer can ignore keep the version; anything else raises it, and a server refuses a
 * major version it does not speak with code `opdater_appen` or `opdater_serveren`.
 */
export const PROTOCOL_VERSION = 1;
const protocolVersion = z.coerce
  .number({ error: 'protokolversionen skal være et tal' })
  .int({ error: 'protokolversionen skal være et helt tal' })
  .min(1, { error: 'protokolversionen skal være mindst 1' });

/** At most this many mutations in one push; the client sends smaller batches. */
export const MAX_PUSH_MUTATIONS = 200;
export const DEFAULT_PULL_LIMIT = 500;
export const MAX_PULL_LIMIT = 2000;

/** Field names a mutation may carry: identifiers only (no `__proto__`, no dotted paths). */
export const FIELD_NAME = /^[A-Za-z][A-Za-z0-9_]{0,63}$/;

/** JSON text of at most this many characters per field value (a note is at most 20,000 characters). */
export const MAX_FIELD_JSON = 100_000;

const jsonValue = z.unknown().refine(
  (v) => {
    try {
      const s = JSON.stringify(v);
      return s !== undefined && s.length <= MAX_FIELD_JSON;
    } catch {
      return false;
    }
  },
  { error: `Feltets værdi skal være JSON på højst ${MAX_FIELD_JSON} tegn` },
);

export const MutationSchema = z.object({
  mutationId: z.string({ error: 'mutationId mangler' }).regex(UUID_V7, { error: 'mutationId skal være en UUIDv7 med små bogstaver' }),
  recordType: RecordTypeSchema,
  recordId: z.string({ error: 'recordId mangler' }).min(1, { error: 'recordId mangler' }).max(200, { error: 'recordId er for langt' }),
  /** The server revision the change was made on; 0 for a record the client created. */
  baseRev: z.number({ error: 'baseRev skal være et tal' }).int({ error: 'baseRev skal være et helt tal' }).min(0, { error: 'baseRev kan ikke være negativ' }),
  /** The changed fields only. `id`, `rev` and `updatedAt` are bookkeeping and ignored (an `id` must equal `recordId`). */
  fields: z.record(z.string().regex(FIELD_NAME, { error: 'Ugyldigt feltnavn' }), jsonValue, { error: 'fields skal være et objekt' }),
  /** Conflicts this change settles ("behold min", "behold deres", "behold begge"). */
  resolvesConflicts: z.array(z.string().min(1).max(100), { error: 'resolvesConflicts skal være en liste' }).max(50).optional(),
});
export type Mutation = z.infer<typeof MutationSchema>;


/**
 * One field's problem. `message` is the server's (Danish) text; `key` and `params`, when sent, name the
 * resource it was worded from, so the client shows it in the UI language (shared/serverError.ts).
 */
export const IssueSchema = z.object({
  path: z.string(),
  message: z.string(),
  key: z.string().optional(),
  params: z.record(z.string(), z.union([z.string(), z.number()])).optional(),
});
export type Issue = z.infer<typeof IssueSchema>;

/** One field that both sides changed: the server kept `serverValue` until someone resolves it. */
export const ConflictSchema = z.object({
  id: z.string(),
  recordType: z.string(),
  recordId: z.string(),
  /** The institution the record belongs to (for lists and filtering). */
  institutionId: z.string(),
  field: z.string(),
  /** The value at the client's `baseRev`; absent when unknown (a record both sides created). */
  baseValue: z.unknown().optional(),
  serverValue: z.unknown(),
  clientValue: z.unknown(),
  /** The record's revision when the conflict was stored. */
  serverRev: z.number().int(),
  clientId: z.string(),
  mutationId: z.string(),
  userId: z.string(),
  userName: z.string(),
  createdAt: z.string(),
  resolvedAt: z.string().nullable(),
  resolvedBy: z.string().nullable(),
});
export type Conflict = z.infer<typeof ConflictSchema>;

export const PUSH_STATUSES = ['applied', 'conflict', 'rejected'] as const;
export type PushStatus = (typeof PUSH_STATUSES)[number];

export const PushResultSchema = z.object({
  mutationId: z.string(),
  /**
   * applied: every field was written (or already had the value).
   * conflict: some fields conflicted and were left as the server had them; `applied` lists the rest.
   * rejected: nothing was written; `reason` says why (the user may not, schema or lifecycle).
   */
  status: z.enum(PUSH_STATUSES),
  /** The record's revision after this mutation; null when the record does not exist on the server. */
  rev: z.number().int().nullable(),
  /** Fields this mutation changed on the server. */
  applied: z.array(z.string()),
  conflicts: z.array(ConflictSchema),
  reason: z.string().optional(),
  /** The reason as a code (shared/rules: RuleCode or ServerCheckCode), for clients that show their own text. */
  code: z.string().optional(),
  issues: z.array(IssueSchema).optional(),
  /** True when the server had already seen this (clientId, mutationId): this is the stored result. */
  duplicate: z.boolean().optional(),
});
export type PushResult = z.infer<typeof PushResultSchema>;

export const RecordStateSchema = z.object({
  rev: z.number().int(),
  deleted: z.boolean(),
  data: z.record(z.string(), z.unknown()),
});
export type RecordState = z.infer<typeof RecordStateSchema>;

/** The server's current copy of a record the request touched; `state: null`: none the user may see. */
export const RecordSnapshotSchema = z.object({
  recordType: z.string(),
  recordId: z.string(),
  state: RecordStateSchema.nullable(),
});
export type RecordSnapshot = z.infer<typeof RecordSnapshotSchema>;


export const PullQuerySchema = z.object({
  /** The wire format's major version (PROTOCOL_VERSION); absent = 1. */
  v: protocolVersion.optional(),
  cursor: z.coerce
    .number({ error: 'cursor skal være et tal' })
    .int({ error: 'cursor skal være et helt tal' })
    .min(0, { error: 'cursor kan ikke være negativ' })
    .default(0),
  limit: z.coerce
    .number({ error: 'limit skal være et tal' })
    .int({ error: 'limit skal være et helt tal' })
    .min(1, { error: 'limit skal være mindst 1' })
    .max(MAX_PULL_LIMIT, { error: `limit må højst være ${MAX_PULL_LIMIT}` })
    .default(DEFAULT_PULL_LIMIT),
  /** The `scope.epoch` of the client's last pull; when the user's scope has changed since, the server starts over (`reset`). */
  epoch: z.coerce.number({ error: 'epoch skal være et tal' }).int({ error: 'epoch skal være et helt tal' }).min(0).optional(),
  /** `1`: also count the records this pull brings from the cursor on (`total`), for "Henter 12.400 af 40.000". Asked on a pull's first page only. */
  count: z.enum(['0', '1'], { error: 'count skal være 0 eller 1' }).optional(),
});
export type PullQuery = z.infer<typeof PullQuerySchema>;

/**
 * A pull asked for in a push (`pull` of the push body): the pull query's fields, without `v` (the
 * push's `protocolVersion` covers it). The answer then carries the first pull page, read after the
 * push committed, so that a device's sync is one round trip (docs/sync-protocol.md §3a).
 */
export const PushPullSchema = PullQuerySchema.omit({ v: true });
export type PushPull = z.infer<typeof PushPullSchema>;

export const PushRequestSchema = z.object({
  /** The wire format's major version (PROTOCOL_VERSION); absent = 1. */
  protocolVersion: protocolVersion.optional(),
  /** One id per installation (device + profile), made once and kept. */
  clientId: z.string({ error: 'clientId mangler' }).min(8, { error: 'clientId er for kort' }).max(100, { error: 'clientId er for langt' }),
  mutations: z
    .array(MutationSchema, { error: 'mutations skal være en liste' })
    .min(1, { error: 'Ingen ændringer at sende' })
    .max(MAX_PUSH_MUTATIONS, { error: `Højst ${MAX_PUSH_MUTATIONS} ændringer pr. forespørgsel` }),
  /** Also pull from this cursor once the push is stored: the answer's `pull` is that page. An older server ignores it (and sends none). */
  pull: PushPullSchema.optional(),
});
export type PushRequest = z.infer<typeof PushRequestSchema>;

export const ChangeSchema = z.object({
  seq: z.number().int(),
  /** A string, not the enum: a newer server may send types this client does not know yet (keep them). */
  recordType: z.string(),
  recordId: z.string(),
  institutionId: z.string(),
  rev: z.number().int(),
  /** Tombstone: the record is deleted (its last data is still sent). */
  deleted: z.boolean(),
  data: z.record(z.string(), z.unknown()),
  /**
   * The user may no longer see this record (a leder, when an inspection is pulled back from høring
   * or a final report is reopened for correction): drop the local copy. `data` is empty.
   */
  withdrawn: z.boolean().optional(),
});
export type Change = z.infer<typeof ChangeSchema>;

export const ReferenceChangeSchema = z.object({
  seq: z.number().int(),
  id: z.string(),
  rev: z.number().int(),
  data: z.record(z.string(), z.unknown()),
});
export type ReferenceChange = z.infer<typeof ReferenceChangeSchema>;

export const ScopeSchema = z.object({
  /** True for forvaltning: every institution. */
  all: z.boolean(),
  /** The institutions the user may see now; the client drops local copies of others. */
  institutionIds: z.array(z.string()),
  /** Changes whenever the user's role or institutions change; send it back as `epoch`. */
  epoch: z.number().int(),
  /** The user's role now (absent from older servers): the app follows it without a new login. */
  role: RoleSchema.optional(),
});
export type Scope = z.infer<typeof ScopeSchema>;

export const PullResponseSchema = z.object({
  changes: z.array(ChangeSchema),
  institutions: z.array(ReferenceChangeSchema),
  frameworks: z.array(ReferenceChangeSchema),
  /** Municipal goals (the same for everyone; retired ones too, with `retired: true`). Absent from older servers. */
  goals: z.array(ReferenceChangeSchema).default([]),
  /** The tilsynsramme's gældende versions (shared/tilsynsramme.ts), the same for everyone. Absent from older servers. */
  tilsynsrammer: z.array(ReferenceChangeSchema).default([]),
  /** New, changed and resolved conflicts the user may see (resolved ones have `resolvedAt`). */
  conflicts: z.array(ConflictSchema),
  scope: ScopeSchema,
  /**
   * True when the server ignored the cursor and started from 0 (the user's scope changed, or the
   * cursor is ahead of the server): this and the following pages are a full copy.
   */
  reset: z.boolean(),
  nextCursor: z.number().int(),
  hasMore: z.boolean(),
  /** With `count=1`: the records (changes) after the cursor the answer started from, this page's included. Absent from older servers. */
  total: z.number().int().min(0).optional(),
});
export type PullResponse = z.infer<typeof PullResponseSchema>;

export const PushResponseSchema = z.object({
  results: z.array(PushResultSchema),
  /** Current server state of every record the push touched, after the push. */
  records: z.array(RecordSnapshotSchema),
  /** When the push asked for it (`pull`): the first pull page, read after the push committed, as GET /api/sync/pull answers it. */
  pull: PullResponseSchema.optional(),
});
export type PushResponse = z.infer<typeof PushResponseSchema>;

/** Every 4xx/5xx answer. */
export const ErrorBodySchema = z.object({
  error: z.string(),
  code: z.string().optional(),
  issues: z.array(IssueSchema).optional(),
  /** Push only: which mutations made the request fail (nothing was stored). */
  errors: z
    .array(z.object({ index: z.number().int(), mutationId: z.string(), status: z.number().int(), reason: z.string(), issues: z.array(IssueSchema).optional() }))
    .optional(),
  /** Push only: the server's copy of the records those mutations named (`state: null`: none you may see). */
  records: z.array(RecordSnapshotSchema).optional(),
});
export type ErrorBody = z.infer<typeof ErrorBodySchema>;

/** An outbox row as the sync engine reads it (the shared OutboxRow). */
export const SyncOutboxRowSchema = OutboxRowSchema;
export type SyncOutboxRow = z.infer<typeof SyncOutboxRowSchema>;

/** The mutation a row is pushed as. */
export function mutationOf(row: SyncOutboxRow): Mutation {
  return {
    mutationId: row.mutationId,
    recordType: row.recordType,
    recordId: row.recordId,
    baseRev: row.baseRev,
    fields: row.fields,
    ...(row.resolvesConflicts && row.resolvesConflicts.length > 0 ? { resolvesConflicts: row.resolvesConflicts } : {}),
  };
}
