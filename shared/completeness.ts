import type { Framework } from './framework';
import { currentLocale, translate } from './i18n/i18n';
import { FINDING_TYPE_LABELS, instructionProblems, type Anbefaling, type Anerkendelse, type ThemeScore } from './inspection';

export interface Completeness {
  assessed: number;
  total: number;
  /** Sentences (in the language in use) naming what must be done before the draft can be completed. */
  missing: string[];
  complete: boolean;
}

/** What stands between an inspection and a completed draft. */
export function completeness(
  framework: Framework,
  scores: readonly ThemeScore[],
  anerkendelser: readonly Anerkendelse[] = [],
  anbefalinger: readonly Anbefaling[] = [],
): Completeness {
  const byTheme = new Map(scores.map((s) => [s.themeId, s]));
  const missing: string[] = [];
  let assessed = 0;
  for (const theme of framework.themes) {
    const s = byTheme.get(theme.id);
    if (s?.notAssessed) {
      if (s.notAssessedReason.trim()) assessed++;
      else missing.push(translate('inspection:missing.notAssessedReason', { theme: theme.name }));
    } else if (s?.step) assessed++;
    else missing.push(translate('inspection:missing.step', { theme: theme.name }));
  }
  const emptyA = anerkendelser.filter((a) => !a.deleted && a.text.trim() === '').length;
  const emptyB = anbefalinger.filter((a) => !a.deleted && a.text.trim() === '').length;
  if (emptyA) missing.push(translate('inspection:missing.emptyAnerkendelser', { count: emptyA }));
  if (emptyB) missing.push(translate('inspection:missing.emptyAnbefalinger', { count: emptyB }));
  // § 5 b stk. 2: every anbefaling and påbud gives a concrete instruction for the follow-up.
  for (const theme of framework.themes) {
    anbefalinger
      .filter((a) => !a.deleted && a.themeId === theme.id && a.text.trim() !== '')
      .forEach((a) => {
        const problems = instructionProblems(a);
        if (problems.length) missing.push(translate('inspection:missing.instruction', { type: FINDING_TYPE_LABELS[a.type], theme: theme.name, problems: listOf(problems) }));
      });
  }
  return { assessed, total: framework.themes.length, missing, complete: missing.length === 0 };
}

/** "a, b og c" (English: "a, b and c"). */
function listOf(words: readonly string[]): string {
  return new Intl.ListFormat(currentLocale(), { type: 'conjunction' }).format(words);
}
