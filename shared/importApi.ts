import { z } from 'zod';
import { IsoDateSchema } from './dates';
import { ErrorBodySchema } from './sync/wire';

/*
 * The wire format of the server's import (POST /api/import/institutions and
 * /api/import/theme-scores, forvaltning only; docs/import-format.md). The file travels as its bytes
 * (base64), so the server decodes it (shared/textDecoding.ts) exactly as the app would: a browser's
 * file.text() would read an Excel Windows-1252 file as UTF-8 and garble æøå.
 */

/** The largest file accepted: 6 MB (a 4,000-institution × 10-year score file is about 3 MB). */
export const IMPORT_MAX_BYTES = 6 * 1024 * 1024;
/** Base64 is 4/3 of the bytes; the request body may be this large. */
export const IMPORT_BODY_LIMIT = Math.ceil((IMPORT_MAX_BYTES * 4) / 3) + 64 * 1024;

export const ImportRequestSchema = z.strictObject({
  fileName: z.string().trim().min(1, { error: 'Angiv filens navn' }).max(255, { error: 'Filnavnet må højst have 255 tegn' }),
  /** The file's bytes, base64. */
  content: z
    .base64({ error: 'Filens indhold skal sendes som base64' })
    .min(1, { error: 'Filen er tom' })
    .max(Math.ceil((IMPORT_MAX_BYTES * 4) / 3), { error: `Filen må højst fylde ${IMPORT_MAX_BYTES / 1024 / 1024} MB` }),
  /** Institutions file only: also import its T1–T7 steps as final inspections dated this day. */
  stepsDate: IsoDateSchema.optional(),
});
export type ImportRequest = z.infer<typeof ImportRequestSchema>;

/** `?dryRun=1`: check and count, store nothing. */
export const ImportQuerySchema = z.strictObject(
  { dryRun: z.enum(['0', '1', 'true', 'false'], { error: 'dryRun skal være 1 eller 0' }).optional() },
  { error: (iss) => (iss.code === 'unrecognized_keys' ? `Ukendt parameter: ${iss.keys.join(', ')}` : undefined) },
);

const Counts = z.object({ created: z.number().int(), updated: z.number().int() });

/** What an import did, or (dry run) would do: the Import page's preview. */
export const ImportSummarySchema = z.object({
  kind: z.enum(['institutions', 'scores']),
  dryRun: z.boolean(),
  fileName: z.string(),
  encoding: z.enum(['utf-8', 'windows-1252']),
  /** Institutions file: new and updated institutions (an existing one keeps its district). */
  institutions: Counts.nullable(),
  /** Final inspections written (the steps of an institutions file, or a scores file's rows); updated = replaced an earlier import. */
  inspections: Counts,
  themeScores: z.number().int(),
  /** Institutions the inspections belong to. */
  inspectedInstitutions: z.number().int(),
});
export type ImportSummary = z.infer<typeof ImportSummarySchema>;

/** One problem of a refused file: Danish `message`, and the key, params and value a client words it from (shared/importCsv.ts). */
export const ImportProblemSchema = z.object({
  line: z.number().int(),
  column: z.string().optional(),
  message: z.string(),
  key: z.string().optional(),
  params: z.record(z.string(), z.union([z.string(), z.number()])).optional(),
  value: z.string().optional(),
});

/** 422: the file has problems; nothing is stored. Every problem with its line (and column). */
export const ImportRefusedSchema = ErrorBodySchema.extend({ problems: z.array(ImportProblemSchema) });
export type ImportRefused = z.infer<typeof ImportRefusedSchema>;
