import { findPersonalData, type PersonalDataKind } from '../../shared/privacy';
import { FREE_TEXT_FIELDS, stringsIn } from '../../shared/records';
import type { Mutation, PushResult } from '../../shared/sync/wire';
import type { BatchState } from './batchState';
import { raiseFlags } from '../privacy/flags';

/**
 * The "flag" step of a push, after store: the free-text fields the mutation wrote are run through
 * the shared detector. Nothing is refused for it (the consultant was warned while typing); a finding
 * leaves a flag for forvaltning, who may purge the text (server/privacy/purge.ts).
 */
export async function flagPersonalData(state: BatchState, m: Mutation, result: PushResult): Promise<void> {
  // A rejected change stored none of its text; applied fields and conflicting values are stored.
  if (result.status === 'rejected') return;
  const byField = new Map<string, Set<PersonalDataKind>>();
  for (const field of FREE_TEXT_FIELDS[m.recordType] as readonly string[]) {
    if (!Object.hasOwn(m.fields, field)) continue;
    const kinds = new Set(stringsIn(m.fields[field]).flatMap((t) => findPersonalData(t).map((f) => f.kind)));
    if (kinds.size > 0) byField.set(field, kinds);
  }
  if (byField.size === 0) return;
  const row = await state.row(m.recordType, m.recordId);
  if (!row) return;
  for (const [field, kinds] of byField) {
    await raiseFlags(state.trx, { recordType: m.recordType, recordId: m.recordId, institutionId: row.institution_id, field, kinds, userId: state.user.id, now: state.now });
  }
}
