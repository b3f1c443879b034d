import { z } from 'zod';
import { msg, translate } from './i18n/i18n';
import { OutboxRowSchema, type OutboxRow } from './records';

/**
 * The file "Eksporter ikke-sendte ændringer…" writes and "Importer ændringer…" reads: the outbox rows
 * of one installation that the server has not yet acknowledged, so another installation can push
 * them instead. Import is idempotent by `mutationId`: importing the same file twice, or a file whose
 * rows are already queued, adds nothing.
 */
export const UNSENT_CHANGES_FORMAT = 'tilsyn-unsent-changes';
export const UNSENT_CHANGES_VERSION = 1;
export const UNSENT_CHANGES_EXTENSION = 'tilsyn-aendringer.json';

/** An exported row: an outbox row without its local auto-increment `seq`, which means nothing elsewhere. */
export const ExportedOutboxRowSchema = OutboxRowSchema.omit({ seq: true });
export type ExportedOutboxRow = z.infer<typeof ExportedOutboxRowSchema>;

export const UnsentChangesFileSchema = z.object({
  format: z.literal(UNSENT_CHANGES_FORMAT, { error: msg('common:unsentFile.notExport') }),
  version: z.literal(UNSENT_CHANGES_VERSION, { error: msg('common:unsentFile.otherVersion') }),
  exportedAt: z.iso.datetime({ offset: true }),
  /** The installation the rows were made on. */
  clientId: z.string().min(1),
  rows: z.array(ExportedOutboxRowSchema),
});
export type UnsentChangesFile = z.infer<typeof UnsentChangesFileSchema>;

/** Build the export file from the outbox rows not yet acknowledged (in outbox order). */
export function buildUnsentChangesFile(clientId: string, rows: readonly OutboxRow[], now: Date = new Date()): UnsentChangesFile {
  return {
    format: UNSENT_CHANGES_FORMAT,
    version: UNSENT_CHANGES_VERSION,
    exportedAt: now.toISOString(),
    clientId,
    rows: rows.map(({ seq: _seq, ...row }) => row),
  };
}

/** A suggested file name, e.g. `ikke-sendte-aendringer-2025-03-01.tilsyn-aendringer.json`. */
export function unsentChangesFileName(now: Date = new Date()): string {
  return `ikke-sendte-aendringer-${now.toISOString().slice(0, 10)}.${UNSENT_CHANGES_EXTENSION}`;
}

export type ParseUnsentResult = { ok: true; file: UnsentChangesFile } | { ok: false; error: string };

/** Parse a file's text; a wrong or damaged file gives a message for the user in the language in use, never a throw. */
export function parseUnsentChangesFile(text: string): ParseUnsentResult {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return { ok: false, error: translate('common:unsentFile.notJson') };
  }
  const parsed = UnsentChangesFileSchema.safeParse(json);
  if (!parsed.success) {
    const first = parsed.error.issues[0];
    const where = first && first.path.length > 0 ? ` (${first.path.join('.')})` : '';
    return { ok: false, error: translate('common:unsentFile.notImported', { where, message: first?.message ?? translate('common:unsentFile.unknownError') }) };
  }
  return { ok: true, file: parsed.data };
}

/**
 * The rows of `file` to add to the local outbox: those whose `mutationId` is not already there,
 * each once, in the file's order. Pure: the caller adds the returned rows (and so their ids) in one
 * transaction, after which a second import of the same file returns nothing.
 */
export function mergeUnsent(existingMutationIds: ReadonlySet<string>, file: UnsentChangesFile): ExportedOutboxRow[] {
  const seen = new Set(existingMutationIds);
  const toAdd: ExportedOutboxRow[] = [];
  for (const row of file.rows) {
    if (seen.has(row.mutationId)) continue;
    seen.add(row.mutationId);
    toAdd.push(row);
  }
  return toAdd;
}
