import { useTranslation } from 'react-i18next';
import { formatMean } from '../../../shared/format';
import type { Dashboard } from '../../../shared/dashboard';
import { GOAL_STATUS_LABELS, goalReasonText, measurementLabel, thinText, type Goal, type GoalReading, type GoalStatus } from '../../../shared/goals';
import { FigureMeta } from './FigureMeta';
import { UncertainMark } from '../calibration/UncertainMark';
import type { UncertainMarks } from '../calibration/uncertainMark';

/** A smiley in the spirit of Ballerup's follow-up: the status is also written out, never colour alone. */
function Smiley({ status }: { status: GoalStatus }) {
  const mouth = status === 'naaet' || status === 'paa_sporet' ? 'M8 14.5 Q12 18 16 14.5' : status === 'i_risiko' ? 'M8 15.5 L16 15.5' : 'M8 17 Q12 13.5 16 17';
  return (
    <svg className="dash-smiley" viewBox="0 0 24 24" width="28" height="28" aria-hidden="true" focusable="false">
      <circle cx="12" cy="12" r="10.5" fill="currentColor" />
      <circle cx="8.5" cy="9.5" r="1.4" fill="#fff" />
      <circle cx="15.5" cy="9.5" r="1.4" fill="#fff" />
      <path d={mouth} stroke="#fff" strokeWidth="1.8" fill="none" strokeLinecap="round" />
    </svg>
  );
}

/**
 * Goal cards. A goal is measured over its round (24 months up to the date it is read, see
 * shared/goals.ts readGoal); the status comes only from measurements with enough institutions
 * behind them, and a thin latest reading is named as such instead of setting the status.
 */
export function GoalCards({ d, readings, goals, uncertain = null }: { d: Dashboard; readings: Readonly<Record<string, GoalReading>>; goals: Goal[]; uncertain?: UncertainMarks | null }) {
  const { t } = useTranslation('dashboard');
  if (goals.length === 0)
    return (
      <section className="dash-card" aria-label={t('goals.title')}>
        <h2>{t('goals.title')}</h2>
        <p>{t('goals.none')}</p>
      </section>
    );
  return (
    <>
      {goals.map((g) => {
        const a = readings[g.id];
        if (!a) return null;
        const theme = d.framework.themes.find((th) => th.id === g.themeId);
        const basis = a.basis;
        return (
          <section className={`dash-card dash-goal status-${a.status}`} key={g.id} aria-labelledby={`goal-${g.id}`} data-testid={`goal-${g.themeId}`}>
            <p className="dash-kicker">
              {t('goals.kicker', { theme: theme?.name ?? g.themeId })}
              <UncertainMark marks={uncertain} themeId={g.themeId} />
            </p>
            <h2 id={`goal-${g.id}`} className="dash-goal-title">
              {g.title}
            </h2>
            <p className="dash-goal-status">
              <Smiley status={a.status} />
              <strong>{GOAL_STATUS_LABELS[a.status]}</strong>
            </p>
            <dl className="dash-goal-facts">
              <div>
                <dt>{t('goals.baseline', { year: g.baselineYear })}</dt>
                <dd>
                  {formatMean(g.baselineValue)}
                  {a.measuredBaseline && (
                    <span className="dash-goal-sub" data-testid="goal-measured-baseline">
                      {t('goals.measured', { mean: formatMean(a.measuredBaseline.mean, a.measuredBaseline.n), n: a.measuredBaseline.n })}
                    </span>
                  )}
                </dd>
              </div>
              <div>
                <dt>{basis ? t('goals.latestOf', { label: measurementLabel(basis) }) : t('goals.latest')}</dt>
                <dd>
                  {basis ? formatMean(basis.mean, basis.n) : '–'}
                  {basis && <span className="dash-goal-sub">{t('averages.n', { n: basis.n })}</span>}
                </dd>
              </div>
              <div>
                <dt>{t('goals.target', { year: g.targetYear })}</dt>
                <dd>{formatMean(g.targetValue)}</dd>
              </div>
            </dl>
            {a.thin && (
              <p className="dash-goal-thin" data-testid="goal-thin">
                {t('goals.thin', { label: measurementLabel(a.thin.measurement), text: thinText(a.thin.measurement), basis: basis ? measurementLabel(basis) : t('goals.baselineWord') })}
              </p>
            )}
            <p className="dash-goal-reason">{goalReasonText(a.reason)}.</p>
            <FigureMeta updatedAt={d.updatedAt} n={basis ? t('goals.metaOf', { n: basis.n, count: basis.inScope, label: measurementLabel(basis) }) : t('goals.meta', { count: a.measurements.at(-1)?.inScope ?? 0 })} />
          </section>
        );
      })}
    </>
  );
}
