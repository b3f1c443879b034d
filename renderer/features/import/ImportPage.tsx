import { useRef, useState } from 'react';
import { CsvFileField } from './CsvFileField';
import { StepsOption } from './StepsOption';
import { DateTextSchema, formatNumericDate, todayIso } from '../../../shared/dates';
import { FRAMEWORK_V1, FRAMEWORKS } from '../../../shared/frameworks/v1';
import { formatProblem, institutionStepsAsScores, parseImportCsv, type ImportResult } from '../../../shared/importCsv';
import { decodeText } from '../../../shared/textDecoding';
import { useDatabase } from '../../state/context';
import { href } from '../../state/router';
import { existingInspectionIds, existingInstitutionIds, importInstitutions, importScores, type ImportSummary } from '../../db/importRepository';
import { ROLE_LABELS } from '../../../shared/accounts';
import { useAdminAccess } from '../admin/adminApi';
import { ServerImport } from './ServerImport';
import { countOf } from '../../../shared/plural';

type Preview =
  | { state: 'none' }
  | { state: 'reading' }
  | { state: 'checked'; fileName: string; result: ImportResult; existing: number; knownInstitutions: number }
  | { state: 'importing'; fileName: string }
  | { state: 'done'; fileName: string; message: string }
  | { state: 'failed'; fileName: string; message: string };

/** A 2020–21 round date for the institutions file's T1…T7 steps, when the user asks to import them. */
const DEFAULT_ROUND_DATE = '2021-06-30';

const LEAD = (
  <p className="lead">
    Institutioner (samme kolonner som eksempelfilen <code>examples/institutions.csv</code>) eller historiske temascorer (én linje pr. tilsyn). Formaterne er
    beskrevet i <code>docs/import-format.md</code>. Filen kontrolleres først; har den fejl, importeres intet.
  </p>
);

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
  const access = useAdminAccess();
  if (access.state === 'loading') return <p>Henter import…</p>;
  if (access.state === 'ready')
    return (
      <section className="narrow import-page">
        <h1>Importér fra CSV</h1>
        {LEAD}
        {!access.online && (
          <p className="field-error" role="alert">
            Du er offline. Importen sker på kommunens server ({access.session.serverUrl}); vælg filen igen, når der er forbindelse.
          </p>
        )}
        <ServerImport client={access.client} serverUrl={access.session.serverUrl} />
      </section>
    );
  if (access.state === 'not-forvaltning')
    return (
      <section className="narrow import-page">
        <h1>Importér fra CSV</h1>
        <p>
          Kun forvaltningen kan importere institutioner og historiske temascorer. Du er logget ind som {access.session.user.displayName} (
          {ROLE_LABELS[access.session.user.role].toLowerCase()}).
        </p>
      </section>
    );
  return <LocalImport />;
}

/** Import into this browser's database only: for the app used without a server. */
function LocalImport() {
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
  const dateError = !dateCheck.success ? dateCheck.error.issues[0]!.message : stepsDate > todayIso() ? 'Datoen kan ikke ligge i fremtiden' : '';

  const runImport = async () => {
    if (preview.state !== 'checked' || !preview.result.ok) return;
    const { result, fileName } = preview;
    setPreview({ state: 'importing', fileName });
    try {
      let message: string;
      if (result.kind === 'institutions') {
        const s: ImportSummary = await importInstitutions(db, result.rows);
        message = `${s.created} nye og ${s.updated} opdaterede institutioner er importeret.`;
        if (withSteps) {
          const t = await importScores(db, institutionStepsAsScores(result.rows, stepsDate, FRAMEWORK_V1));
          message += ` ${t.created + t.updated} endelige tilsyn dateret ${formatNumericDate(stepsDate)} med trinene fra filen er importeret.`;
        }
      } else {
        const s = await importScores(db, result.rows);
        message = `${s.created} nye tilsyn er importeret${s.updated ? `, og ${s.updated} tidligere importerede er erstattet` : ''}.`;
      }
      setPreview({ state: 'done', fileName, message });
    } catch (e) {
      setPreview({ state: 'failed', fileName, message: `Intet er importeret: ${e instanceof Error ? e.message : String(e)}` });
    }
    if (fileInput.current) fileInput.current.value = '';
  };

  return (
    <section className="narrow import-page">
      <h1>Importér fra CSV</h1>
      {LEAD}
      <p className="notice" data-testid="import-local-notice">
        Du er ikke logget ind på en server, så filen importeres kun i denne browser: andre enheder og kommunens overblik får den ikke.{' '}
        <a href={href({ name: 'sync' })}>Log ind som forvaltning under Synkronisering</a> for at importere til kommunens server.
      </p>
      <CsvFileField inputRef={fileInput} onFile={(file) => (file ? void check(file) : setPreview({ state: 'none' }))} />

      <div aria-live="polite" data-testid="import-status">
        {preview.state === 'reading' && <p>Kontrollerer filen…</p>}
        {preview.state === 'importing' && <p>Importerer {preview.fileName}…</p>}
        {preview.state === 'done' && (
          <div className="dash-success" role="status">
            <p>
              <strong>{preview.fileName}:</strong> {preview.message}
            </p>
            <p>
              <a href={href({ name: 'dashboard' })}>Se overblikket</a> · <a href={href({ name: 'institutions' })}>Se institutionerne</a>
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
            <h2>
              {preview.fileName} kan ikke importeres ({preview.result.problems.length} fejl)
            </h2>
            <p>Ret fejlene i filen og vælg den igen. Intet er importeret.</p>
            <ul data-testid="import-problems">
              {preview.result.problems.slice(0, 200).map((p, k) => (
                <li key={k}>{formatProblem(p)}</li>
              ))}
            </ul>
            {preview.result.problems.length > 200 && <p>… og {preview.result.problems.length - 200} fejl mere.</p>}
          </div>
        )}
        {preview.state === 'checked' && preview.result.ok && (
          <div className="import-preview">
            <h2>Klar til import: {preview.fileName}</h2>
            {preview.result.kind === 'institutions' ? (
              <>
                <p data-testid="import-summary">
                  {countOf(preview.result.rows.length, 'institution', 'institutioner')}: {preview.result.rows.length - preview.existing} nye og {preview.existing} findes allerede og opdateres
                  (deres distrikt bevares).
                </p>
                <StepsOption withSteps={withSteps} onWithSteps={setWithSteps} stepsDate={stepsText} onStepsDate={setStepsText} dateError={dateError} />
              </>
            ) : (
              <p data-testid="import-summary">
                {countOf(preview.result.rows.length, 'endeligt tilsyn', 'endelige tilsyn')} med {countOf(preview.result.rows.length * 7, 'temascore', 'temascorer')} for{' '}
                {countOf(new Set(preview.result.rows.map((r) => r.inspection.institutionId)).size, 'institution', 'institutioner')}
                {preview.existing ? `; ${preview.existing} er importeret før og erstattes` : ''}.
              </p>
            )}
            <button type="button" className="primary" onClick={runImport} disabled={preview.result.kind === 'institutions' && withSteps && !!dateError}>
              Importér
            </button>
          </div>
        )}
      </div>
    </section>
  );
}
