import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { CsvFileField } from './CsvFileField';
import { StepsOption } from './StepsOption';
import { DateTextSchema, formatNumericDate, todayIso } from '../../../shared/dates';
import { ImportRefusedSchema, ImportSummarySchema, type ImportSummary } from '../../../shared/importApi';
import { detectImportKind, formatProblemIn, type ImportProblem } from '../../../shared/importCsv';
import { ServerError } from '../../../shared/serverError';
import { decodeText } from '../../../shared/textDecoding';
import { useDatabase } from '../../state/context';
import { href } from '../../state/router';
import type { ServerClient } from '../../sync/serverClient';
import { getSyncEngine } from '../../sync/syncEngine';
import { currentLanguage, translate } from '../../../shared/i18n/i18n';

/*
 * Import to the municipality's server (forvaltning, logged in): the file's bytes go to
 * POST /api/import/… (shared/importApi.ts). Choosing a file runs a dry run, which shows what the
 * import would do or every problem with its line; "Importér" commits it in one transaction on the
 * server, and a sync brings it to this device. Nothing is written locally, so every device, the
 * dashboard and the BI API get the same data.
 */

type State =
  | { state: 'none' }
  | { state: 'checking'; fileName: string }
  | { state: 'checked'; fileName: string; content: string; route: Route; summary: ImportSummary }
  | { state: 'refused'; fileName: string; message: string; problems: ImportProblem[] }
  | { state: 'importing'; fileName: string }
  | { state: 'done'; fileName: string; message: string }
  | { state: 'failed'; fileName: string; message: string };

type Route = 'institutions' | 'theme-scores';

const DEFAULT_ROUND_DATE = '2021-06-30';

/** Base64 of bytes, in chunks (String.fromCharCode takes a limited number of arguments). */
function base64(bytes: Uint8Array): string {
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

function refusal(fileName: string, error: unknown): State {
  if (error instanceof ServerError && error.problem.kind === 'offline') return { state: 'failed', fileName, message: translate('import:server.offline') };
  if (error instanceof ServerError && error.problem.code === 'importfejl') {
    // The problems with their keys, worded when drawn (in the UI language, also after a switch); else the common issues as sent.
    const refused = ImportRefusedSchema.safeParse(error.problem.json);
    const problems: ImportProblem[] = refused.success ? refused.data.problems : error.problem.issues.map((i) => ({ line: 0, message: `${i.path}: ${i.message}` }));
    return { state: 'refused', fileName, message: error.message, problems };
  }
  return { state: 'failed', fileName, message: translate('import:server.failed', { message: error instanceof Error ? error.message : String(error) }) };
}

function describe(s: ImportSummary, done: boolean): string {
  if (s.kind === 'institutions') {
    const inst = s.institutions ?? { created: 0, updated: 0 };
    const steps = s.inspections.created + s.inspections.updated;
    if (!done) return translate('import:server.institutionsPreview', { count: inst.created + inst.updated, created: inst.created, updated: inst.updated });
    const text = translate('import:server.institutionsDone', { created: inst.created, updated: inst.updated });
    return steps ? `${text} ${translate('import:server.stepsDone', { count: steps })}` : text;
  }
  const total = s.inspections.created + s.inspections.updated;
  if (done)
    return s.inspections.updated
      ? translate('import:server.scoresDoneReplaced', { created: s.inspections.created, updated: s.inspections.updated })
      : translate('import:server.scoresDone', { created: s.inspections.created });
  const preview = translate('import:server.scoresPreview', {
    inspections: translate('import:server.finalInspections', { count: total }),
    scores: translate('import:server.themeScores', { count: s.themeScores }),
    institutions: translate('import:server.institutions', { count: s.inspectedInstitutions }),
  });
  return s.inspections.updated ? translate('import:server.scoresPreviewReplaced', { preview, updated: s.inspections.updated }) : translate('import:server.sentence', { preview });
}

export function ServerImport({ client, serverUrl }: { client: ServerClient; serverUrl: string }) {
  const { t } = useTranslation('import');
  const db = useDatabase();
  const [s, setS] = useState<State>({ state: 'none' });
  const [withSteps, setWithSteps] = useState(false);
  const [stepsText, setStepsText] = useState(formatNumericDate(DEFAULT_ROUND_DATE));
  const fileInput = useRef<HTMLInputElement>(null);

  const check = async (file: File) => {
    setS({ state: 'checking', fileName: file.name });
    const bytes = new Uint8Array(await file.arrayBuffer());
    const content = base64(bytes);
    // The kind only picks the route; the server reads and checks the file itself.
    const route: Route = detectImportKind(decodeText(bytes).text) === 'scores' ? 'theme-scores' : 'institutions';
    try {
      const summary = await client.post(`/api/import/${route}?dryRun=1`, { fileName: file.name, content }, ImportSummarySchema);
      setS({ state: 'checked', fileName: file.name, content, route, summary });
    } catch (e) {
      setS(refusal(file.name, e));
    }
  };

  const dateCheck = DateTextSchema.safeParse(stepsText);
  const stepsDate = dateCheck.success ? dateCheck.data : '';
  const dateError = !dateCheck.success ? dateCheck.error.issues[0]!.message : stepsDate > todayIso() ? t('server.futureDate') : '';

  const commit = async () => {
    if (s.state !== 'checked') return;
    const { fileName, content, route } = s;
    setS({ state: 'importing', fileName });
    try {
      const body = route === 'institutions' && withSteps ? { fileName, content, stepsDate } : { fileName, content };
      const summary = await client.post(`/api/import/${route}`, body, ImportSummarySchema);
      setS({ state: 'done', fileName, message: describe(summary, true) });
      // Bring the imported data to this device too.
      void getSyncEngine(db).syncNow();
    } catch (e) {
      setS(refusal(fileName, e));
    }
    if (fileInput.current) fileInput.current.value = '';
  };

  return (
    <>
      <p className="notice">
        {t('server.where', { serverUrl })}
      </p>
      <CsvFileField inputRef={fileInput} onFile={(file) => (file ? void check(file) : setS({ state: 'none' }))} />

      <div aria-live="polite" data-testid="import-status">
        {s.state === 'checking' && <p>{t('server.checking', { name: s.fileName })}</p>}
        {s.state === 'importing' && <p>{t('server.importing', { name: s.fileName })}</p>}
        {s.state === 'done' && (
          <div className="dash-success" role="status">
            <p>
              <strong>{s.fileName}:</strong> {s.message}
            </p>
            <p>
              <a href={href({ name: 'dashboard' })}>{t('server.seeOverview')}</a> · <a href={href({ name: 'institutions' })}>{t('server.seeInstitutions')}</a>
            </p>
          </div>
        )}
        {s.state === 'failed' && (
          <p className="field-error" role="alert">
            {s.message}
          </p>
        )}
        {s.state === 'refused' && (
          <div className="import-errors" role="alert">
            <h2>
              {t('server.refused', { name: s.fileName, count: s.problems.length })}
            </h2>
            <p>{t('server.fixAndRetry')}</p>
            <ul data-testid="import-problems">
              {s.problems.slice(0, 200).map((p, k) => (
                <li key={k}>{p.line > 0 ? formatProblemIn(p, currentLanguage()) : p.message}</li>
              ))}
            </ul>
            {s.problems.length > 200 && <p>{t('server.moreErrors', { count: s.problems.length - 200 })}</p>}
          </div>
        )}
        {s.state === 'checked' && (
          <div className="import-preview">
            <h2>{t('server.ready', { name: s.fileName })}</h2>
            <p data-testid="import-summary">{describe(s.summary, false)}</p>
            {s.route === 'institutions' && (
              <>
                <StepsOption withSteps={withSteps} onWithSteps={setWithSteps} stepsDate={stepsText} onStepsDate={setStepsText} dateError={dateError} />
              </>
            )}
            <button type="button" className="primary" onClick={commit} disabled={s.route === 'institutions' && withSteps && !!dateError}>
              {t('server.import')}
            </button>
          </div>
        )}
      </div>
    </>
  );
}
