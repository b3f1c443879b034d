import { z } from 'zod';
import { msg } from '../i18n/i18n';
import type { Role } from '../accounts';
import { CalibrationSettingsSchema, type ConsultantAgreement, type ThemeAgreement } from './warnings';

/**
 * Who sees which agreement figures (issue 16): the rule the server enforces on every answer, and
 * the app reads to say what the page shows.
 *
 * - a calibration lead (a flag on a forvaltning or konsulent user) sees every consultant's figures
 *   by name, with the warnings;
 * - a konsulent sees their own figures (without warnings: those go to the lead);
 * - forvaltning management sees named figures only when the municipality has switched it on, and
 *   then without the warnings; otherwise the themes only;
 * - a leder sees nothing (403).
 */
export type FiguresScope = 'alle_med_advarsler' | 'alle' | 'egne' | 'temaer' | 'ingen';

export function figuresScope(user: { role: Role; calibrationLead: boolean }, namedFiguresForManagement: boolean): FiguresScope {
  if (user.role === 'leder') return 'ingen';
  if (user.calibrationLead) return 'alle_med_advarsler';
  if (user.role === 'konsulent') return 'egne';
  return namedFiguresForManagement ? 'alle' : 'temaer';
}

/** What forvaltning sets: the thresholds (shared/calibration/warnings.ts) and the named-figures switch. */
export const CalibrationAccessSettingsSchema = z.object({
  thresholds: CalibrationSettingsSchema,
  /** Forvaltning management (not the lead) sees consultants' figures by name. Off by default. */
  namedFiguresForManagement: z.boolean({ error: msg('validation:calibration.onOff') }).default(false),
});
export type CalibrationAccessSettings = z.infer<typeof CalibrationAccessSettingsSchema>;

/** `GET /api/kalibrering/indstillinger` (forvaltning): the settings and who is calibration lead. */
export const CalibrationSettingsStateSchema = CalibrationAccessSettingsSchema.extend({
  calibrationLeadUserIds: z.array(z.string()),
});
export type CalibrationSettingsState = z.infer<typeof CalibrationSettingsStateSchema>;

export const CalibrationLeadSchema = z.object({ lead: z.boolean({ error: msg('validation:calibration.trueFalse') }) });

const nullableNumber = z.number().nullable();

const ThemeAgreementSchema = z.object({
  themeId: z.string(),
  pairs: z.number().int(),
  exact: nullableNumber,
  withinOne: nullableNumber,
  confusion: z.array(z.array(z.number().int())),
  coefficients: z
    .object({
      kappa: nullableNumber,
      kappaLinear: nullableNumber,
      kappaQuadratic: nullableNumber,
      alphaNominal: nullableNumber,
      alphaOrdinal: nullableNumber,
      alphaInterval: nullableNumber,
    })
    .nullable(),
  flags: z.array(z.enum(['lav_enighed', 'lav_alpha'])),
}) satisfies z.ZodType<ThemeAgreement>;

const ConsultantFiguresSchema = z.object({
  consultantId: z.string(),
  name: z.string(),
  pairs: z.number().int(),
  exact: nullableNumber,
  withinOne: nullableNumber,
  meanSignedDifference: nullableNumber,
  drift: nullableNumber,
  /** Empty unless the reader is a calibration lead. */
  flags: z.array(z.enum(['lav_enighed', 'lav_enighed_inden_for_et_trin', 'mild_eller_streng', 'drift'])),
}) satisfies z.ZodType<ConsultantAgreement & { name: string }>;
export type ConsultantFigures = z.infer<typeof ConsultantFiguresSchema>;

/** `GET /api/kalibrering/enighed`: the figures the reader may see, computed on the server. */
export const AgreementFiguresSchema = z.object({
  scope: z.enum(['alle_med_advarsler', 'alle', 'egne', 'temaer']),
  today: z.string(),
  /** The window is (windowFrom, today]. */
  windowFrom: z.string(),
  thresholds: CalibrationSettingsSchema,
  /** Double-scored visits behind the figures (both raters sealed) in the window. */
  visits: z.number().int(),
  themes: z.array(ThemeAgreementSchema),
  consultants: z.array(ConsultantFiguresSchema),
});
export type AgreementFigures = z.infer<typeof AgreementFiguresSchema>;

/** `GET /api/kalibrering/usikre-temaer`: the themes whose averages the goals dashboard marks as uncertain. */
export const UncertainThemesSchema = z.object({
  themeIds: z.array(z.string()),
  windowMonths: z.number().int(),
  generatedAt: z.string(),
});
export type UncertainThemes = z.infer<typeof UncertainThemesSchema>;
