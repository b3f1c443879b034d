import { useLiveQuery } from 'dexie-react-hooks';
import { useState } from 'react';
import { completeness } from '../../../shared/completeness';
import { formatDanishDate } from '../../../shared/dates';
import { frameworkById } from '../../../shared/frameworks/v1';
import { STATUS_LABELS } from '../../../shared/inspection';
import { isEditable } from '../../../shared/lifecycle';
import { useDatabase } from '../../app/context';
import { href } from '../../app/router';
import { saveStatus } from '../../app/saveStatus';
import { changeStatus, loadInspection } from '../../db/inspectionRepository';
import { ValidationError } from '../../db/validation';
import { ThemeSection } from './ThemeSection';

export function InspectionPage({ id }: { id: string }) {
  const db = useDatabase();
  const [statusError, setStatusError] = useState<string | null>(null);
  const data = useLiveQuery(async () => {
    const bundle = await loadInspection(db, id);
    if (!bundle) return null;
    const institution = await db.institutions.get(bundle.inspection.institutionId);
    const framework = (await db.frameworks.get(bundle.inspection.frameworkId)) ?? frameworkById(bundle.inspection.frameworkId);
    return { ...bundle, institution, framework };
  }, [db, id]);

  if (data === undefined) return <p>Henter tilsynet…</p>;
  if (data === null)
    return (
      <section>
        <h1>Tilsynet findes ikke</h1>
        <p>
          <a href="#/">Tilbage til institutionerne</a>
        </p>
      </section>
    );
  const { inspection, institution, framework, scores } = data;
  if (!framework)
    return (
      <section>
        <h1>Opdater appen</h1>
        <p>Tilsynet bruger tilsynskoncept «{inspection.frameworkId}», som denne version af appen ikke kender. Data er bevaret; opdater appen for at åbne det.</p>
      </section>
    );

  const done = completeness(framework, scores, data.anerkendelser, data.anbefalinger);
  const editable = isEditable(inspection.status);
  const scoreOf = (themeId: string) => scores.find((s) => s.themeId === themeId);

  const complete = async () => {
    setStatusError(null);
    try {
      await saveStatus.track(changeStatus(db, inspection.id, 'udkast'));
    } catch (e) {
      setStatusError(e instanceof ValidationError ? Object.values(e.fieldErrors).join(' ') : 'Kunne ikke ændre status.');
    }
  };

  return (
    <div className="inspection-layout">
      <aside className="inspection-sidebar" aria-label="Tilsynets fremdrift">
        <p className="breadcrumb">
          <a href="#/">Institutioner</a> › {institution ? <a href={href({ name: 'institution', id: institution.id })}>{institution.name}</a> : inspection.institutionId}
        </p>
        <div className="progress" data-testid="progress">
          <p>
            <strong>
              {done.assessed} af {done.total}
            </strong>{' '}
            temaer vurderet
          </p>
          <progress max={done.total} value={done.assessed} aria-label={`${done.assessed} af ${done.total} temaer vurderet`} />
        </div>
        <div className="sidebar-actions">
        {inspection.status === 'udkast' ? (
          <p className="ok-note">Udkastet er afsluttet. Du kan stadig rette i det.</p>
        ) : (
          <button type="button" className="primary" disabled={!editable || !done.complete} onClick={() => void complete()} aria-describedby={statusError ? 'status-error' : undefined}>
            Afslut udkast
          </button>
        )}
        {statusError && (
          <p className="field-error" role="alert" id="status-error">
            {statusError}
          </p>
        )}
          <a className="button secondary" href={href({ name: "report", id: inspection.id })}>
            Se rapport
          </a>
        </div>
        <nav aria-label="Temaer">
          <ol className="theme-nav">
            {framework.themes.map((t) => {
              const s = scoreOf(t.id);
              const mark = s?.notAssessed ? 'i.v.' : s?.step ? String(s.step) : '·';
              return (
                <li key={t.id}>
                  <a
                    href={`#tema-${t.id}`}
                    onClick={(e) => {
                      e.preventDefault();
                      const el = document.getElementById(`tema-${t.id}`);
                      el?.scrollIntoView({ block: 'start' });
                      el?.focus({ preventScroll: true });
                    }}
                  >
                    <span className={`nav-mark${s?.step || s?.notAssessed ? ' done' : ''}`} aria-hidden="true">
                      {mark}
                    </span>
                    {t.name}
                    <span className="visually-hidden">{s?.step || s?.notAssessed ? ' (vurderet)' : ' (mangler)'}</span>
                  </a>
                </li>
              );
            })}
          </ol>
        </nav>
        {done.missing.length > 0 ? (
          <div className="missing">
            <h2>Mangler før udkastet kan afsluttes</h2>
            <ul>
              {done.missing.map((m) => (
                <li key={m}>{m}</li>
              ))}
            </ul>
          </div>
        ) : (
          <p className="ok-note">Alle temaer er vurderet.</p>
        )}
      </aside>
      <div className="inspection-main">
        <header className="inspection-header">
          <h1>
            Tilsyn: {institution?.name ?? inspection.institutionId}
            <span className="muted"> · {formatDanishDate(inspection.date)}</span>
          </h1>
          <p className="muted">
            {inspection.visitType === 'anmeldt' ? 'Anmeldt' : 'Uanmeldt'} {inspection.kind === 'skaerpet' ? 'skærpet ' : ''}tilsyn · Status:{' '}
            <strong data-testid="inspection-status">{STATUS_LABELS[inspection.status]}</strong> · Konsulenter: {inspection.consultants.join(', ')} · {framework.name}
          </p>
          {!editable && <p className="notice">Tilsynet er sendt videre og kan ikke længere ændres.</p>}
        </header>
        {framework.themes.map((theme, i) => (
          <ThemeSection
            key={theme.id}
            framework={framework}
            theme={theme}
            index={i}
            inspectionId={inspection.id}
            score={scoreOf(theme.id)}
            fokuspunktNotes={data.fokuspunktNotes.filter((n) => n.themeId === theme.id)}
            anerkendelser={data.anerkendelser.filter((a) => a.themeId === theme.id)}
            anbefalinger={data.anbefalinger.filter((a) => a.themeId === theme.id)}
            disabled={!editable}
          />
        ))}
      </div>
    </div>
  );
}
