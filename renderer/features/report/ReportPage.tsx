import { useLiveQuery } from 'dexie-react-hooks';
import { useId, useRef, useState } from 'react';
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
  const db = useDatabase();
  const actor = useActor();
  const pickerId = useId();
  const [picked, setPicked] = useState<string | null>(null);
  const articleRef = useRef<HTMLElement>(null);
  usePrintHyphenation(articleRef);
  const data = useLiveQuery(async () => {
    const [live, versions, municipality] = await Promise.all([loadLiveReport(db, id), loadVersions(db, id), getMunicipality(db)]);
    if (!live && versions.length === 0) return null;
    return { live, versions, municipality };
  }, [db, id]);

  if (data === undefined) return <p>Henter rapporten…</p>;
  if (data === null)
    return (
      <section>
        <h1>Rapporten findes ikke</h1>
        <p>
          <a href="#/">Tilbage til institutionerne</a>
        </p>
      </section>
    );

  const { live, versions } = data;
  const status = live?.bundle.inspection.status;
  // A final inspection opens on its newest version; a draft (or a correction) on the live report.
  const defaultChoice = versions.length > 0 && (!live || status === 'endelig') ? versions[0]!.id : LIVE;
  const choice = picked && (picked === LIVE ? !!live : versions.some((v) => v.id === picked)) ? picked : defaultChoice;
  const version = choice === LIVE ? null : (versions.find((v) => v.id === choice) ?? null);
  const report = version ? version.snapshot : live!.snapshot;
  const institutionId = report.institutionId ?? live?.bundle.inspection.institutionId;
  const platform = getPlatform();
  const fileName = `Tilsynsrapport ${report.institutionName} ${report.isoDate ?? ''}${version ? ` version ${version.version}` : ''}.pdf`;
  const isLeder = actor?.role === 'leder';

  // The printed page's footer names the document (Chromium prints @page margin boxes; CSS strings only).
  const footer = [report.title, report.institutionName, report.date, version ? `version ${version.version}` : report.final ? '' : 'foreløbig'].filter(Boolean).join(' · ');

  return (
    <article className="report" ref={articleRef}>
      <style media="print">{`@page { @bottom-left { content: ${cssString(footer)}; } }`}</style>
      <div className="report-actions no-print">
        {institutionId && <a href={href({ name: 'institution', id: institutionId })}>‹ Tilbage til institutionen</a>}
        {live && !isLeder && status !== 'endelig' && <a href={href({ name: 'inspection', id })}>{status === 'i_hoering' ? 'Åbn tilsynet' : 'Fortsæt tilsynet'}</a>}
        {live && isLeder && status === 'i_hoering' && <a href={href({ name: 'hoering', id })}>Besvar høringen</a>}
        {versions.length > 0 && (
          <span className="version-picker">
            <label htmlFor={pickerId}>Version</label>
            <select id={pickerId} value={choice} onChange={(e) => setPicked(e.target.value)}>
              {live && status !== 'endelig' && <option value={LIVE}>Aktuelt udkast (ikke endeligt)</option>}
              {versions.map((v) => (
                <option key={v.id} value={v.id}>
                  {versionLabel(v)}
                </option>
              ))}
            </select>
          </span>
        )}
        <button type="button" className="secondary" onClick={() => void printHyphenated(articleRef.current, () => platform.savePdf({ suggestedName: fileName }))}>
          {platform.capabilities.pdf === 'file' ? 'Gem som PDF' : 'Udskriv / gem som PDF'}
        </button>
      </div>
      {!version && live && status !== 'endelig' && versions.length > 0 && (
        <p className="notice no-print">
          Den endelige rapport rettes{live.bundle.inspection.correctionReason ? ` (${live.bundle.inspection.correctionReason})` : ''}. Vælg en version for at læse den gældende endelige rapport.
        </p>
      )}
      <ReportView report={report} version={version} latestVersion={versions[0]?.version} municipality={data.municipality} />
      {version && version.version === versions[0]?.version && (!live || status === 'endelig') && <PublicationPanel version={version} />}
    </article>
  );
}

/** A CSS string literal: quotes, backslashes and line breaks escaped. */
export function cssString(text: string): string {
  return `"${text.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/[\r\n]+/g, ' ')}"`;
}
