import { useRef, useState } from 'react';
import { findPersonalData } from '../../../shared/privacy';
import { ObservationSchema, formatObservedTime, observationEvidence, OBSERVATION_MINUTES_DEFAULT, type Observation } from '../../../shared/observation';
import { useDatabase } from '../../state/context';
import { saveStatus } from '../../state/saveStatus';
import { ValidationError } from '../../db/validation';
import { addObservation, deleteObservation } from '../../db/visitRepository';
import { FieldError } from '../../ui/FieldError';
import { PersonalDataWarning, personalDataWarningId } from '../../ui/PersonalDataWarning';
import { useTranslation } from 'react-i18next';
import { formatClock } from '../../../shared/dates';

const nowTime = () => new Date().toTimeString().slice(0, 5);

/** Personal data an observation may never hold (a child's name, a CPR number): refused, not only warned about. */
const REFUSED_KINDS = new Set(['child_name', 'cpr']);

/**
 * Observation records during the visit (§ 5 a stk. 5), written quickly from the keyboard, offline:
 * the time is now, place and activity stay from the previous record, Ctrl+Enter saves and the cursor
 * goes back to "Hvad så du?". Each record syncs on its own (two consultants never collide).
 */
export function ObservationLog({ inspectionId, visitDate, observations, disabled }: { inspectionId: string; visitDate: string; observations: readonly Observation[]; disabled: boolean }) {
  const { t } = useTranslation('inspection');
  const db = useDatabase();
  const [time, setTime] = useState(nowTime);
  const [minutes, setMinutes] = useState(String(OBSERVATION_MINUTES_DEFAULT));
  const [place, setPlace] = useState('');
  const [activity, setActivity] = useState('');
  const [text, setText] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const textRef = useRef<HTMLTextAreaElement>(null);
  const evidence = observationEvidence(observations);

  const save = async () => {
    const input = { observedAt: `${visitDate}T${time}`, minutes: Number(minutes), place, activity, text };
    const parsed = ObservationSchema.pick({ observedAt: true, minutes: true, place: true, activity: true, text: true }).safeParse(input);
    const found: Record<string, string> = {};
    if (!parsed.success) for (const issue of parsed.error.issues) found[String(issue.path[0])] ??= issue.message;
    for (const [field, value] of [['place', place], ['activity', activity], ['text', text]] as const) {
      const refused = findPersonalData(value).find((f) => REFUSED_KINDS.has(f.kind));
      if (refused) found[field] ??= refused.message;
    }
    setErrors(found);
    if (Object.keys(found).length > 0 || !parsed.success) return;
    try {
      await saveStatus.track(addObservation(db, inspectionId, parsed.data));
      setText('');
      setTime(nowTime());
      textRef.current?.focus();
    } catch (e) {
      if (!(e instanceof ValidationError)) throw e;
      setErrors({ _: Object.values(e.fieldErrors).join(' ') });
    }
  };
  const onKeyDown = (e: React.KeyboardEvent) => {
    if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
      e.preventDefault();
      void save();
    }
  };
  const values: Record<string, string> = { place, activity, text, minutes };
  const describe = (id: string) => [errors[id] ? `obs-${id}-error` : '', personalDataWarningId(`obs-${id}`, values[id] ?? '')].filter(Boolean).join(' ') || undefined;

  return (
    <section className="visit-section" aria-labelledby="observations-heading" id="observationer">
      <h2 id="observations-heading">{t('observations.heading')}</h2>
      <p className="muted" data-testid="observation-summary">
        {t('observations.summary', { count: evidence.count, time: formatObservedTime(evidence.minutes) })}
      </p>
      {!disabled && (
        <form
          className="observation-form"
          onSubmit={(e) => {
            e.preventDefault();
            void save();
          }}
          onKeyDown={onKeyDown}
          noValidate
        >
          <div className="observation-row">
            <div className="field">
              <label htmlFor="obs-time">{t('observations.time')}</label>
              <input id="obs-time" type="time" value={time} onChange={(e) => setTime(e.target.value)} aria-invalid={!!errors.observedAt} aria-describedby={errors.observedAt ? 'obs-observedAt-error' : undefined} />
              <FieldError id="obs-observedAt-error" message={errors.observedAt} />
            </div>
            <div className="field">
              <label htmlFor="obs-minutes">{t('observations.duration')}</label>
              <input id="obs-minutes" type="number" min={1} max={480} value={minutes} onChange={(e) => setMinutes(e.target.value)} aria-invalid={!!errors.minutes} aria-describedby={describe('minutes')} />
              <FieldError id="obs-minutes-error" message={errors.minutes} />
            </div>
            <div className="field">
              <label htmlFor="obs-place">{t('observations.place')}</label>
              <input id="obs-place" value={place} onChange={(e) => setPlace(e.target.value)} aria-invalid={!!errors.place} aria-describedby={describe('place')} />
              <FieldError id="obs-place-error" message={errors.place} />
              <PersonalDataWarning id="obs-place" text={place} />
            </div>
            <div className="field">
              <label htmlFor="obs-activity">{t('observations.activity')}</label>
              <input id="obs-activity" value={activity} onChange={(e) => setActivity(e.target.value)} aria-invalid={!!errors.activity} aria-describedby={describe('activity')} />
              <FieldError id="obs-activity-error" message={errors.activity} />
              <PersonalDataWarning id="obs-activity" text={activity} />
            </div>
          </div>
          <div className="field">
            <label htmlFor="obs-text">{t('observations.text')}</label>
            <textarea id="obs-text" ref={textRef} rows={3} value={text} onChange={(e) => setText(e.target.value)} aria-invalid={!!errors.text} aria-describedby={['obs-text-hint', describe('text')].filter(Boolean).join(' ')} />
            <p className="hint" id="obs-text-hint">
              {t('observations.textHint')}
            </p>
            <FieldError id="obs-text-error" message={errors.text} />
            <PersonalDataWarning id="obs-text" text={text} />
          </div>
          <FieldError message={errors._} />
          <button type="submit" className="primary">
            {t('observations.save')}
          </button>
        </form>
      )}
      {observations.length > 0 && (
        <ol className="observation-list" aria-label={t('observations.listLabel')}>
          {observations.map((o) => (
            <li key={o.id}>
              <p>
                <strong>
                  {t('observations.item', { time: formatClock(o.observedAt.slice(11)), minutes: o.minutes })} · {o.place}
                  {o.activity ? ` · ${o.activity}` : ''}
                </strong>
              </p>
              <p>{o.text}</p>
              {!disabled && (
                <button type="button" className="link" onClick={() => void saveStatus.track(deleteObservation(db, inspectionId, o.id))} aria-label={t('observations.deleteLabel', { time: o.observedAt.slice(11), place: o.place })}>
                  {t('common:actions.delete')}
                </button>
              )}
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
