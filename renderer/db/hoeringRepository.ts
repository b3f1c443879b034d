import type { Hoeringskommentar, Hoeringssvar } from '../../shared/hoering';
import type { Inspection } from '../../shared/inspection';
import { currentActor, type Actor } from './actor';
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

/** Only the institution's leder answers, and only while the inspection is in høring (the server checks the same). */
async function openHoering(db: TilsynDatabase, inspectionId: string, actor?: Actor): Promise<Inspection> {
  const who = actor ?? (await currentActor(db));
  if (who.role !== 'leder') throw new ValidationError({ _: 'Kun institutionens leder kan skrive høringssvar' });
  const inspection = await db.inspections.get(inspectionId);
  if (!inspection) throw new ValidationError({ _: 'Tilsynet findes ikke på denne computer' });
  if (inspection.status !== 'i_hoering') throw new ValidationError({ _: 'Høringen er lukket: svarene kan ikke længere ændres' });
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
  await openHoering(db, inspectionId, actor);
  const anbefaling = await db.anbefalinger.get(anbefalingId);
  if (!anbefaling || anbefaling.inspectionId !== inspectionId || anbefaling.deleted) throw new ValidationError({ _: 'Anbefalingen findes ikke i tilsynet' });
  return updateRecord<Hoeringssvar>(db, 'hoeringssvar', anbefalingId, (current) => ({ ...current, ...patch, inspectionId, anbefalingId }));
}

/** The leder's comment on the report as a whole. */
export async function setHoeringComment(db: TilsynDatabase, inspectionId: string, text: string, actor?: Actor): Promise<Hoeringskommentar> {
  await openHoering(db, inspectionId, actor);
  return updateRecord<Hoeringskommentar>(db, 'hoeringskommentar', inspectionId, (current) => ({ ...current, text, inspectionId }));
}
