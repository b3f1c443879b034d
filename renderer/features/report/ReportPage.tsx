import { useLiveQuery } from 'dexie-react-hooks';
import { useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { currentLanguage } from '../../../shared/i18n/i18n';
import { reportInLanguage } from '../../../shared/reportShown';
import { versionLabel } from '../../../shared/reportVersion';
import { getPlatform } from '../../platform/bridge';
import { useDatabase } from '../../state/context';
import { href } from '../../state/router';
import { useActor } from '../../state/useActor';
import { loadLiveReport, loadVersions } from '../../db/reportRepository';
import { getMunicipality } from '../../sync/municipality';
import { PublicationPanel } from './PublicationPanel';
import { printHyphenated, usePrintHyphenation } from './printHyphenation';
import { ReportView } from './ReportView';

const LIVE = 'live';

/**
 * The report of one inspection. A final report is shown as its frozen version (the newest by
 * default); earlier versions stay readable through the picker. Before it is final, and while a
 * correction is being written, the report is built from the local data as it stands.
 */
export function ReportPage({ id }: { id: string }) {
  const { t } = useTranslation('report');
  const db = useDatabase();
  const actor = useActor();
  const pickerId = useId();
  const [picked, setPicked] = useState<string | null>(null);
  const articleRef = useRef<HTMLElement>(null);
  usePrintHyphenation(articleRef);
  // The report in the UI's language: the live one built in it, a frozen (Danish) version relabelled.
  const lng = currentLanguage();
  const data = useLiveQuery(async () => {
    const [live, versions, municipality] = await Promise.all([loadLiveReport(db, id, lng), loadVersions(db, id), getMunicipality(db)]);
    if (!live && versions.length === 0) return null;
    return { live, versions, municipality };
  }, [db, id, lng]);

  if (data === undefined) return <p>{t('loading')}</p>;
  if (data === null)
    return (
      <section>
        <h1>{t('notFound')}</h1>
        <p>
          <a href="#/">{t('backToInstitutions')}</a>
        </p>
      </section>
    );

  const { live, versions } = data;
  const status = live?.bundle.inspection.status;
  // A final inspection opens on its newest version; a draft (or a correction) on the live report.
  const defaultChoice = versions.length > 0 && (!live || status === 'endelig') ? versions[0]!.id : LIVE;
  const choice = picked && (picked === LIVE ? !!live : versions.some((v) => v.id === picked)) ? picked : defaultChoice;
  const version = choice === LIVE ? null : (versions.find((v) => v.id === choice) ?? null);
  const report = version ? reportInLanguage(version.snapshot, lng) : live!.snapshot;
  const institutionId = report.institutionId ?? live?.bundle.inspection.institutionId;
  const platform = getPlatform();
  const fileName = version
    ? t('fileNameVersion', { institution: report.institutionName, date: report.isoDate ?? '', version: version.version })
    : t('fileName', { institution: report.institutionName, date: report.isoDate ?? '' });
  const isLeder = actor?.role === 'leder';

  // The printed page's footer names the document (Chromium prints @page margin boxes; CSS strings only).
  const footer = [report.title, report.institutionName, report.date, version ? t('footerVersion', { version: version.version }) : report.final ? '' : t('footerDraft')].filter(Boolean).join(' · ');

  return (
    <article className="report" ref={articleRef}>
      <style media="print">{pageFooterCss(footer)}</style>
      <div className="report-actions no-print">
        {institutionId && <a href={href({ name: 'institution', id: institutionId })}>{t('backToInstitution')}</a>}
        {live && !isLeder && status !== 'endelig' && <a href={href({ name: 'inspection', id })}>{status === 'i_hoering' ? t('openInspection') : t('continueInspection')}</a>}
        {live && isLeder && status === 'i_hoering' && <a href={href({ name: 'hoering', id })}>{t('answerHoering')}</a>}
        {versions.length > 0 && (
          <span className="version-picker">
            <label htmlFor={pickerId}>{t('version')}</label>
            <select id={pickerId} value={choice} onChange={(e) => setPicked(e.target.value)}>
              {live && status !== 'endelig' && <option value={LIVE}>{t('liveDraft')}</option>}
              {versions.map((v) => (
                <option key={v.id} value={v.id}>
                  {versionLabel(v, lng)}
                </option>
              ))}
            </select>
          </span>
        )}
        <button type="button" className="secondary" onClick={() => void printHyphenated(articleRef.current, () => platform.savePdf({ suggestedName: fileName }))}>
          {platform.capabilities.pdf === 'file' ? t('savePdf') : t('printPdf')}
        </button>
      </div>
      {!version && live && status !== 'endelig' && versions.length > 0 && (
        <p className="notice no-print">
          {live.bundle.inspection.correctionReason ? t('beingCorrectedWhy', { reason: live.bundle.inspection.correctionReason }) : t('beingCorrected')}
        </p>
      )}
      <ReportView report={report} version={version} latestVersion={versions[0]?.version} municipality={data.municipality} />
      {version && version.version === versions[0]?.version && (!live || status === 'endelig') && <PublicationPanel version={version} />}
    </article>
  );
}

/** The print stylesheet that puts `footer` in the page's bottom-left margin box (CSS, not text). */
function pageFooterCss(footer: string): string {
  return `@page { @bottom-left { content: ${cssString(footer)}; } }`;
}

/** A CSS string literal: quotes, backslashes and line breaks escaped. */
export function cssString(text: string): string {
  return `"${text.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/[\r\n]+/g, ' ')}"`;
}
