import { FOLLOW_UP_STATUSES } from '../../shared/followUp';
import { FRAMEWORK_V1 } from '../../shared/frameworks/v1';
import {
  publicationId,
  publicationPolicyOf,
  publicationProblems,
  type Bestyrelsesorientering,
  type BoardNotice,
  type Publicering,
  type PublicationProblem,
  type PublishedFollowUp,
} from '../../shared/publication';
import { withdrawalId, type Tilbagetraekning } from '../../shared/publicationWithdrawal';
import type { Rapportversion } from '../../shared/reportVersion';
import { rammeInForce } from '../../shared/tilsynsramme';
import { currentActor, type Actor } from './actor';
import type { TilsynDatabase } from './database';
import { updateRecord } from './recordStore';
import { ValidationError } from './validation';

/**
 * The forældrebestyrelse's orientation and the publication of a final version, on the device: the
 * shared rule (shared/publication.ts) is asked before anything is written, and the server asks it
 * again when the publication is pushed.
 */

/** The consultant or the institution's leder records that (and how) the board was informed. */
export async function saveBoardOrientation(
  db: TilsynDatabase,
  inspectionId: string,
  fields: Pick<Bestyrelsesorientering, 'informedOn' | 'form' | 'comment'>,
  actor?: Actor,
): Promise<Bestyrelsesorientering> {
  return updateRecord<Bestyrelsesorientering>(db, 'bestyrelsesorientering', inspectionId, (current) => ({ ...current, ...fields, inspectionId }), actor ? { actor } : {});
}

/** The follow-up section as it stands: every anbefaling's item with its owner and due date (påbud: issue 13 part B). */
async function followUpSection(db: TilsynDatabase, version: Rapportversion): Promise<PublishedFollowUp[]> {
  const items = await db.opfoelgninger.where('inspectionId').equals(version.inspectionId).toArray();
  const themeName = (id: string) => version.snapshot.rows.find((r) => r.themeId === id)?.themeName ?? FRAMEWORK_V1.themes.find((t) => t.id === id)?.name ?? id;
  const order = (id: string) => version.snapshot.rows.findIndex((r) => r.themeId === id);
  return items
    .filter((i) => !i.deleted && FOLLOW_UP_STATUSES.includes(i.status) && i.anbefaling.trim())
    .sort((a, b) => order(a.themeId) - order(b.themeId) || a.createdAt.localeCompare(b.createdAt))
    .map((i) => ({ kind: 'anbefaling', themeName: themeName(i.themeId), text: i.anbefaling.trim(), owner: i.owner.trim(), dueDate: i.dueDate }));
}

export interface PublicationDraft {
  board: BoardNotice | null;
  followUp: PublishedFollowUp[];
}

/** What a publication of this version would carry today: the board orientation and the follow-up section. */
export async function publicationDraft(db: TilsynDatabase, version: Rapportversion): Promise<PublicationDraft> {
  const orientation = await db.bestyrelsesorienteringer.get(version.inspectionId);
  return {
    board: orientation ? { informedOn: orientation.informedOn, form: orientation.form, comment: orientation.comment } : null,
    followUp: await followUpSection(db, version),
  };
}

/** Why the version cannot be published on `publishedOn` (the ramme in force then decides about the board). */
export async function publicationProblemsFor(db: TilsynDatabase, version: Rapportversion, publishedOn: string, privacyOverrideReason: string): Promise<PublicationProblem[]> {
  const draft = await publicationDraft(db, version);
  const policy = publicationPolicyOf(rammeInForce(await db.tilsynsrammer.toArray(), publishedOn));
  return publicationProblems({ snapshot: version.snapshot, ...draft, privacyOverrideReason, policy });
}

/**
 * Forvaltning withdraws a publication with a written reason (shared/publicationWithdrawal.ts): the
 * public page and the two-year clock fall back to the previous publication. The judge refuses
 * anyone but forvaltning; the reason is required by the record's schema.
 */
export async function withdrawPublication(db: TilsynDatabase, publication: Publicering, input: { withdrawnOn: string; reason: string }, actor?: Actor): Promise<Tilbagetraekning> {
  const who = actor ?? (await currentActor(db));
  return updateRecord<Tilbagetraekning>(
    db,
    'tilbagetraekning',
    withdrawalId(publication.inspectionId, publication.version),
    () => ({ inspectionId: publication.inspectionId, institutionId: publication.institutionId, version: publication.version, withdrawnOn: input.withdrawnOn, reason: input.reason, withdrawnBy: who.displayName.trim() || 'Forvaltningen' }),
    { actor: who },
  );
}

/** Mark the version published: refused with the shared rule's messages, else written with its outbox row. */
export async function publishVersion(
  db: TilsynDatabase,
  version: Rapportversion,
  input: { publishedOn: string; url: string; privacyOverrideReason: string },
  actor?: Actor,
): Promise<Publicering> {
  const problems = await publicationProblemsFor(db, version, input.publishedOn, input.privacyOverrideReason);
  if (problems.length > 0) throw new ValidationError(Object.fromEntries(problems.map((p) => [p.code === 'privacy_check_failed' ? 'privacyOverrideReason' : p.code === 'board_not_informed' ? 'board' : '_', p.message])));
  const who = actor ?? (await currentActor(db));
  const draft = await publicationDraft(db, version);
  return updateRecord<Publicering>(
    db,
    'publicering',
    publicationId(version.inspectionId, version.version),
    () => ({
      inspectionId: version.inspectionId,
      institutionId: version.snapshot.institutionId,
      version: version.version,
      publishedOn: input.publishedOn,
      url: input.url,
      publishedBy: who.displayName.trim() || version.createdBy,
      privacyOverrideReason: input.privacyOverrideReason.trim(),
      ...draft,
    }),
    actor ? { actor } : {},
  );
}
