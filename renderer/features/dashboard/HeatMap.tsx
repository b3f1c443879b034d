import { useId, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatMean } from '../../../shared/format';
import { sortHeatMap, type Dashboard, type HeatMapSortKey, type SortDirection } from '../../../shared/dashboard';
import { formatLongDate } from '../../../shared/dates';
import { THEME_SHORT_NAMES } from '../../../shared/framework';
import { href } from '../../state/router';
import { FigureMeta } from './FigureMeta';
import { ScrollBox } from './ScrollBox';

/** Rows shown before "Vis alle": thousands of rows would make the page slow to scroll and to read. */
const FIRST_ROWS = 100;

/** Institutions × themes from each institution's latest final inspection; every column sorts. */
export function HeatMap({ d }: { d: Dashboard }) {
  const { t } = useTranslation('dashboard');
  const headingId = useId();
  const [sort, setSort] = useState<{ key: HeatMapSortKey; direction: SortDirection }>({ key: 'name', direction: 'ascending' });
  const [showAll, setShowAll] = useState(false);
  // computeDashboard hands the rows over in name order already: sorted again only for another order (4,000 collator sorts on opening otherwise).
  const rows = useMemo(() => (sort.key === 'name' && sort.direction === 'ascending' ? d.heatMap : sortHeatMap(d.heatMap, sort.key, sort.direction)), [d.heatMap, sort]);
  const shown = showAll ? rows : rows.slice(0, FIRST_ROWS);
  const inspected = d.heatMap.filter((r) => r.inspectionId).length;
  const labels = d.framework.scale.labels;

  const columns: { key: HeatMapSortKey; label: string; title?: string; num?: boolean }[] = [
    { key: 'name', label: t('heat.institution') },
    { key: 'date', label: t('heat.latest') },
    ...d.framework.themes.map((theme) => ({ key: theme.id as HeatMapSortKey, label: THEME_SHORT_NAMES[theme.id], title: theme.name, num: true })),
    { key: 'mean', label: t('heat.mean'), title: t('heat.meanTitle'), num: true },
  ];

  const toggle = (key: HeatMapSortKey) =>
    setSort((s) => ({
      key,
      // Themes and means start with the weakest first: that is what one looks for.
      direction: s.key === key ? (s.direction === 'ascending' ? 'descending' : 'ascending') : 'ascending',
    }));

  return (
    <section className="dash-card dash-wide" aria-labelledby={headingId}>
      <h2 id={headingId}>{t('heat.title')}</h2>
      <p className="hint">{t('heat.hint')}</p>
      <p className="dash-legend" aria-hidden="true">
        {labels.map((l, k) => (
          <span key={l}>
            <span className={`heat heat-${k + 1}`}>{k + 1}</span> {l}
          </span>
        ))}
        <span>
          <span className="heat heat-iv">{t('heat.iv')}</span> {t('heat.notAssessed')}
        </span>
      </p>
      <ScrollBox label={t('heat.table')} className="table-scroll dash-heat-scroll">
        <table className="data-table dash-heat" data-testid="heatmap">
          <caption className="visually-hidden">
            {t('heat.caption', { column: columns.find((c) => c.key === sort.key)?.label, direction: sort.direction === 'ascending' ? t('heat.ascending') : t('heat.descending') })}
          </caption>
          <thead>
            <tr>
              {columns.map((c) => (
                <th
                  key={c.key}
                  scope="col"
                  className={c.num ? 'num' : undefined}
                  aria-sort={sort.key === c.key ? sort.direction : undefined}
                  title={c.title}
                >
                  <button type="button" className="dash-sort" onClick={() => toggle(c.key)}>
                    {c.label}
                    <span aria-hidden="true" className="dash-sort-mark">
                      {sort.key === c.key ? (sort.direction === 'ascending' ? '▲' : '▼') : '↕'}
                    </span>
                  </button>
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {shown.map((r) => (
              <tr key={r.institutionId}>
                <th scope="row">
                  <a href={href({ name: 'institution', id: r.institutionId })}>{r.name}</a>
                </th>
                <td className="dash-date">
                  {r.date && r.inspectionId ? <a href={href({ name: 'report', id: r.inspectionId })}>{formatLongDate(r.date)}</a> : t('heat.noFinal')}
                </td>
                {d.framework.themes.map((theme) => {
                  const c = r.cells[theme.id];
                  return (
                    <td key={theme.id} className="num">
                      {c.step ? (
                        <span className={`heat heat-${c.step}`} title={`${theme.name}: ${c.step} ${labels[c.step - 1]}`}>
                          {c.step}
                        </span>
                      ) : c.notAssessed ? (
                        <abbr className="heat heat-iv" title={t('heat.notAssessedWhy', { reason: c.notAssessedReason })}>
                          {t('heat.iv')}
                        </abbr>
                      ) : (
                        <span className="muted">–</span>
                      )}
                    </td>
                  );
                })}
                <td className="num">{formatMean(r.mean)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </ScrollBox>
      {rows.length > FIRST_ROWS && (
        <button type="button" className="secondary" onClick={() => setShowAll((v) => !v)}>
          {showAll ? t('showFirst', { count: FIRST_ROWS }) : t('showAll', { count: rows.length, what: t('rows.institutions') })}
        </button>
      )}
      <FigureMeta updatedAt={d.updatedAt} n={t('heat.meta', { count: d.heatMap.length, inspected })} />
    </section>
  );
}
