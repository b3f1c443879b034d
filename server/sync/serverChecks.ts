import { PubliceringSchema, publicationId, publicationPolicyOf, publicationPrivacyHits, publicationProblems, publishedTexts } from '../../shared/publication';
import { rammeInForce } from '../../shared/tilsynsramme';
import { listRammer } from '../admin/tilsynsrammer';
import { reportVersionId, type ReportSnapshot } from '../../shared/reportVersion';
import { fromJsonObject } from '../db/json';
import type { Refusal, ServerCheckCode } from '../../shared/rules';
import type { Mutation } from '../../shared/sync/wire';
import type { BatchState } from './batchState';
import type { RecordRow } from './records';

/**
 * The checks only the server can make, because it has every record: does the record, its
 * anbefaling, version n − 1, the framework and its fokuspunkt exist? Everything a device can judge
 * from its own copy is the shared judge's (shared/rules); visibility is visibility.ts.
 */

type Check = Refusal<ServerCheckCode> | null;
const no = (code: ServerCheckCode, params?: Refusal['params']): Check => (params ? { ok: false, code, params } : { ok: false, code });

/**
 * A mutation on a record the server does not have creates it. (A change, baseRev > 0, to a record
 * that does not exist was refused with 404 in envelope.ts, unless this batch was to create it.)
 */
export function missingRecordCheck(state: BatchState, m: Mutation): Check {
  return state.creationWasRejected(m.recordType, m.recordId) ? no('creation_rejected_earlier') : null;
}

/** A change made on a revision the server never had (a restored server backup): it would overwrite blindly. */
export function baseRevCheck(m: Mutation, row: RecordRow): Check {
  return m.baseRev > row.rev ? no('base_rev_ahead', { baseRev: m.baseRev, rev: row.rev }) : null;
}

/** The records a new record refers to exist: its framework, anbefaling, previous version, fokuspunkt. */
export async function creationCheck(state: BatchState, m: Mutation, data: Readonly<Record<string, unknown>>, parentData: Readonly<Record<string, unknown>>): Promise<Check> {
  const inspectionId = String(data.inspectionId);
  switch (m.recordType) {
    case 'inspection':
      return (await state.framework(String(data.frameworkId))) ? null : no('framework_missing', { frameworkId: String(data.frameworkId) });
    case 'hoeringssvar':
    case 'opfoelgning': {
      const anbefaling = await state.row('anbefaling', m.recordId);
      return anbefaling && anbefaling.inspection_id === inspectionId && anbefaling.deleted !== 1 ? null : no('anbefaling_missing');
    }
    // A case (and a plan) only where the final report established that concern (§ 5 b stk. 3–4).
    case 'skaerpetTilsyn':
      return parentData.concernLevel === data.level ? null : no('concern_level_mismatch');
    case 'handleplan':
      return parentData.concernLevel === 'alvorlig' ? null : no('concern_level_mismatch');
    case 'rapportversion': {
      const version = Number(data.version);
      if (version <= 1 || (await state.row('rapportversion', reportVersionId(inspectionId, version - 1)))) return null;
      return no('previous_version_missing', { version: version - 1 });
    }
    case 'publicering':
      return publicationCheck(state, inspectionId, data);
    // A withdrawal takes back a publication the server has (shared/publicationWithdrawal.ts).
    case 'tilbagetraekning': {
      const publication = await state.row('publicering', publicationId(inspectionId, Number(data.version)));
      return publication && publication.deleted !== 1 ? null : no('withdrawal_publication_missing');
    }
    case 'fokuspunktNote': {
      const framework = await state.framework(String(parentData.frameworkId));
      const theme = framework?.themes.find((t) => t.id === data.themeId);
      if (!framework || theme?.fokuspunkter.some((p) => p.id === data.fokuspunktId)) return null;
      return no('fokuspunkt_missing', { fokuspunktId: String(data.fokuspunktId), frameworkId: framework.id });
    }
    default:
      return null;
  }
}

/**
 * A publication names a version the server has, and passes the shared publication rule
 * (shared/publication.ts) against the server's copy of that version: the privacy check, unless
 * overridden with a reason, and the board orientation the ramme requires.
 */
async function publicationCheck(state: BatchState, inspectionId: string, data: Readonly<Record<string, unknown>>): Promise<Check> {
  const version = Number(data.version);
  const row = await state.row('rapportversion', reportVersionId(inspectionId, version));
  if (!row || row.deleted === 1) return no('publication_version_missing', { version });
  const snapshot = fromJsonObject(row.data).snapshot as ReportSnapshot;
  const publication = PubliceringSchema.parse(data);
  // The ramme in force on the publication date may let publishing go before the board is informed.
  const policy = publicationPolicyOf(rammeInForce(await listRammer(state.trx, { onlyGaeldende: true }), publication.publishedOn));
  const problems = publicationProblems({ snapshot, board: publication.board, followUp: publication.followUp, privacyOverrideReason: publication.privacyOverrideReason, policy });
  if (problems.some((p) => p.code === 'privacy_check_failed'))
    return no('publication_privacy_check_failed', { kinds: publicationPrivacyHits(publishedTexts(snapshot, publication.board, publication.followUp)).map((h) => h.label).join(', ') });
  if (problems.some((p) => p.code === 'board_not_informed')) return no('publication_board_not_informed');
  return null;
}
