import { useTranslation } from 'react-i18next';
import { formatDateTime } from '../../../shared/dates';
import { formatMean } from '../../../shared/format';
import { THEME_IDS, THEME_SHORT_NAMES } from '../../../shared/framework';
import type { CachedThemeAverages } from '../../sync/themeAverages';
import { ScrollBox } from './ScrollBox';

/**
 * The municipality's theme averages as the server computes them over ALL institutions
 * (GET /api/stats/theme-averages, cached after each sync like the leder's comparison, so offline too).
 * A konsulent's own copy holds only their institutions: its averages are not the municipality's,
 * so the Overblik shows these figures as the municipal ones, and says when they were fetched.
 */
export function ServerAverages({ cached, serverUrl }: { cached: CachedThemeAverages | null; serverUrl: string }) {
  const { t } = useTranslation('besoeg2');
  const averages = cached && cached.serverUrl === serverUrl ? cached.averages : null;
  return (
    <section className="card" aria-labelledby="server-averages-title" data-testid="server-averages">
      <h2 id="server-averages-title">{t('overblik.title')}</h2>
      {!averages ? (
        <p>{t('overblik.none')}</p>
      ) : (
        <>
          <p className="hint">{t('overblik.fetched', { when: formatDateTime(cached!.fetchedAt), minN: averages.minN })}</p>
          <ScrollBox label={t('overblik.title')}>
            <table className="report-table">
              <caption>{t('overblik.caption')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('overblik.period')}</th>
                  <th scope="col" className="num">
                    {t('overblik.institutions')}
                  </th>
                  {THEME_IDS.map((id) => (
                    <th scope="col" key={id} className="num">
                      {THEME_SHORT_NAMES[id]}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {averages.periods.map((p) => (
                  <tr key={p.key}>
                    <th scope="row">{p.label}</th>
                    <td className="num">{p.institutions}</td>
                    {THEME_IDS.map((id) => {
                      const c = p.themes[id];
                      return (
                        <td key={id} className="num">
                          {!c || c.suppressed ? t('overblik.suppressed') : t('overblik.cell', { mean: formatMean(c.mean, c.n), n: c.n })}
                        </td>
                      );
                    })}
                  </tr>
                ))}
              </tbody>
            </table>
          </ScrollBox>
        </>
      )}
    </section>
  );
}
