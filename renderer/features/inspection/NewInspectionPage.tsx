import { zodResolver } from '@hookform/resolvers/zod';
import { useLiveQuery } from 'dexie-react-hooks';
import { useForm } from 'react-hook-form';
import { z } from 'zod';
import { danishDateToIso, DateTextSchema, formatNumericDate, todayIso } from '../../../shared/dates';
import { DATE_FIELD_PROPS } from '../../ui/DateInput';
import { CURRENT_FRAMEWORK } from '../../../shared/frameworks/v1';
import { InspectionKindSchema, VisitTypeSchema } from '../../../shared/inspection';
import { translate } from '../../../shared/i18n/i18n';
import { useTranslation } from 'react-i18next';
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
  return fields.consultantIds.length + fields.consultants.length === 0 ? translate('validation:inspection.noConsultant') : undefined;
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
  const { t } = useTranslation('inspection');
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
  if (institution === undefined || directory === undefined || actor === undefined) return <p>{t('common:loading.short')}</p>;
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
        <a href="#/">{t('common:nav.institutions')}</a> › {institution ? <a href={`#/institution/${encodeURIComponent(institutionId)}`}>{institution.name}</a> : institutionId} › {t('new.crumb')}
      </p>
      <h1>{institution ? t('new.titleFor', { name: institution.name }) : t('new.crumb')}</h1>
      {!institution && (
        <p className="error" role="alert" id="institution-error">
          {t('new.unknownInstitution', { id: institutionId })} <a href="#/">{t('new.theList')}</a>.
        </p>
      )}
      <p className="muted">{t('new.framework', { name: CURRENT_FRAMEWORK.name, version: CURRENT_FRAMEWORK.version })}</p>
      {institution && <FollowUpPanel institutionId={institutionId} />}
      <form onSubmit={handleSubmit(onSubmit, () => setConsultantError(missingConsultant(consultants, directory)))} noValidate>
        <div className="field">
          <label htmlFor="date">{t('new.date')}</label>
          <input id="date" {...DATE_FIELD_PROPS} {...register('date')} aria-invalid={!!errors.date} aria-describedby="date-hint date-error" />
          <p className="hint" id="date-hint">
            {t('new.dateHint')}
          </p>
          <FieldError id="date-error" message={errors.date?.message} />
        </div>
        <fieldset className="field">
          <legend>{t('new.visitIs')}</legend>
          <label className="inline">
            <input type="radio" value="anmeldt" {...register('visitType')} /> {t('new.anmeldt')}
          </label>
          <label className="inline">
            <input type="radio" value="uanmeldt" {...register('visitType')} /> {t('new.uanmeldt')}
          </label>
          <FieldError message={errors.visitType?.message} />
        </fieldset>
        <div className="field">
          <label htmlFor="kind">{t('new.kind')}</label>
          <select id="kind" {...register('kind')}>
            <option value="ordinaer">{t('new.ordinaer')}</option>
            <option value="skaerpet">{t('new.skaerpet')}</option>
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
          {t('new.start')}
        </button>
      </form>
    </section>
  );
}
