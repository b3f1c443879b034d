import { useLiveQuery } from 'dexie-react-hooks';
import { RammeLine } from './RammeLine';
import { completeness } from '../../../shared/completeness';
import { formatShownDate } from '../../../shared/dates';
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
  const { t } = useTranslation('inspection');
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
  const [editingConsultants, setEditingConsultants] = useState(false);
  const consultantsButton = useRef<HTMLButtonElement>(null);
  // "?" anywhere on the page (outside text fields) lists the keys.
  useEffect(() => {
    const onKey = (e: globalThis.KeyboardEvent) => {
      const target = e.target as HTMLElement | null;
      const typing = target instanceof HTMLTextAreaElement || target instanceof HTMLSelectElement || (target instanceof HTMLInputElement && !['radio', 'checkbox'].includes(target.type));
      if (e.key === '?' && !typing && !e.ctrlKey && !e.metaKey && !e.altKey) {
        e.preventDefault();
        setShortcutsOpen(true);
      }
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, []);

  if (data === undefined) return <p>{t('page.loading')}</p>;
  if (data === null)
    return (
      <section>
        <h1>{t('page.notFound')}</h1>
        <p>
          <a href="#/">{t('page.backToInstitutions')}</a>
        </p>
      </section>
    );
  const { inspection, institution, framework, scores } = data;
  if (!framework)
    return (
      <section>
        <h1>{t('page.unknownFramework.title')}</h1>
        <p>{t('page.unknownFramework.text', { id: inspection.frameworkId })}</p>
      </section>
    );

  if (actor?.role === 'leder')
    return (
      <section>
        <h1>{t('page.title', { name: institution?.name ?? inspection.institutionId })}</h1>
        <p>{t('page.lederNote')}</p>
        <p className="button-row">
          {inspection.status === 'i_hoering' && (
            <a className="button primary" href={href({ name: 'hoering', id })}>
              {t('page.answerHoering')}
            </a>
          )}
          <a className="button secondary" href={href({ name: 'report', id })}>
            {t('page.seeReport')}
          </a>
        </p>
      </section>
    );

  const done = completeness(framework, scores, data.anerkendelser, data.anbefalinger);
  const editable = isEditable(inspection.status);
  const scoreOf = (themeId: string) => scores.find((s) => s.themeId === themeId);
  const hoering = hoeringProgress(reportedAnbefalinger(framework, data.anbefalinger).map((a) => a.id), data.svar);
  const names = new Map((data.directory?.users ?? []).map((u) => [u.id, u.displayName]));
  const consultantUsers = (inspection.consultantIds ?? []).map((cid) => ({ id: cid, name: names.get(cid) ?? t('page.unknownUser') }));
  // A double-scored visit: a rater picks steps in their own blind set until it is sealed; after that,
  // and for anyone else, the step shown is the official one (the consensus), picked in the panel.
  const ds = data.doubleScoring;
  // Blind until this device holds both sealed sets (the judge's view too: fokuspunkt steps wait).
  const blind = !!ds && !bothSealed(ds.dobbeltscoring.raterIds, [ds.own, ds.other].filter((x) => x !== undefined));
  const blindOpen = ds?.isRater && !ds.own?.sealedAt && blind;
  const doubleScoredOf = (themeId: (typeof framework.themes)[number]['id']) =>
    !ds
      ? undefined
      : blindOpen && actor?.userId
        ? { value: ds.own?.scores[themeId] ?? null, onPick: (step: 1 | 2 | 3 | 4) => setBlindStep(db, ds.dobbeltscoring, actor.userId!, themeId, step), blind }
        : ds.isRater && !(ds.own && ds.other)
          ? { value: ds.own?.scores[themeId] ?? null, blind }
          : { value: scoreOf(themeId)?.step ?? null, blind };

  return (
    <div className="inspection-layout">
      <aside className="inspection-sidebar" aria-label={t('page.progressLabel')}>
        <p className="breadcrumb">
          <a href="#/">{t('common:nav.institutions')}</a> › {institution ? <a href={href({ name: 'institution', id: institution.id })}>{institution.name}</a> : inspection.institutionId}
        </p>
        <div className="progress" data-testid="progress">
          <p>
            <strong>{t('page.progress.count', { assessed: done.assessed, total: done.total })}</strong> {t('page.progress.themesAssessed')}
          </p>
          <progress max={done.total} value={done.assessed} aria-label={t('page.progress.label', { assessed: done.assessed, total: done.total })} />
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
        <nav aria-label={t('page.themesNav')}>
          <ol className="theme-nav">
            {framework.themes.map((theme) => {
              const s = scoreOf(theme.id);
              const mark = s?.notAssessed ? t('notAssessedShort') : s?.step ? String(s.step) : '·';
              return (
                <li key={theme.id}>
                  <a
                    href={`#tema-${theme.id}`}
                    onClick={(e) => {
                      e.preventDefault();
                      focusTheme(theme.id);
                    }}
                  >
                    <span className={`nav-mark${s?.step || s?.notAssessed ? ' done' : ''}`} aria-hidden="true">
                      {mark}
                    </span>
                    {theme.name}
                    <span className="visually-hidden">{s?.step || s?.notAssessed ? t('page.themeDone') : t('page.themeMissing')}</span>
                  </a>
                </li>
              );
            })}
          </ol>
        </nav>
        {done.missing.length > 0 ? (
          <div className="missing">
            <h2>{t('page.missingHeading')}</h2>
            <ul>
              {done.missing.map((m) => (
                <li key={m}>{m}</li>
              ))}
            </ul>
          </div>
        ) : (
          <p className="ok-note">{t('page.allAssessed')}</p>
        )}
      </aside>
      <div className={`inspection-main${compact ? ' compact' : ''}`}>
        <header className="inspection-header">
          <h1>
            {t('page.title', { name: institution?.name ?? inspection.institutionId })}
            <span className="muted"> · {formatShownDate(inspection.date)}</span>
          </h1>
          <p className="muted">
            {t(`page.visitKind.${inspection.visitType}_${inspection.kind}`)} · {t('page.status')}{' '}
            <strong data-testid="inspection-status">{STATUS_LABELS[inspection.status]}</strong> · {t('page.consultants')}{' '}
            <span data-testid="inspection-consultants">
              {[...consultantUsers.map((c) => c.name), ...inspection.consultants.map((n) => t('page.legacyName', { name: n }))].join(', ')}
            </span>{' '}
            {editable && !editingConsultants && (
              <button type="button" className="link" ref={consultantsButton} onClick={() => setEditingConsultants(true)}>
                {t('besoeg2:consultants.change')}
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
              {t('page.imported', { file: inspection.imported.fileName, by: inspection.imported.importedBy, date: formatShownDate(inspection.imported.importedAt.slice(0, 10)) })}
            </p>
          )}
          {!editable && (
            <p className="notice">
              {inspection.status === 'i_hoering'
                ? t('page.lockedHoering')
                : t('page.lockedFinal')}
            </p>
          )}
        </header>
        <div className="scoring-options">
          <label className="inline">
            <input type="checkbox" checked={compact} onChange={(e) => setCompact(e.target.checked)} /> {t('page.compact')}
          </label>
          <button type="button" className="link" onClick={() => setShortcutsOpen(true)}>
            {t('shortcuts.title')} <span className="hint">(?)</span>
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
              <summary>{inspection.dialogue ? t('page.dialogueFoldRecorded') : t('page.dialogueFoldMissing')}</summary>
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
