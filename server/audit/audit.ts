import type { FastifyRequest } from 'fastify';
import type { Kysely } from 'kysely';
import type { AdminUser, UpdateUser } from '../../shared/accounts';
import { AUDIT_CSV_HEADER, auditLabel, AUDIT_ACTIONS, type AuditAction, type AuditEntry, type AuditExportQuery, type AuditPage, type AuditQuery } from '../../shared/audit';
import { writeCsv } from '../../shared/csv';
import { UTF8_BOM } from '../../shared/exportScores';
import { uuidv7 } from '../../shared/ids';
import { fromJson, toJson } from '../db/json';
import type { Database } from '../db/schema';

export interface AuditEvent {
  action: AuditAction;
  /** Who did it; default the request's logged-in user. */
  actor?: { id: string; username: string } | null;
  target?: string | null;
  details?: Record<string, unknown>;
}

/** Keys that never go into the audit table, whatever a caller passes. */
const SECRET_KEY = /pass|token|hash|secret|authorization/i;

function withoutSecrets(details: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(details).filter(([key]) => !SECRET_KEY.test(key)));
}

/** Writes one audit row: who, when, what, from where. */
export async function audit(db: Kysely<Database>, request: FastifyRequest, event: AuditEvent): Promise<void> {
  await auditRow(db, { ...event, actor: event.actor === undefined ? request.user : event.actor, ip: request.ip ?? null });
}

/** One audit row without a request (inside a push transaction): the caller names the actor. */
export async function auditRow(db: Kysely<Database>, event: AuditEvent & { ip?: string | null }): Promise<void> {
  const actor = event.actor;
  await db
    .insertInto('audit')
    .values({
      id: uuidv7(),
      at: new Date().toISOString(),
      actor_id: actor?.id ?? null,
      actor_username: actor?.username ?? null,
      action: event.action,
      target: event.target ?? null,
      ip: event.ip ?? null,
      details: toJson(withoutSecrets(event.details ?? {})),
    })
    .execute();
}

/** Newest first, paged by id (uuidv7 sorts by time). */
export async function listAudit(db: Kysely<Database>, query: AuditQuery): Promise<AuditPage> {
  let q = db.selectFrom('audit').selectAll().orderBy('id', 'desc').limit(query.limit + 1);
  if (query.before) q = q.where('id', '<', query.before);
  if (query.action) q = q.where('action', '=', query.action);
  const rows = await q.execute();
  const page = rows.slice(0, query.limit);
  const entries: AuditEntry[] = page.map((r) => ({
    id: r.id,
    at: r.at,
    actorId: r.actor_id,
    actorUsername: r.actor_username,
    action: r.action as AuditAction,
    target: r.target,
    ip: r.ip,
    details: fromJson<Record<string, unknown>>(r.details),
  }));
  return { entries, next: rows.length > query.limit ? page[page.length - 1]!.id : null };
}

/** A user change: which fields (never their values when secret), and a revocation row when tokens went. */
export async function auditUserUpdate(db: Kysely<Database>, request: FastifyRequest, user: AdminUser, patch: UpdateUser): Promise<void> {
  const changed = Object.keys(patch);
  await audit(db, request, {
    action: 'user.updated',
    target: user.id,
    details: { username: user.username, changed, role: user.role, disabled: user.disabled, institutionIds: user.institutionIds },
  });
  if (patch.disabled === true || patch.password !== undefined) {
    await audit(db, request, { action: 'tokens.revoked', target: user.id, details: { username: user.username, reason: patch.disabled === true ? 'deaktiveret' : 'ny_adgangskode' } });
  }
}

/** At most this many rows in one export; narrow the dates for more. */
export const AUDIT_EXPORT_MAX = 100_000;

/** The audit trail (oldest first) as CSV for Danish Excel: UTF-8 with BOM, semicolons, formula-guarded. */
export async function auditCsv(db: Kysely<Database>, query: AuditExportQuery): Promise<string> {
  let q = db.selectFrom('audit').selectAll().orderBy('id', 'asc').limit(AUDIT_EXPORT_MAX);
  if (query.from) q = q.where('at', '>=', `${query.from}T00:00:00.000Z`);
  if (query.to) q = q.where('at', '<=', `${query.to}T23:59:59.999Z`);
  const rows = await q.execute();
  const lines = rows.map((r) => [r.at, ((AUDIT_ACTIONS as readonly string[]).includes(r.action) ? auditLabel(r.action as AuditAction) : r.action), r.action, r.actor_username ?? '', r.actor_id ?? '', r.target ?? '', r.ip ?? '', r.details === '{}' ? '' : r.details]);
  return UTF8_BOM + writeCsv([[...AUDIT_CSV_HEADER], ...lines], ';');
}
