import type { Kysely } from 'kysely';
import { CalibrationAccessSettingsSchema, type CalibrationAccessSettings } from '../../shared/calibration/figuresAccess';
import type { Database } from '../db/schema';
import { fromJson, toJson } from '../db/json';

const KEY = 'figures';

/** Forvaltning's settings for the agreement figures (row 'figures' of calibration_settings; 'double_scoring' is the sampler's); the defaults (shared/calibration/warnings.ts) until set. */
export async function calibrationSettings(db: Kysely<Database>): Promise<CalibrationAccessSettings> {
  const row = await db.selectFrom('calibration_settings').select('value').where('key', '=', KEY).executeTakeFirst();
  const parsed = CalibrationAccessSettingsSchema.safeParse(row ? fromJson(row.value) : { thresholds: {} });
  return parsed.success ? parsed.data : CalibrationAccessSettingsSchema.parse({ thresholds: {} });
}

export async function setCalibrationSettings(db: Kysely<Database>, value: CalibrationAccessSettings, now = new Date()): Promise<void> {
  const text = toJson(value);
  await db
    .insertInto('calibration_settings')
    .values({ key: KEY, value: text, updated_at: now.toISOString() })
    .onConflict((oc) => oc.column('key').doUpdateSet({ value: text, updated_at: now.toISOString() }))
    .execute();
}

export async function calibrationLeadIds(db: Kysely<Database>): Promise<string[]> {
  return (await db.selectFrom('users').select('id').where('calibration_lead', '=', 1).orderBy('id').execute()).map((u) => u.id);
}

export async function isCalibrationLead(db: Kysely<Database>, userId: string): Promise<boolean> {
  const row = await db.selectFrom('users').select('calibration_lead').where('id', '=', userId).executeTakeFirst();
  return row?.calibration_lead === 1;
}
