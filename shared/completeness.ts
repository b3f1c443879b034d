import type { Framework } from './framework';
import { FINDING_TYPE_LABELS, instructionProblems, type Anbefaling, type Anerkendelse, type ThemeScore } from './inspection';

export interface Completeness {
  assessed: number;
  total: number;
  /** Danish sentences naming what must be done before the draft can be completed. */
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
      else missing.push(`${theme.name}: skriv hvorfor temaet ikke er vurderet`);
    } else if (s?.step) assessed++;
    else missing.push(`${theme.name}: vælg et trin`);
  }
  const emptyA = anerkendelser.filter((a) => !a.deleted && a.text.trim() === '').length;
  const emptyB = anbefalinger.filter((a) => !a.deleted && a.text.trim() === '').length;
  if (emptyA) missing.push(`${emptyA} tom${emptyA > 1 ? 'me' : ''} anerkendelse${emptyA > 1 ? 'r' : ''}: skriv teksten eller slet`);
  if (emptyB) missing.push(`${emptyB} tom${emptyB > 1 ? 'me' : ''} anbefaling${emptyB > 1 ? 'er' : ''}: skriv teksten eller slet`);
  // § 5 b stk. 2: every anbefaling and påbud gives a concrete instruction for the follow-up.
  for (const theme of framework.themes) {
    anbefalinger
      .filter((a) => !a.deleted && a.themeId === theme.id && a.text.trim() !== '')
      .forEach((a) => {
        const problems = instructionProblems(a);
        if (problems.length) missing.push(`${FINDING_TYPE_LABELS[a.type]} under ${theme.name}: angiv ${joinDanish(problems)}`);
      });
  }
  return { assessed, total: framework.themes.length, missing, complete: missing.length === 0 };
}

/** "a, b og c". */
function joinDanish(words: readonly string[]): string {
  return words.length > 1 ? `${words.slice(0, -1).join(', ')} og ${words[words.length - 1]}` : (words[0] ?? '');
}
