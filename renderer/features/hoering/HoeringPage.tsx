import { useLiveQuery } from 'dexie-react-hooks';
import { useEffect, useState } from 'react';
import { Trans, useTranslation } from 'react-i18next';
import { currentLanguage } from '../../../shared/i18n/i18n';
import { HOERING_ANSWERS, type HoeringAnswer, type Hoeringssvar } from '../../../shared/hoering';
import type { ReportHoeringItem } from '../../../shared/reportModel';
import { useDatabase } from '../../state/context';
import { href } from '../../state/router';
import { saveStatus } from '../../state/saveStatus';
import { useActor } from '../../state/useActor';
import { setHoeringAnswer, setHoeringComment } from '../../db/hoeringRepository';
import { loadHoering, loadLiveReport } from '../../db/reportRepository';
import { ValidationError } from '../../db/validation';
import { AutosaveTextarea } from '../../ui/AutosaveTextarea';
import { ReportView } from '../report/ReportView';

/**
 * The leder's view of an inspection in høring: the report, read-only, and per anbefaling the answer
 * (enig / uenig / plan, with text) and a comment on the whole. Every answer is saved as it is given,
 * like the consultant's scores, and reaches the consultant with the next sync.
 */
export function HoeringPage({ id }: { id: string }) {
  const { t } = useTranslation('hoering');
  const db = useDatabase();
  const actor = useActor();
  const lng = currentLanguage();
  const data = useLiveQuery(async () => {
    const live = await loadLiveReport(db, id, lng);
    // The editors get the texts exactly as typed (the report trims them).
    return live ? { ...live, raw: await loadHoering(db, id) } : null;
  }, [db, id, lng]);

  if (data === undefined || actor === undefined) return <p>{t('loading')}</p>;
  if (data === null)
    return (
      <section>
        <h1>{t('notFound')}</h1>
        <p>
          {t('notOnComputer')} <a href="#/">{t('backToInstitutions')}</a>
        </p>
      </section>
    );

  const { snapshot, bundle, raw } = data;
  const inspection = bundle.inspection;
  const hoering = snapshot.hoering ?? { items: [], comment: '', answered: 0, total: 0 };
  const open = inspection.status === 'i_hoering' && actor.role === 'leder';
  const svarOf = new Map(raw.svar.map((s) => [s.anbefalingId, s]));

  return (
    <article className="report hoering-page">
      <div className="report-actions no-print">
        <a href={href({ name: 'institution', id: inspection.institutionId })}>{t('backToInstitution')}</a>
        <a href="#hoering-svar">{t('goToAnswers')}</a>
        <a href={href({ name: 'report', id })}>{t('seeReport')}</a>
      </div>
      <p className="report-kicker">{t('kicker')}</p>
      <h1>{t('title', { name: snapshot.institutionName })}</h1>
      <p className="lead">
        {t('lead', { date: snapshot.date })}
      </p>
      <p className="hoering-progress" data-testid="hoering-progress" aria-live="polite">
        <Trans t={t} i18nKey="progress" count={hoering.total} values={{ answered: hoering.answered }} components={{ strong: <strong /> }} />
      </p>
      {!open && (
        <p className="notice">
          {inspection.status !== 'i_hoering'
            ? t('closed')
            : t('onlyLeder')}
        </p>
      )}

      <section className="hoering-report" aria-label={t('reportRegion')}>
        <ReportView report={snapshot} showHoering={false} />
      </section>

      <section id="hoering-svar" className="hoering-answers" aria-labelledby="hoering-svar-heading" tabIndex={-1}>
        <h2 id="hoering-svar-heading">{t('answersTitle')}</h2>
        {hoering.items.length === 0 ? (
          <p>{t('noRecommendations')}</p>
        ) : (
          hoering.items.map((item, i) => (
            <AnswerCard key={item.anbefalingId} item={item} svar={svarOf.get(item.anbefalingId)} n={i + 1} inspectionId={id} disabled={!open} />
          ))
        )}
        <AutosaveTextarea
          id="hoering-kommentar"
          label={t('comment')}
          hint={t('commentHint')}
          value={raw.kommentar?.text ?? ''}
          onSave={(text) => setHoeringComment(db, id, text)}
          disabled={!open}
          rows={4}
        />
      </section>
    </article>
  );
}

function AnswerCard({ item, svar, n, inspectionId, disabled }: { item: ReportHoeringItem; svar: Hoeringssvar | undefined; n: number; inspectionId: string; disabled: boolean }) {
  const { t } = useTranslation('hoering');
  const db = useDatabase();
  const [error, setError] = useState<string | null>(null);
  // Show the chosen answer at once; the saved record takes over when it arrives.
  const [optimistic, setOptimistic] = useState<HoeringAnswer | null>(null);
  const saved = svar?.answer ?? null;
  useEffect(() => {
    if (optimistic !== null && saved === optimistic) setOptimistic(null);
  }, [saved, optimistic]);
  const shown = optimistic ?? saved;
  const name = `svar-${item.anbefalingId}`;

  const choose = async (answer: HoeringAnswer) => {
    setOptimistic(answer);
    try {
      await saveStatus.track(setHoeringAnswer(db, inspectionId, item.anbefalingId, { answer }));
      setError(null);
    } catch (e) {
      setError(e instanceof ValidationError ? Object.values(e.fieldErrors).join(' ') : t('saveFailed'));
      setOptimistic(null);
    }
  };

  return (
    <section className="answer-card" data-testid="answer-card" aria-labelledby={`${name}-heading`}>
      <h3 id={`${name}-heading`}>
        {t('card.title', { n })} <span className="muted">· {item.themeName}</span>
      </h3>
      <blockquote className="answer-anbefaling">{item.anbefaling}</blockquote>
      <fieldset className="answer-choice" disabled={disabled}>
        <legend>{t('card.legend', { n })}</legend>
        {HOERING_ANSWERS.map((a) => (
          <label key={a} className={`answer-option${shown === a ? ' selected' : ''}`}>
            <input type="radio" name={name} value={a} checked={shown === a} onChange={() => void choose(a)} />
            <span className="answer-label">{t(`answer.${a}`)}</span>
            <span className="answer-hint">{t(`answerHint.${a}`)}</span>
          </label>
        ))}
      </fieldset>
      {error && (
        <p className="field-error" role="alert">
          {error}
        </p>
      )}
      <AutosaveTextarea
        id={`${name}-tekst`}
        label={t('card.elaboration', { n })}
        hint={shown === 'plan' ? t('card.planHint') : shown === 'uenig' ? t('card.disagreeHint') : undefined}
        value={svar?.text ?? ''}
        onSave={(text) => setHoeringAnswer(db, inspectionId, item.anbefalingId, { text })}
        errorField="text"
        disabled={disabled}
        rows={3}
      />
    </section>
  );
}
