import { useLiveQuery } from 'dexie-react-hooks';
import { useEffect, useState } from 'react';
import { HOERING_ANSWERS, HOERING_ANSWER_HINTS, HOERING_ANSWER_LABELS, type HoeringAnswer, type Hoeringssvar } from '../../../shared/hoering';
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
  const db = useDatabase();
  const actor = useActor();
  const data = useLiveQuery(async () => {
    const live = await loadLiveReport(db, id);
    // The editors get the texts exactly as typed (the report trims them).
    return live ? { ...live, raw: await loadHoering(db, id) } : null;
  }, [db, id]);

  if (data === undefined || actor === undefined) return <p>Henter høringen…</p>;
  if (data === null)
    return (
      <section>
        <h1>Høringen findes ikke</h1>
        <p>
          Tilsynet findes ikke på denne computer. Konsulenten kan have trukket det tilbage; synkroniser for at se den nyeste udgave.{' '}
          <a href="#/">Tilbage til institutionerne</a>
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
        <a href={href({ name: 'institution', id: inspection.institutionId })}>‹ Tilbage til institutionen</a>
        <a href="#hoering-svar">Gå til svarene</a>
        <a href={href({ name: 'report', id })}>Se rapporten</a>
      </div>
      <p className="report-kicker">Høring</p>
      <h1>Høring: {snapshot.institutionName}</h1>
      <p className="lead">
        Læs rapporten fra tilsynet {snapshot.date}, og svar på hver anbefaling: er I enige, uenige, eller har I en plan? Skriv gerne en uddybning. Svarene
        gemmes, mens du skriver, og sendes til konsulenten, når du synkroniserer. Konsulenten gør derefter rapporten endelig med jeres svar.
      </p>
      <p className="hoering-progress" data-testid="hoering-progress" aria-live="polite">
        <strong>
          {hoering.answered} af {hoering.total}
        </strong>{' '}
        anbefalinger besvaret
      </p>
      {!open && (
        <p className="notice">
          {inspection.status !== 'i_hoering'
            ? 'Høringen er lukket. Svarene står, som de blev givet.'
            : 'Kun institutionens leder kan besvare høringen. Du ser svarene, som de står.'}
        </p>
      )}

      <section className="hoering-report" aria-label="Rapporten">
        <ReportView report={snapshot} showHoering={false} />
      </section>

      <section id="hoering-svar" className="hoering-answers" aria-labelledby="hoering-svar-heading" tabIndex={-1}>
        <h2 id="hoering-svar-heading">Jeres svar på anbefalingerne</h2>
        {hoering.items.length === 0 ? (
          <p>Rapporten har ingen anbefalinger. Du kan skrive en kommentar nedenfor.</p>
        ) : (
          hoering.items.map((item, i) => (
            <AnswerCard key={item.anbefalingId} item={item} svar={svarOf.get(item.anbefalingId)} n={i + 1} inspectionId={id} disabled={!open} />
          ))
        )}
        <AutosaveTextarea
          id="hoering-kommentar"
          label="Kommentar til rapporten (valgfri)"
          hint="Fx om rapportens beskrivelse af dagen, eller hvordan I vil dele den med personale og forældrebestyrelse."
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
      setError(e instanceof ValidationError ? Object.values(e.fieldErrors).join(' ') : 'Kunne ikke gemme svaret. Prøv igen.');
      setOptimistic(null);
    }
  };

  return (
    <section className="answer-card" data-testid="answer-card" aria-labelledby={`${name}-heading`}>
      <h3 id={`${name}-heading`}>
        Anbefaling {n} <span className="muted">· {item.themeName}</span>
      </h3>
      <blockquote className="answer-anbefaling">{item.anbefaling}</blockquote>
      <fieldset className="answer-choice" disabled={disabled}>
        <legend>Jeres svar på anbefaling {n}</legend>
        {HOERING_ANSWERS.map((a) => (
          <label key={a} className={`answer-option${shown === a ? ' selected' : ''}`}>
            <input type="radio" name={name} value={a} checked={shown === a} onChange={() => void choose(a)} />
            <span className="answer-label">{HOERING_ANSWER_LABELS[a]}</span>
            <span className="answer-hint">{HOERING_ANSWER_HINTS[a]}</span>
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
        label={`Uddybning af svaret på anbefaling ${n}`}
        hint={shown === 'plan' ? 'Beskriv planen: hvad gør I, og hvornår?' : shown === 'uenig' ? 'Skriv hvorfor I er uenige.' : undefined}
        value={svar?.text ?? ''}
        onSave={(text) => setHoeringAnswer(db, inspectionId, item.anbefalingId, { text })}
        errorField="text"
        disabled={disabled}
        rows={3}
      />
    </section>
  );
}
