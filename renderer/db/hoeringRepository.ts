import { translate } from '../../shared/i18n/i18n';
import type { Hoeringskommentar, Hoeringssvar } from '../../shared/hoering';
import type { Inspection } from '../../shared/inspection';
import type { Actor } from './actor';
import type { TilsynDatabase } from './database';
import { changeStatus } from './inspectionRepository';
import { updateRecord } from './recordStore';
import { ValidationError } from './validation';

/** The consultant sends a completed draft to høring: the institution's leder can then read and answer it. */
export function sendToHoering(db: TilsynDatabase, id: string, actor?: Actor): Promise<Inspection> {
  return changeStatus(db, id, 'i_hoering', undefined, actor ? { actor } : {});
}

/** The consultant takes the draft back from høring (the leder's answers are kept for the next høring). */
export function pullBackFromHoering(db: TilsynDatabase, id: string, actor?: Actor): Promise<Inspection> {
  return changeStatus(db, id, 'udkast', undefined, actor ? { actor } : {});
}

/** The inspection being answered; who may answer, and while it is in høring, is the shared judge's (shared/rules). */
async function hoeringOf(db: TilsynDatabase, inspectionId: string): Promise<Inspection> {
  const inspection = await db.inspections.get(inspectionId);
  if (!inspection) throw new ValidationError({ _: translate('inspection:errors.inspectionNotHere') });
  return inspection;
}

/** The leder's answer to one anbefaling (enig / uenig / plan, and text); saved like any edit, with its outbox row. */
export async function setHoeringAnswer(
  db: TilsynDatabase,
  inspectionId: string,
  anbefalingId: string,
  patch: Partial<Pick<Hoeringssvar, 'answer' | 'text'>>,
  actor?: Actor,
): Promise<Hoeringssvar> {
  await hoeringOf(db, inspectionId);
  const anbefaling = await db.anbefalinger.get(anbefalingId);
  if (!anbefaling || anbefaling.inspectionId !== inspectionId || anbefaling.deleted) throw new ValidationError({ _: translate('rules:anbefaling_missing') });
  return updateRecord<Hoeringssvar>(db, 'hoeringssvar', anbefalingId, (current) => ({ ...current, ...patch, inspectionId, anbefalingId }), actor ? { actor } : {});
}

/** The leder's comment on the report as a whole. */
export async function setHoeringComment(db: TilsynDatabase, inspectionId: string, text: string, actor?: Actor): Promise<Hoeringskommentar> {
  await hoeringOf(db, inspectionId);
  return updateRecord<Hoeringskommentar>(db, 'hoeringskommentar', inspectionId, (current) => ({ ...current, text, inspectionId }), actor ? { actor } : {});
}
