import { RELATION_LABELS, blockingRelation, type ConsultantDirectory } from '../../../shared/impartiality';
import { FieldError } from '../../ui/FieldError';
import { useTranslation } from 'react-i18next';

/** What the picker edits: user ids when the directory is there, else free-text names (legacy). */
export interface ConsultantChoice {
  consultantIds: string[];
  /** Free-text names, one per line or comma-separated (only without a directory). */
  names: string;
  /** Forvaltning's written reason for assigning a consultant with a blocking relation. */
  overrideReason: string;
}

/**
 * The consultants of a visit (§ 5 a stk. 3, R1.8): chosen among the users of the cached directory,
 * each marked when a declared relation bars them from this institution on this date. Whether the
 * choice may be saved is the write judge's (a konsulent is refused, forvaltning may override with a
 * reason). Without a directory (nobody has logged in on this device) the names are written as text.
 */
export function ConsultantPicker({
  directory,
  institutionId,
  date,
  canOverride,
  value,
  onChange,
  error,
}: {
  directory: ConsultantDirectory | null;
  institutionId: string;
  date: string;
  canOverride: boolean;
  value: ConsultantChoice;
  onChange: (next: ConsultantChoice) => void;
  error?: string | undefined;
}) {
  const { t } = useTranslation('inspection');
  if (!directory)
    return (
      <div className="field">
        <label htmlFor="consultants">{t('consultants.label')}</label>
        <textarea
          id="consultants"
          rows={2}
          value={value.names}
          onChange={(e) => onChange({ ...value, names: e.target.value })}
          aria-invalid={!!error}
          aria-describedby="consultants-hint consultants-error"
        />
        <p className="hint" id="consultants-hint">
          {t('consultants.namesHint')}
        </p>
        <FieldError id="consultants-error" message={error} />
      </div>
    );

  const blocked = value.consultantIds.filter((id) => blockingRelation(directory.relations, id, institutionId, date));
  const toggle = (id: string, on: boolean) =>
    onChange({ ...value, consultantIds: on ? [...value.consultantIds, id] : value.consultantIds.filter((x) => x !== id) });
  return (
    <fieldset className="field consultant-picker" aria-describedby="consultants-hint consultants-error">
      <legend>{t('consultants.label')}</legend>
      <p className="hint" id="consultants-hint">
        {t('consultants.pickHint')}
      </p>
      <ul className="plain-list">
        {directory.users.map((u) => {
          const relation = blockingRelation(directory.relations, u.id, institutionId, date);
          return (
            <li key={u.id}>
              <label className="inline">
                <input type="checkbox" checked={value.consultantIds.includes(u.id)} onChange={(e) => toggle(u.id, e.target.checked)} aria-describedby={relation ? `relation-${u.id}` : undefined} />{' '}
                {u.displayName}
              </label>
              {relation && (
                <span className="field-warning" id={`relation-${u.id}`}>
                  {' '}
                  {t('consultants.relation', { relation: RELATION_LABELS[relation.kind].toLowerCase() })}
                </span>
              )}
            </li>
          );
        })}
      </ul>
      {blocked.length > 0 && canOverride && (
        <div className="field">
          <label htmlFor="override-reason">{t('consultants.overrideReason')}</label>
          <textarea id="override-reason" rows={3} value={value.overrideReason} onChange={(e) => onChange({ ...value, overrideReason: e.target.value })} aria-describedby="consultants-error" />
        </div>
      )}
      <FieldError id="consultants-error" message={error} />
    </fieldset>
  );
}
