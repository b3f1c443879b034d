import { useState } from 'react';
import { DialogueSchema, type Dialogue } from '../../../shared/visitEvidence';
import { useDatabase } from '../../state/context';
import { saveStatus } from '../../state/saveStatus';
import { ValidationError } from '../../db/validation';
import { participantsAsDialogueDraft, saveDialogue } from '../../db/visitRepository';
import { useTranslation } from 'react-i18next';
import { FieldError } from '../../ui/FieldError';
import { PersonalDataWarning, personalDataWarningId } from '../../ui/PersonalDataWarning';

const lines = (s: string) =>
  s
    .split('\n')
    .map((x) => x.trim())
    .filter(Boolean);

/**
 * The dialogue meeting of the visit (§ 5 a stk. 6, R1.6): when, and who took part by role: the
 * leder(e), staff representatives, and which of the visit's consultants. Finalising needs a leder
 * and a staff representative here, or a stated reason.
 */
export function DialogueSection({
  inspectionId,
  visitDate,
  dialogue,
  consultants,
  disabled,
  legacyParticipants = [],
}: {
  inspectionId: string;
  visitDate: string;
  dialogue: Dialogue | null | undefined;
  /** The visit's consultant users (id, name). */
  consultants: readonly { id: string; name: string }[];
  disabled: boolean;
  /** The retired free-text "Deltagere i dialogen" of an older visit: a first draft of the dialogue when none is recorded. */
  legacyParticipants?: readonly string[];
}) {
  const { t } = useTranslation('besoeg2');
  const db = useDatabase();
  const folds = !dialogue && legacyParticipants.length > 0;
  const draft = folds ? participantsAsDialogueDraft(legacyParticipants) : null;
  const [time, setTime] = useState(dialogue?.at.slice(11) ?? '');
  const [leder, setLeder] = useState(dialogue?.leder.join('\n') ?? draft?.leder.join('\n') ?? '');
  const [staff, setStaff] = useState(dialogue?.staff.join('\n') ?? draft?.staff.join('\n') ?? '');
  const [ids, setIds] = useState<string[]>(dialogue?.consultantIds ?? consultants.map((c) => c.id));
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [saved, setSaved] = useState(false);

  const save = async () => {
    setSaved(false);
    const parsed = DialogueSchema.safeParse({ at: `${visitDate}T${time}`, leder: lines(leder), staff: lines(staff), consultantIds: ids });
    if (!parsed.success) {
      const found: Record<string, string> = {};
      for (const issue of parsed.error.issues) found[String(issue.path[0])] ??= issue.message;
      setErrors(found);
      return;
    }
    setErrors({});
    try {
      await saveStatus.track(saveDialogue(db, inspectionId, parsed.data, { foldsParticipants: folds }));
      setSaved(true);
    } catch (e) {
      if (!(e instanceof ValidationError)) throw e;
      setErrors({ _: Object.values(e.fieldErrors).join(' ') });
    }
  };
  const describedBy = (id: string, text: string) => [errors[id] ? `dialogue-${id}-error` : '', personalDataWarningId(`dialogue-${id}`, text)].filter(Boolean).join(' ') || undefined;

  return (
    <section className="visit-section" aria-labelledby="dialogue-heading" id="dialog">
      <h2 id="dialogue-heading">Dialogmødet</h2>
      <p className="muted" data-testid="dialogue-status">
        {dialogue ? `Registreret: kl. ${dialogue.at.slice(11).replace(':', '.')}, ${dialogue.leder.length} leder(e), ${dialogue.staff.length} medarbejderrepræsentant(er).` : 'Dialogmødet er ikke registreret endnu.'}
      </p>
      {folds && (
        <p className="notice" data-testid="legacy-participants">
          {t('participants.legacyHint')}
        </p>
      )}
      <form
        onSubmit={(e) => {
          e.preventDefault();
          void save();
        }}
        noValidate
      >
        <fieldset disabled={disabled} className="plain-fieldset">
          <legend className="visually-hidden">Dialogmødet</legend>
          <div className="field">
            <label htmlFor="dialogue-at">Tidspunkt for dialogen</label>
            <input id="dialogue-at" type="time" value={time} onChange={(e) => setTime(e.target.value)} aria-invalid={!!errors.at} aria-describedby={errors.at ? 'dialogue-at-error' : undefined} />
            <FieldError id="dialogue-at-error" message={errors.at} />
          </div>
          <div className="field">
            <label htmlFor="dialogue-leder">Ledelse (én pr. linje)</label>
            <textarea id="dialogue-leder" rows={2} value={leder} onChange={(e) => setLeder(e.target.value)} aria-invalid={!!errors.leder} aria-describedby={describedBy('leder', leder)} />
            <FieldError id="dialogue-leder-error" message={errors.leder} />
            <PersonalDataWarning id="dialogue-leder" text={leder} />
          </div>
          <div className="field">
            <label htmlFor="dialogue-staff">Medarbejderrepræsentanter (én pr. linje)</label>
            <textarea id="dialogue-staff" rows={2} value={staff} onChange={(e) => setStaff(e.target.value)} aria-invalid={!!errors.staff} aria-describedby={describedBy('staff', staff)} />
            <FieldError id="dialogue-staff-error" message={errors.staff} />
            <PersonalDataWarning id="dialogue-staff" text={staff} />
          </div>
          {consultants.length > 0 && (
            <fieldset className="field">
              <legend>Konsulenter i dialogen</legend>
              {consultants.map((c) => (
                <label key={c.id} className="inline">
                  <input type="checkbox" checked={ids.includes(c.id)} onChange={(e) => setIds(e.target.checked ? [...ids, c.id] : ids.filter((x) => x !== c.id))} /> {c.name}
                </label>
              ))}
            </fieldset>
          )}
          <FieldError message={errors._} />
          <button type="submit" className="secondary">
            Gem dialogmødet
          </button>
          {saved && (
            <span className="ok-note" role="status">
              {' '}
              Gemt.
            </span>
          )}
        </fieldset>
      </form>
    </section>
  );
}
