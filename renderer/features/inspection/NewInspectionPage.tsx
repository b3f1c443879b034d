import { zodResolver } from '@hookform/resolvers/zod';
import { useLiveQuery } from 'dexie-react-hooks';
import { useForm } from 'react-hook-form';
import { z } from 'zod';
import { danishDateToIso, DateTextSchema, formatNumericDate, todayIso } from '../../../shared/dates';
import { DATE_FIELD_PROPS } from '../../ui/DateInput';
import { CURRENT_FRAMEWORK } from '../../../shared/frameworks/v1';
import { InspectionKindSchema, NO_CONSULTANT, VisitTypeSchema } from '../../../shared/inspection';
import { useDatabase } from '../../state/context';
import { navigate } from '../../state/router';
import { startInspection } from '../../db/inspectionRepository';
import { ValidationError } from '../../db/validation';
import { FieldError } from '../../ui/FieldError';
import { FollowUpPanel } from '../followUp/FollowUpPanel';
import { useState } from 'react';
import type { ConsultantDirectory } from '../../../shared/impartiality';
import { consultantFields } from './consultantFields';
import { cachedDirectory } from '../../db/consultantDirectory';
import { useActor } from '../../state/useActor';
import { ConsultantPicker, type ConsultantChoice } from './ConsultantPicker';

/** The shared rule's message when the picker holds no consultant (shown with the form's other errors at once). */
function missingConsultant(choice: ConsultantChoice, directory: ConsultantDirectory | null): string | undefined {
  const fields = consultantFields(choice, directory, '', '', '');
  return fields.consultantIds.length + fields.consultants.length === 0 ? NO_CONSULTANT : undefined;
}

/** The form's own fields (the consultants come from the picker; the dialogue is recorded on the visit). */
const FormSchema = z.object({
  date: DateTextSchema,
  visitType: VisitTypeSchema,
  kind: InspectionKindSchema,
});
type FormInput = z.input<typeof FormSchema>;
type FormOutput = z.output<typeof FormSchema>;

export function NewInspectionPage({ institutionId }: { institutionId: string }) {
  const db = useDatabase();
  const institution = useLiveQuery(() => db.institutions.get(institutionId).then((i) => i ?? null), [db, institutionId]);
  const {
    register,
    handleSubmit,
    setError,
    watch,
    formState: { errors, isSubmitting },
  } = useForm<FormInput, unknown, FormOutput>({
    resolver: zodResolver(FormSchema),
    defaultValues: { date: formatNumericDate(todayIso()), visitType: 'anmeldt', kind: 'ordinaer' },
  });
  const actor = useActor();
  const directory = useLiveQuery(() => cachedDirectory(db), [db]);
  const [choice, setChoice] = useState<ConsultantChoice | null>(null);
  const [consultantError, setConsultantError] = useState<string | undefined>();

  // The picker checks relations on the visit's date: the typed text as ISO.
  const date = danishDateToIso(watch('date') ?? '');
  if (institution === undefined || directory === undefined || actor === undefined) return <p>Henter…</p>;
  // Prefilled with the logged-in user when they are in the directory.
  const consultants = choice ?? { consultantIds: actor.userId && directory?.users.some((u) => u.id === actor.userId) ? [actor.userId] : [], names: '', overrideReason: '' };

  const onSubmit = async (v: FormOutput) => {
    setConsultantError(undefined);
    try {
      const inspection = await startInspection(db, { institutionId, ...v, ...consultantFields(consultants, directory, institutionId, v.date, actor.displayName) });
      navigate({ name: 'inspection', id: inspection.id });
    } catch (e) {
      if (!(e instanceof ValidationError)) throw e;
      for (const [field, message] of Object.entries(e.fieldErrors)) {
        if (['consultantIds', 'consultants', 'impartialityOverrides'].some((f) => field.startsWith(f))) setConsultantError(message);
        else setError((field in FormSchema.shape ? field : 'root') as keyof FormInput, { message });
      }
    }
  };

  return (
    <section className="narrow">
      <p className="breadcrumb">
        <a href="#/">Institutioner</a> › {institution ? <a href={`#/institution/${encodeURIComponent(institutionId)}`}>{institution.name}</a> : institutionId} › Nyt tilsyn
      </p>
      <h1>Nyt tilsyn{institution ? `: ${institution.name}` : ''}</h1>
      {!institution && (
        <p className="error" role="alert" id="institution-error">
          Ukendt institution: «{institutionId}» findes ikke. Vælg en institution fra <a href="#/">listen</a>.
        </p>
      )}
      <p className="muted">Tilsynet bruger {CURRENT_FRAMEWORK.name} (version {CURRENT_FRAMEWORK.version}) og bliver ved den version.</p>
      {institution && <FollowUpPanel institutionId={institutionId} />}
      <form onSubmit={handleSubmit(onSubmit, () => setConsultantError(missingConsultant(consultants, directory)))} noValidate>
        <div className="field">
          <label htmlFor="date">Dato for besøget</label>
          <input id="date" {...DATE_FIELD_PROPS} {...register('date')} aria-invalid={!!errors.date} aria-describedby="date-hint date-error" />
          <p className="hint" id="date-hint">
            En dato i fremtiden opretter tilsynet som planlagt.
          </p>
          <FieldError id="date-error" message={errors.date?.message} />
        </div>
        <fieldset className="field">
          <legend>Besøget er</legend>
          <label className="inline">
            <input type="radio" value="anmeldt" {...register('visitType')} /> Anmeldt
          </label>
          <label className="inline">
            <input type="radio" value="uanmeldt" {...register('visitType')} /> Uanmeldt
          </label>
          <FieldError message={errors.visitType?.message} />
        </fieldset>
        <div className="field">
          <label htmlFor="kind">Tilsynstype</label>
          <select id="kind" {...register('kind')}>
            <option value="ordinaer">Ordinært tilsyn</option>
            <option value="skaerpet">Skærpet tilsyn</option>
          </select>
        </div>
        <ConsultantPicker
          directory={directory}
          institutionId={institutionId}
          date={date}
          canOverride={actor.role === 'forvaltning' && !actor.local}
          value={consultants}
          onChange={setChoice}
          error={consultantError}
        />
        <FieldError message={errors.root?.message ?? (errors as Record<string, { message?: string }>).institutionId?.message} />
        <button type="submit" className="primary" disabled={isSubmitting || !institution}>
          Start tilsyn
        </button>
      </form>
    </section>
  );
}
