import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ConsultantDirectory } from '../../../shared/impartiality';
import { NO_CONSULTANT, type Inspection } from '../../../shared/inspection';
import { setConsultants } from '../../db/inspectionRepository';
import { ValidationError } from '../../db/validation';
import { saveStatus } from '../../state/saveStatus';
import { useDatabase } from '../../state/context';
import { ConsultantPicker, type ConsultantChoice } from './ConsultantPicker';
import { consultantFields } from './consultantFields';

/**
 * Changing the consultants of an existing visit (§ 5 a stk. 3, R1.8): the picker of Nyt tilsyn,
 * judged by the same shared rule on the device and on the server (a blocking relation is refused;
 * forvaltning may assign with a written reason, which goes to the audit trail). Legacy names without
 * a user can be kept or taken off.
 */
export function ConsultantsEditor({
  inspection,
  directory,
  canOverride,
  byName,
  onClose,
}: {
  inspection: Inspection;
  directory: ConsultantDirectory | null;
  canOverride: boolean;
  byName: string;
  onClose: () => void;
}) {
  const { t } = useTranslation('besoeg2');
  const db = useDatabase();
  const [choice, setChoice] = useState<ConsultantChoice>({ consultantIds: inspection.consultantIds ?? [], names: directory ? '' : inspection.consultants.join('\n'), overrideReason: '' });
  const [keptNames, setKeptNames] = useState<string[]>(directory ? inspection.consultants : []);
  const [error, setError] = useState<string | undefined>();
  const [saving, setSaving] = useState(false);
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), []);

  const save = async (e: React.FormEvent) => {
    e.preventDefault();
    setError(undefined);
    const fields = consultantFields(choice, directory, inspection.institutionId, inspection.date, byName, inspection.impartialityOverrides ?? []);
    const change = { ...fields, consultants: directory ? keptNames : fields.consultants };
    if ((change.consultantIds?.length ?? 0) + change.consultants.length === 0) {
      setError(NO_CONSULTANT);
      return;
    }
    setSaving(true);
    try {
      await saveStatus.track(setConsultants(db, inspection.id, change));
      onClose();
    } catch (err) {
      if (!(err instanceof ValidationError)) throw err;
      setError(Object.values(err.fieldErrors).join(' '));
    } finally {
      setSaving(false);
    }
  };

  return (
    <form
      className="card consultants-editor"
      onSubmit={(e) => void save(e)}
      onKeyDown={(e) => {
        if (e.key === 'Escape') onClose();
      }} aria-labelledby="consultants-editor-title" noValidate>
      <h2 id="consultants-editor-title" tabIndex={-1} ref={heading}>
        {t('consultants.change')}
      </h2>
      <ConsultantPicker directory={directory} institutionId={inspection.institutionId} date={inspection.date} canOverride={canOverride} value={choice} onChange={setChoice} error={error} />
      {directory && inspection.consultants.length > 0 && (
        <fieldset className="field">
          <legend>{t('consultants.legacyNames')}</legend>
          <ul className="plain-list">
            {inspection.consultants.map((n) => (
              <li key={n}>
                <label className="inline">
                  <input type="checkbox" checked={keptNames.includes(n)} onChange={(e) => setKeptNames(e.target.checked ? [...keptNames, n] : keptNames.filter((x) => x !== n))} /> {n}
                </label>
              </li>
            ))}
          </ul>
        </fieldset>
      )}
      <div className="button-row">
        <button type="submit" className="primary" disabled={saving}>
          {t('consultants.save')}
        </button>
        <button type="button" className="secondary" onClick={onClose} disabled={saving}>
          {t('consultants.cancel')}
        </button>
      </div>
    </form>
  );
}
