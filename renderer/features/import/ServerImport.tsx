import { useRef, useState } from 'react';
import { CsvFileField } from './CsvFileField';
import { StepsOption } from './StepsOption';
import { DateTextSchema, formatNumericDate, todayIso } from '../../../shared/dates';
import { ImportSummarySchema, type ImportSummary } from '../../../shared/importApi';
import { detectImportKind } from '../../../shared/importCsv';
import { ServerError } from '../../../shared/serverError';
import { decodeText } from '../../../shared/textDecoding';
import { useDatabase } from '../../state/context';
import { href } from '../../state/router';
import type { ServerClient } from '../../sync/serverClient';
import { getSyncEngine } from '../../sync/syncEngine';

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
  | { state: 'refused'; fileName: string; message: string; problems: string[] }
  | { state: 'importing'; fileName: string }
  | { state: 'done'; fileName: string; message: string }
  | { state: 'failed'; fileName: string; message: string };

type Route = 'institutions' | 'theme-scores';

const DEFAULT_ROUND_DATE = '2021-06-30';
const OFFLINE = 'Serveren kan ikke nås, så intet er importeret. Importen sker på kommunens server, så alle får de samme data; prøv igen, når der er forbindelse.';

/** Base64 of bytes, in chunks (String.fromCharCode takes a limited number of arguments). */
function base64(bytes: Uint8Array): string {
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

function refusal(fileName: string, error: unknown): State {
  if (error instanceof ServerError && error.problem.kind === 'offline') return { state: 'failed', fileName, message: OFFLINE };
  if (error instanceof ServerError && error.problem.code === 'importfejl')
    return { state: 'refused', fileName, message: error.message, problems: error.problem.issues.map((i) => `${i.path}: ${i.message}`) };
  return { state: 'failed', fileName, message: `Intet er importeret: ${error instanceof Error ? error.message : String(error)}` };
}

function describe(s: ImportSummary, done: boolean): string {
  if (s.kind === 'institutions') {
    const inst = s.institutions ?? { created: 0, updated: 0 };
    const steps = s.inspections.created + s.inspections.updated;
    return done
      ? `${inst.created} nye og ${inst.updated} opdaterede institutioner er importeret på serveren.${steps ? ` ${steps} endelige tilsyn med trinene fra filen er importeret.` : ''}`
      : `${inst.created + inst.updated} institutioner: ${inst.created} nye og ${inst.updated} findes allerede og opdateres (deres distrikt bevares).`;
  }
  const total = s.inspections.created + s.inspections.updated;
  return done
    ? `${s.inspections.created} nye tilsyn er importeret på serveren${s.inspections.updated ? `, og ${s.inspections.updated} tidligere importerede er erstattet` : ''}.`
    : `${total} endelige tilsyn med ${s.themeScores} temascorer for ${s.inspectedInstitutions} institutioner${s.inspections.updated ? `; ${s.inspections.updated} er importeret før og erstattes` : ''}.`;
}

export function ServerImport({ client, serverUrl }: { client: ServerClient; serverUrl: string }) {
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
  const dateError = !dateCheck.success ? dateCheck.error.issues[0]!.message : stepsDate > todayIso() ? 'Datoen kan ikke ligge i fremtiden' : '';

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
        Filen importeres på kommunens server ({serverUrl}), så alle enheder, overblikket og BI-udtrækket får de samme data.
      </p>
      <CsvFileField inputRef={fileInput} onFile={(file) => (file ? void check(file) : setS({ state: 'none' }))} />

      <div aria-live="polite" data-testid="import-status">
        {s.state === 'checking' && <p>Kontrollerer {s.fileName} på serveren…</p>}
        {s.state === 'importing' && <p>Importerer {s.fileName} på serveren…</p>}
        {s.state === 'done' && (
          <div className="dash-success" role="status">
            <p>
              <strong>{s.fileName}:</strong> {s.message}
            </p>
            <p>
              <a href={href({ name: 'dashboard' })}>Se overblikket</a> · <a href={href({ name: 'institutions' })}>Se institutionerne</a>
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
              {s.fileName} kan ikke importeres ({s.problems.length} fejl)
            </h2>
            <p>Ret fejlene i filen og vælg den igen. Intet er importeret.</p>
            <ul data-testid="import-problems">
              {s.problems.slice(0, 200).map((p, k) => (
                <li key={k}>{p}</li>
              ))}
            </ul>
            {s.problems.length > 200 && <p>… og {s.problems.length - 200} fejl mere.</p>}
          </div>
        )}
        {s.state === 'checked' && (
          <div className="import-preview">
            <h2>Klar til import: {s.fileName}</h2>
            <p data-testid="import-summary">{describe(s.summary, false)}</p>
            {s.route === 'institutions' && (
              <>
                <StepsOption withSteps={withSteps} onWithSteps={setWithSteps} stepsDate={stepsText} onStepsDate={setStepsText} dateError={dateError} />
              </>
            )}
            <button type="button" className="primary" onClick={commit} disabled={s.route === 'institutions' && withSteps && !!dateError}>
              Importér
            </button>
          </div>
        )}
      </div>
    </>
  );
}
