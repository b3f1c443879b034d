import { z } from 'zod';
import { translate } from './i18n/i18n';

/** Security events the server records (`GET /api/admin/audit`). */
export const AUDIT_ACTIONS = [
  'login.ok',
  'login.failed',
  'login.locked',
  'logout',
  'tokens.revoked',
  'password.changed',
  'password.failed',
  'device.revoked',
  'api_token.created',
  'api_token.revoked',
  'user.created',
  'user.updated',
  'institution.created',
  'institution.updated',
  'framework.created',
  'import.institutions',
  'import.theme_scores',
  'goal.created',
  'goal.updated',
  'tilsynsramme.created',
  'tilsynsramme.updated',
  'tilsynsramme.gaeldende',
  'privacy.purged',
  'privacy.dismissed',
  'export.theme_scores',
  'export.committee',
  'export.case_file',
  'admin.password_reset',
  'report.published',
  'report.withdrawn',
  'relations.updated',
  'impartiality.override',
  'login.renewal_refused',
  'auth_settings.updated',
  'calibration.drawn',
  'calibration.handpicked',
  'calibration.settings_updated',
  'calibration.named_figures_viewed',
  'calibration.figures_settings_updated',
  'calibration.vignette_published',
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

/** An event's name in the language in use (the server's CSV: Danish). */
export function auditLabel(action: AuditAction): string {
  return translate(`admin:audit.${action}`);
}

export const AuditEntrySchema = z.object({
  id: z.string(),
  at: z.string(),
  actorId: z.string().nullable(),
  actorUsername: z.string().nullable(),
  action: z.enum(AUDIT_ACTIONS),
  /** What it was done to: a user id, an institution id, a framework id. */
  target: z.string().nullable(),
  /** The client address as the server saw it (after the trusted-proxy rule). */
  ip: z.string().nullable(),
  details: z.record(z.string(), z.unknown()),
});
export type AuditEntry = z.infer<typeof AuditEntrySchema>;

export const AuditQuerySchema = z.object({
  /** Entries older than this id (the previous page's `next`). */
  before: z.string().max(100).optional(),
  limit: z.coerce.number({ error: 'limit skal være et tal' }).int().min(1, { error: 'limit skal være mindst 1' }).max(500, { error: 'limit må højst være 500' }).default(100),
  action: z.enum(AUDIT_ACTIONS, { error: 'Ukendt hændelse' }).optional(),
});
export type AuditQuery = z.infer<typeof AuditQuerySchema>;

export const AuditPageSchema = z.object({
  entries: z.array(AuditEntrySchema),
  /** Pass as `before` for the next (older) page; null on the last page. */
  next: z.string().nullable(),
});
export type AuditPage = z.infer<typeof AuditPageSchema>;

export const AuditExportQuerySchema = z.object({
  /** First day (yyyy-mm-dd, UTC), inclusive; default: everything. */
  from: z.iso.date({ error: 'from skal være en dato (åååå-mm-dd)' }).optional(),
  /** Last day (yyyy-mm-dd, UTC), inclusive. */
  to: z.iso.date({ error: 'to skal være en dato (åååå-mm-dd)' }).optional(),
});
export type AuditExportQuery = z.infer<typeof AuditExportQuerySchema>;

/** The columns of the CSV export, in Danish, in order. */
export const AUDIT_CSV_HEADER = ['Tidspunkt', 'Hændelse', 'Kode', 'Bruger', 'Bruger-id', 'Gælder', 'Adresse', 'Detaljer'] as const;
