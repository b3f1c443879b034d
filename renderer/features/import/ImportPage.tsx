import { useRef, useState } from 'react';
import { Trans, useTranslation } from 'react-i18next';
import { CsvFileField } from './CsvFileField';
import { StepsOption } from './StepsOption';
import { DateTextSchema, formatNumericDate, todayIso } from '../../../shared/dates';
import { FRAMEWORK_V1, FRAMEWORKS } from '../../../shared/frameworks/v1';
import { formatProblemIn, institutionStepsAsScores, parseImportCsv, type ImportResult } from '../../../shared/importCsv';
import { decodeText } from '../../../shared/textDecoding';
import { useDatabase } from '../../state/context';
import { href } from '../../state/router';
import { existingInspectionIds, existingInstitutionIds, importInstitutions, importScores, type ImportSummary } from '../../db/importRepository';
import { ROLE_LABELS } from '../../../shared/accounts';
import { useAdminAccess } from '../admin/adminApi';
import { ServerImport } from './ServerImport';
import { currentLanguage, translate } from '../../../shared/i18n/i18n';

type Preview =
  | { state: 'none' }
  | { state: 'reading' }
  | { state: 'checked'; fileName: string; result: ImportResult; existing: number; knownInstitutions: number }
  | { state: 'importing'; fileName: string }
  | { state: 'done'; fileName: string; message: string }
  | { state: 'failed'; fileName: string; message: string };

/** A 2020–21 round date for the institutions file's T1…T7 steps, when the user asks to import them. */
const DEFAULT_ROUND_DATE = '2021-06-30';

function Lead() {
  const { t } = useTranslation('import');
  return (
    <p className="lead">
      <Trans t={t} i18nKey="page.lead" components={{ code: <code /> }} />
    </p>
  );
}

/**
 * CSV import (route #/import): choose a file, see what it holds or every problem with its line, then
 * import. Nothing is written until the user presses "Importér", and a file with any problem cannot be
 * imported at all.
 *
 * Logged in as forvaltning, the import runs on the server (ServerImport), so every device gets it.
 * Logged in with another role: refused. Not logged in at all (the app used on one computer without
 * a server, e.g. to try it with demo data): the file is imported into this browser only, and the page
 * says so.
 */
export function ImportPage() {
  const { t } = useTranslation('import');
  const access = useAdminAccess();
  if (access.state === 'loading') return <p>{t('page.loading')}</p>;
  if (access.state === 'ready')
    return (
      <section className="narrow import-page">
        <h1>{t('page.title')}</h1>
        <Lead />
        {!access.online && (
          <p className="field-error" role="alert">
            {t('page.offline', { serverUrl: access.session.serverUrl })}
          </p>
        )}
        <ServerImport client={access.client} serverUrl={access.session.serverUrl} />
      </section>
    );
  if (access.state === 'not-forvaltning')
    return (
      <section className="narrow import-page">
        <h1>{t('page.title')}</h1>
        <p>{t('page.notForvaltning', { name: access.session.user.displayName, role: ROLE_LABELS[access.session.user.role].toLowerCase() })}</p>
      </section>
    );
  return <LocalImport />;
}

/** Import into this browser's database only: for the app used without a server. */
function LocalImport() {
  const { t } = useTranslation('import');
  const db = useDatabase();
  const [preview, setPreview] = useState<Preview>({ state: 'none' });
  const [withSteps, setWithSteps] = useState(false);
  const [stepsText, setStepsText] = useState(formatNumericDate(DEFAULT_ROUND_DATE));
  const fileInput = useRef<HTMLInputElement>(null);
  const frameworks = new Map(FRAMEWORKS.map((f) => [f.id, f]));

  const check = async (file: File) => {
    setPreview({ state: 'reading' });
    // Bytes, not file.text(): that would read an Excel Windows-1252 file as UTF-8 and garble æøå.
    const { text } = decodeText(new Uint8Array(await file.arrayBuffer()));
    const known = await existingInstitutionIds(db);
    const stored = await db.frameworks.toArray();
    for (const f of stored) frameworks.set(f.id, f);
    // A parent unit (hoerer_under) may be an institution already on this computer.
    const existingInstitutions = new Map((await db.institutions.toArray()).map((i) => [i.id, i]));
    const result = parseImportCsv(text, { knownInstitutionIds: known, frameworks, today: todayIso(), existing: existingInstitutions });
    let existing = 0;
    if (result.ok && result.kind === 'institutions') existing = result.rows.filter((r) => known.has(r.institution.id)).length;
    if (result.ok && result.kind === 'scores') existing = (await existingInspectionIds(db, result.rows)).size;
    setPreview({ state: 'checked', fileName: file.name, result, existing, knownInstitutions: known.size });
  };

  const dateCheck = DateTextSchema.safeParse(stepsText);
  const stepsDate = dateCheck.success ? dateCheck.data : '';
  const dateError = !dateCheck.success ? dateCheck.error.issues[0]!.message : stepsDate > todayIso() ? t('server.futureDate') : '';

  const runImport = async () => {
    if (preview.state !== 'checked' || !preview.result.ok) return;
    const { result, fileName } = preview;
    setPreview({ state: 'importing', fileName });
    try {
      let message: string;
      if (result.kind === 'institutions') {
        const s: ImportSummary = await importInstitutions(db, result.rows);
        message = translate('import:local.institutionsDone', { created: s.created, updated: s.updated });
        if (withSteps) {
          const steps = await importScores(db, institutionStepsAsScores(result.rows, stepsDate, FRAMEWORK_V1));
          message += ` ${translate('import:local.stepsDone', { n: steps.created + steps.updated, date: formatNumericDate(stepsDate) })}`;
        }
      } else {
        const s = await importScores(db, result.rows);
        message = s.updated ? translate('import:local.scoresDoneReplaced', { created: s.created, updated: s.updated }) : translate('import:local.scoresDone', { created: s.created });
      }
      setPreview({ state: 'done', fileName, message });
    } catch (e) {
      setPreview({ state: 'failed', fileName, message: translate('import:server.failed', { message: e instanceof Error ? e.message : String(e) }) });
    }
    if (fileInput.current) fileInput.current.value = '';
  };

  return (
    <section className="narrow import-page">
      <h1>{t('page.title')}</h1>
      <Lead />
      <p className="notice" data-testid="import-local-notice">
        {t('local.notice')} <a href={href({ name: 'sync' })}>{t('local.noticeLink')}</a> {t('local.noticeAfter')}
      </p>
      <CsvFileField inputRef={fileInput} onFile={(file) => (file ? void check(file) : setPreview({ state: 'none' }))} />

      <div aria-live="polite" data-testid="import-status">
        {preview.state === 'reading' && <p>{t('local.checking')}</p>}
        {preview.state === 'importing' && <p>{t('local.importing', { name: preview.fileName })}</p>}
        {preview.state === 'done' && (
          <div className="dash-success" role="status">
            <p>
              <strong>{preview.fileName}:</strong> {preview.message}
            </p>
            <p>
              <a href={href({ name: 'dashboard' })}>{t('server.seeOverview')}</a> · <a href={href({ name: 'institutions' })}>{t('server.seeInstitutions')}</a>
            </p>
          </div>
        )}
        {preview.state === 'failed' && (
          <p className="field-error" role="alert">
            {preview.message}
          </p>
        )}
        {preview.state === 'checked' && !preview.result.ok && (
          <div className="import-errors" role="alert">
            <h2>{t('server.refused', { name: preview.fileName, count: preview.result.problems.length })}</h2>
            <p>{t('server.fixAndRetry')}</p>
            <ul data-testid="import-problems">
              {preview.result.problems.slice(0, 200).map((p, k) => (
                <li key={k}>{formatProblemIn(p, currentLanguage())}</li>
              ))}
            </ul>
            {preview.result.problems.length > 200 && <p>{t('server.moreErrors', { count: preview.result.problems.length - 200 })}</p>}
          </div>
        )}
        {preview.state === 'checked' && preview.result.ok && (
          <div className="import-preview">
            <h2>{t('server.ready', { name: preview.fileName })}</h2>
            {preview.result.kind === 'institutions' ? (
              <>
                <p data-testid="import-summary">
                  {t('server.institutionsPreview', { count: preview.result.rows.length, created: preview.result.rows.length - preview.existing, updated: preview.existing })}
                </p>
                <StepsOption withSteps={withSteps} onWithSteps={setWithSteps} stepsDate={stepsText} onStepsDate={setStepsText} dateError={dateError} />
              </>
            ) : (
              <p data-testid="import-summary">{scoresPreview(preview.result.rows.length, new Set(preview.result.rows.map((r) => r.inspection.institutionId)).size, preview.existing)}</p>
            )}
            <button type="button" className="primary" onClick={runImport} disabled={preview.result.kind === 'institutions' && withSteps && !!dateError}>
              {t('server.import')}
            </button>
          </div>
        )}
      </div>
    </section>
  );
}

/** "N endelige tilsyn med M temascorer for K institutioner", and how many replace earlier imports: the same sentence as the server import's. */
function scoresPreview(inspections: number, institutions: number, existing: number): string {
  const preview = translate('import:server.scoresPreview', {
    inspections: translate('import:server.finalInspections', { count: inspections }),
    scores: translate('import:server.themeScores', { count: inspections * 7 }),
    institutions: translate('import:server.institutions', { count: institutions }),
  });
  return existing ? translate('import:server.scoresPreviewReplaced', { preview, updated: existing }) : translate('import:server.sentence', { preview });
}
