import { msg } from './i18n/i18n';
import { z } from 'zod';

/** The seven themes keep these ids in every framework version, even if their names change. */
export const THEME_IDS = [
  'paedagogisk-organisering',
  'fysiske-rammer',
  'interaktion',
  'leg',
  'rutiner',
  'boernenes-kompetencer',
  'overgange',
] as const;
export const ThemeIdSchema = z.enum(THEME_IDS, { error: msg('validation:unknownTheme') });
export type ThemeId = z.infer<typeof ThemeIdSchema>;

export const STEPS = [1, 2, 3, 4] as const;
export const StepSchema = z
  .number({ error: msg('validation:step.choose') })
  .int({ error: msg('validation:step.whole') })
  .min(1, { error: msg('validation:step.range') })
  .max(4, { error: msg('validation:step.range') });
export type Step = 1 | 2 | 3 | 4;

/** Four texts, one per step, step 1 first. */
const StepTextsSchema = z.tuple([z.string().min(1), z.string().min(1), z.string().min(1), z.string().min(1)]);

export const ScaleSchema = z.object({
  /** Averages are only ever computed across inspections whose framework has the same scaleId. */
  id: z.string().min(1),
  labels: StepTextsSchema,
});
export type Scale = z.infer<typeof ScaleSchema>;

export const FokuspunktSchema = z.object({
  id: z.string().min(1),
  name: z.string().min(1),
  /** What practice at each step looks like for this fokuspunkt. */
  descriptors: StepTextsSchema,
});
export type Fokuspunkt = z.infer<typeof FokuspunktSchema>;

export const ThemeSchema = z.object({
  id: ThemeIdSchema,
  name: z.string().min(1),
  description: z.string().min(1),
  /** What practice at each step looks like for the theme as a whole. */
  descriptors: StepTextsSchema,
  fokuspunkter: z.array(FokuspunktSchema).min(2).max(4),
});
export type Theme = z.infer<typeof ThemeSchema>;

export const FrameworkSchema = z
  .object({
    id: z.string().min(1),
    version: z.number().int().positive(),
    name: z.string().min(1),
    validFrom: z.string(),
    scale: ScaleSchema,
    themes: z.array(ThemeSchema).length(THEME_IDS.length),
  })
  .refine((f) => new Set(f.themes.map((t) => t.id)).size === THEME_IDS.length, { error: msg('validation:framework.themeOnce') })
  // Fokuspunkt notes are keyed by inspection + fokuspunkt id, so an id may occur only once in a framework.
  .refine(
    (f) => {
      const ids = f.themes.flatMap((t) => t.fokuspunkter.map((p) => p.id));
      return new Set(ids).size === ids.length;
    },
    { error: msg('validation:framework.focusIdOnce') },
  );
export type Framework = z.infer<typeof FrameworkSchema>;

export const DEFAULT_SCALE_LABELS = [
  'Ikke tilfredsstillende',
  'Mindre tilfredsstillende',
  'Tilfredsstillende',
  'Meget tilfredsstillende',
] as const;

export function stepLabel(framework: Framework, step: Step): string {
  return framework.scale.labels[step - 1]!;
}

/** Short column headings for tables where seven full theme names do not fit. */
export const THEME_SHORT_NAMES: Record<ThemeId, string> = {
  'paedagogisk-organisering': 'Organisering',
  'fysiske-rammer': 'Rammer',
  interaktion: 'Interaktion',
  leg: 'Leg',
  rutiner: 'Rutiner',
  'boernenes-kompetencer': 'Kompetencer',
  overgange: 'Overgange',
};

/*
 * A scale id means one set of steps with one order and meaning: averages are computed across every
 * inspection whose framework has that scale id. A new framework version may reuse a scale only
 * unchanged; labels are compared ignoring letter case and spacing (a typo fix in capitals is not a
 * new meaning), anything else is a different scale and needs a new id.
 */
function sameLabel(a: string, b: string): boolean {
  const norm = (s: string) => s.trim().replace(/\s+/g, ' ').toLocaleLowerCase('da');
  return norm(a) === norm(b);
}

/**
 * Why `candidate` may not be added beside `existing` because of its scale (in Danish, saying what
 * differs), or null when its scale is new or the same as where its id is already used.
 */
export function scaleProblem(existing: readonly Pick<Framework, 'id' | 'scale'>[], candidate: Pick<Framework, 'id' | 'scale'>): string | null {
  const other = existing.find((f) => f.id !== candidate.id && f.scale.id === candidate.scale.id);
  if (!other) return null;
  const was = other.scale.labels as readonly string[];
  const now = candidate.scale.labels as readonly string[];
  const intro = `Skalaen "${candidate.scale.id}" bruges allerede i ${other.id}`;
  const fix = 'En ændret skala skal have et nyt skala-id (og indgår så ikke i de samme gennemsnit).';
  if (was.length !== now.length) return `${intro} med ${was.length} trin, men har ${now.length} trin her. ${fix}`;
  const differs = was.map((_w, k) => k).filter((k) => !sameLabel(was[k]!, now[k]!));
  if (differs.length === 0) return null;
  const sameSet = was.every((w) => now.some((n) => sameLabel(w, n))) && now.every((n) => was.some((w) => sameLabel(w, n)));
  const detail = differs.map((k) => `trin ${k + 1} er "${was[k]}" i ${other.id}, men "${now[k]}" her`).join('; ');
  return sameSet
    ? `${intro} med trinene i en anden rækkefølge: ${detail}. ${fix}`
    : `${intro} med andre trin: ${detail}. ${fix}`;
}
