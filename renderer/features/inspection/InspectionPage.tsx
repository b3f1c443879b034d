import { useLiveQuery } from 'dexie-react-hooks';
import { RammeLine } from './RammeLine';
import { completeness } from '../../../shared/completeness';
import { formatDanishDate } from '../../../shared/dates';
import { frameworkById } from '../../../shared/frameworks/v1';
import { hoeringProgress } from '../../../shared/hoering';
import { STATUS_LABELS } from '../../../shared/inspection';
import { isEditable } from '../../../shared/lifecycle';
import { reportedAnbefalinger } from '../../../shared/reportModel';
import { useDatabase } from '../../state/context';
import { href } from '../../state/router';
import { useActor } from '../../state/useActor';
import { loadInspection } from '../../db/inspectionRepository';
import { loadVersions } from '../../db/reportRepository';
import { priorKnowledgeOf } from '../../../shared/previsitBrief';
import { cachedDirectory } from '../../db/consultantDirectory';
import { loadPreVisitBrief } from '../../db/followUpRepository';
import { loadObservations } from '../../db/visitRepository';
import { DialogueSection } from './DialogueSection';
import { ObservationLog } from './ObservationLog';
import { PreVisitBrief } from './PreVisitBrief';
import { LifecycleActions } from './LifecycleActions';
import { useEffect, useRef, useState } from 'react';
import { useCompactMode } from './compactMode';
import { ShortcutsDialog } from './ShortcutsDialog';
import { ConsultantsEditor } from './ConsultantsEditor';
import { useTranslation } from 'react-i18next';
import { focusTheme, ThemeSection } from './ThemeSection';
import { DoubleScoringPanel } from './DoubleScoringPanel';
import { bothSealed } from '../../../shared/calibration/records';
import { loadDoubleScoring, setBlindStep } from '../../db/doubleScoringRepository';

export function InspectionPage({ id }: { id: string }) {
  const db = useDatabase();
  const actor = useActor();
  const data = useLiveQuery(async () => {
    const bundle = await loadInspection(db, id);
    if (!bundle) return null;
    const institution = await db.institutions.get(bundle.inspection.institutionId);
    const framework = (await db.frameworks.get(bundle.inspection.frameworkId)) ?? frameworkById(bundle.inspection.frameworkId);
    const [svar, versions, observations, directory] = await Promise.all([
      db.hoeringssvar.where('inspectionId').equals(id).toArray(),
      loadVersions(db, id),
      loadObservations(db, id),
      cachedDirectory(db),
    ]);
    const brief = await loadPreVisitBrief(db, bundle.inspection);
    const doubleScoring = await loadDoubleScoring(db, id, actor?.userId);
    return { ...bundle, institution, framework, svar, latestVersion: versions[0]?.version ?? 0, observations, directory, brief, doubleScoring };
  }, [db, id, actor?.userId]);
  const [compact, setCompact] = useCompactMode();
  const [shortcutsOpen, setShortcutsOpen] = useState(false);
  const { t } = useTranslation('besoeg2');
  const [editingConsultants, setEditingConsultants] = useState(false);
  const consultantsButton = useRef<HTMLButtonElement>(null);
  // "?" anywhere on the page (outside text fields) lists the keys.
  useEffect(() => {
    const onKey = (e: globalThis.KeyboardEvent) => {
      const t = e.target as HTMLElement | null;
      const typing = t instanceof HTMLTextAreaElement || t instanceof HTMLSelectElement || (t instanceof HTMLInputElement && !['radio', 'checkbox'].includes(t.type));
      if (e.key === '?' && !typing && !e.ctrlKey && !e.metaKey && !e.altKey) {
        e.preventDefault();
        setShortcutsOpen(true);
      }
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, []);

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

  if (actor?.role === 'leder')
    return (
      <section>
        <h1>Tilsyn: {institution?.name ?? inspection.institutionId}</h1>
        <p>Som leder læser du rapporten og svarer i høringen; bedømmelsen er konsulentens.</p>
        <p className="button-row">
          {inspection.status === 'i_hoering' && (
            <a className="button primary" href={href({ name: 'hoering', id })}>
              Besvar høringen
            </a>
          )}
          <a className="button secondary" href={href({ name: 'report', id })}>
            Se rapporten
          </a>
        </p>
      </section>
    );

  const done = completeness(framework, scores, data.anerkendelser, data.anbefalinger);
  const editable = isEditable(inspection.status);
  const scoreOf = (themeId: string) => scores.find((s) => s.themeId === themeId);
  const hoering = hoeringProgress(reportedAnbefalinger(framework, data.anbefalinger).map((a) => a.id), data.svar);
  const names = new Map((data.directory?.users ?? []).map((u) => [u.id, u.displayName]));
  const consultantUsers = (inspection.consultantIds ?? []).map((cid) => ({ id: cid, name: names.get(cid) ?? 'Ukendt bruger' }));
  // A double-scored visit: a rater picks steps in their own blind set until it is sealed; after that,
  // and for anyone else, the step shown is the official one (the consensus), picked in the panel.
  const ds = data.doubleScoring;
  const blindOpen = ds?.isRater && !ds.own?.sealedAt && !bothSealed(ds.dobbeltscoring.raterIds, [ds.own, ds.other].filter((x) => x !== undefined));
  const doubleScoredOf = (themeId: (typeof framework.themes)[number]['id']) =>
    !ds
      ? undefined
      : blindOpen && actor?.userId
        ? { value: ds.own?.scores[themeId] ?? null, onPick: (step: 1 | 2 | 3 | 4) => setBlindStep(db, ds.dobbeltscoring, actor.userId!, themeId, step) }
        : ds.isRater && !(ds.own && ds.other)
          ? { value: ds.own?.scores[themeId] ?? null }
          : { value: scoreOf(themeId)?.step ?? null };

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
        <LifecycleActions
          key={inspection.status /* a confirmation open before a status change never carries over */}
          inspection={inspection}
          complete={done.complete}
          hoering={hoering}
          latestVersion={data.latestVersion}
          observationCount={data.observations.length}
          priorKnowledge={() => priorKnowledgeOf(data.brief, new Date().toISOString(), inspection.preparedDataIds ?? [])}
        />
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
                      focusTheme(t.id);
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
      <div className={`inspection-main${compact ? ' compact' : ''}`}>
        <header className="inspection-header">
          <h1>
            Tilsyn: {institution?.name ?? inspection.institutionId}
            <span className="muted"> · {formatDanishDate(inspection.date)}</span>
          </h1>
          <p className="muted">
            {inspection.visitType === 'anmeldt' ? 'Anmeldt' : 'Uanmeldt'} {inspection.kind === 'skaerpet' ? 'skærpet ' : ''}tilsyn · Status:{' '}
            <strong data-testid="inspection-status">{STATUS_LABELS[inspection.status]}</strong> · Konsulenter:{' '}
            <span data-testid="inspection-consultants">
              {[...consultantUsers.map((c) => c.name), ...inspection.consultants.map((n) => `${n} (navn uden bruger)`)].join(', ')}
            </span>{' '}
            {editable && !editingConsultants && (
              <button type="button" className="link" ref={consultantsButton} onClick={() => setEditingConsultants(true)}>
                {t('consultants.change')}
              </button>
            )}{' '}
            · {framework.name}
          </p>
          {editable && editingConsultants && (
            <ConsultantsEditor
              inspection={inspection}
              directory={data.directory}
              canOverride={actor?.role === 'forvaltning' && !actor.local}
              byName={actor?.displayName ?? ''}
              onClose={() => {
                setEditingConsultants(false);
                // Back to the button that opened it (it is rendered again after this update).
                setTimeout(() => consultantsButton.current?.focus(), 0);
              }}
            />
          )}
          <RammeLine inspection={inspection} />
          {inspection.imported && (
            <p className="muted" data-testid="inspection-imported">
              Importeret fra {inspection.imported.fileName} af {inspection.imported.importedBy} den {formatDanishDate(inspection.imported.importedAt.slice(0, 10))}.
            </p>
          )}
          {!editable && (
            <p className="notice">
              {inspection.status === 'i_hoering'
                ? 'Tilsynet er i høring hos lederen og kan ikke ændres. Træk det tilbage til udkast for at rette i det.'
                : 'Tilsynet er endeligt og kan ikke ændres. Vælg «Ret endelig rapport» for at lave en ny version.'}
            </p>
          )}
        </header>
        <div className="scoring-options">
          <label className="inline">
            <input type="checkbox" checked={compact} onChange={(e) => setCompact(e.target.checked)} /> Kompakt visning
          </label>
          <button type="button" className="link" onClick={() => setShortcutsOpen(true)}>
            Tastaturgenveje <span className="hint">(?)</span>
          </button>
        </div>
        <ShortcutsDialog open={shortcutsOpen} onClose={() => setShortcutsOpen(false)} />
        {ds && actor?.userId && <DoubleScoringPanel view={ds} framework={framework} userId={actor.userId} names={names} disabled={!editable} />}
        <PreVisitBrief
          brief={data.brief}
          open={!compact && (inspection.status === 'planlagt' || inspection.status === 'i_gang')}
          inspectionId={inspection.id}
          ticked={inspection.preparedDataIds ?? []}
          disabled={!editable}
        />
        <ObservationLog inspectionId={inspection.id} visitDate={inspection.date} observations={data.observations} disabled={!editable} />
        {(() => {
          const dialogue = (
            <DialogueSection
              key={inspection.dialogue?.at ?? 'ny'}
              inspectionId={inspection.id}
              visitDate={inspection.date}
              dialogue={inspection.dialogue}
              consultants={consultantUsers}
              disabled={!editable}
              legacyParticipants={inspection.participants}
            />
          );
          // Compact: the dialogue meeting (recorded once, at its end) folds behind one line.
          return compact ? (
            <details className="visit-fold">
              <summary>Dialogmøde {inspection.dialogue ? '(registreret)' : '(ikke registreret endnu)'}</summary>
              {dialogue}
            </details>
          ) : (
            dialogue
          );
        })()}
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
            compact={compact}
            {...(ds ? { doubleScored: doubleScoredOf(theme.id)! } : {})}
          />
        ))}
      </div>
    </div>
  );
}
