import { formatMean } from '../../../shared/format';
import { themeSeries, type Dashboard } from '../../../shared/dashboard';
import { assessGoal, GOAL_STATUS_LABELS, type Goal, type GoalStatus } from '../../../shared/goals';
import { FigureMeta } from './FigureMeta';

/** A smiley in the spirit of Ballerup's follow-up: the status is also written out, never colour alone. */
function Smiley({ status }: { status: GoalStatus }) {
  const mouth = status === 'paa_sporet' ? 'M8 14.5 Q12 18 16 14.5' : status === 'i_risiko' ? 'M8 15.5 L16 15.5' : 'M8 17 Q12 13.5 16 17';
  return (
    <svg className="dash-smiley" viewBox="0 0 24 24" width="28" height="28" aria-hidden="true" focusable="false">
      <circle cx="12" cy="12" r="10.5" fill="currentColor" />
      <circle cx="8.5" cy="9.5" r="1.4" fill="#fff" />
      <circle cx="15.5" cy="9.5" r="1.4" fill="#fff" />
      <path d={mouth} stroke="#fff" strokeWidth="1.8" fill="none" strokeLinecap="round" />
    </svg>
  );
}

export function GoalCards({ d, goals, currentYear }: { d: Dashboard; goals: Goal[]; currentYear: number }) {
  if (goals.length === 0)
    return (
      <section className="dash-card" aria-label="Mål">
        <h2>Mål</h2>
        <p>Der er ingen mål for denne skala endnu.</p>
      </section>
    );
  return (
    <>
      {goals.map((g) => {
        const a = assessGoal(g, themeSeries(d, g.themeId), currentYear);
        const theme = d.framework.themes.find((t) => t.id === g.themeId);
        const latestPeriod = a.latest ? d.periods.find((p) => p.year === a.latest!.year) : undefined;
        const n = latestPeriod ? latestPeriod.stats[g.themeId].n : 0;
        return (
          <section className={`dash-card dash-goal status-${a.status}`} key={g.id} aria-labelledby={`goal-${g.id}`} data-testid={`goal-${g.themeId}`}>
            <p className="dash-kicker">Mål · {theme?.name ?? g.themeId}</p>
            <h2 id={`goal-${g.id}`} className="dash-goal-title">
              {g.title}
            </h2>
            <p className="dash-goal-status">
              <Smiley status={a.status} />
              <strong>{GOAL_STATUS_LABELS[a.status]}</strong>
            </p>
            <dl className="dash-goal-facts">
              <div>
                <dt>Baseline {g.baselineYear}</dt>
                <dd>{formatMean(g.baselineValue)}</dd>
              </div>
              <div>
                <dt>{a.latest ? `Seneste (${latestPeriod?.label ?? a.latest.year})` : 'Seneste'}</dt>
                <dd>{a.latest ? formatMean(a.latest.mean) : '–'}</dd>
              </div>
              <div>
                <dt>Mål {g.targetYear}</dt>
                <dd>{formatMean(g.targetValue)}</dd>
              </div>
            </dl>
            <p className="dash-goal-reason">{a.reason}.</p>
            <FigureMeta updatedAt={d.updatedAt} n={`${n} institutioner${latestPeriod ? ` i ${latestPeriod.label}` : ''}`} />
          </section>
        );
      })}
    </>
  );
}
