import { useEffect, useRef, useState } from 'react';
import type { ThemeId } from '../../../shared/framework';
import {
  ACTION_MAX,
  INSTITUTION_ROLES,
  INSTITUTION_ROLE_LABELS,
  VERIFICATION_LABELS,
  VERIFICATION_STEPS,
  type Anbefaling,
  type Anerkendelse,
  type InstitutionRole,
  type VerificationStep,
} from '../../../shared/inspection';
import { saveStatus } from '../../state/saveStatus';
import { useDatabase } from '../../state/context';
import { addFinding, deleteFinding, restoreFinding, setFindingInstruction, setFindingText, type FindingKind, type InstructionPatch } from '../../db/inspectionRepository';
import { notify, words } from '../../state/notices';
import { ValidationError } from '../../db/validation';
import { AutosaveTextarea } from '../../ui/AutosaveTextarea';
import { DateInput } from '../../ui/DateInput';
import { useTranslation } from 'react-i18next';

export function FindingsList(props: { kind: FindingKind; inspectionId: string; themeId: ThemeId; items: (Anerkendelse | Anbefaling)[]; disabled: boolean }) {
  const { kind, inspectionId, themeId, items, disabled } = props;
  const { t } = useTranslation('inspection');
  const db = useDatabase();
  const w = { title: t(`findings.${kind}.title`), one: t(`findings.${kind}.one`), add: t(`findings.${kind}.add`), hint: t(`findings.${kind}.hint`) };
  const [focusId, setFocusId] = useState<string | null>(null);
  const listRef = useRef<HTMLOListElement>(null);

  useEffect(() => {
    if (focusId && items.some((i) => i.id === focusId)) {
      document.getElementById(`${kind}-${focusId}`)?.focus();
      setFocusId(null);
    }
  }, [focusId, items, kind]);

  return (
    <div className={`findings findings-${kind}`}>
      <h4>
        {w.title} <span className="count">({items.length})</span>
      </h4>
      {items.length > 0 && (
        <ol ref={listRef}>
          {items.map((item, idx) => (
            <li key={item.id}>
              <AutosaveTextarea
                id={`${kind}-${item.id}`}
                label={t('findings.numbered', { what: w.one, n: idx + 1 })}
                value={item.text}
                disabled={disabled}
                rows={2}
                onSave={(text) => setFindingText(db, kind, item.id, text)}
                errorField="text"
              />
              {kind !== 'anerkendelse' && <Instruction item={item as Anbefaling} label={t('findings.numbered', { what: w.one.toLowerCase(), n: idx + 1 })} disabled={disabled} />}
              <button
                type="button"
                className="link danger"
                disabled={disabled}
                onClick={async () => {
                  await saveStatus.track(deleteFinding(db, kind, item.id));
                  const one = words(`inspection:findings.${kind}.one`);
                  const label = item.text.trim() ? `«${item.text.trim().slice(0, 40)}${item.text.trim().length > 40 ? '…' : ''}»` : words('inspection:findings.numbered', { what: one, n: idx + 1 });
                  notify(words('inspection:findings.deleted', { what: one, label }), 'info', { label: words('common:undo'), run: () => saveStatus.track(restoreFinding(db, kind, item.id)) });
                }}
                aria-label={t('findings.deleteLabel', { what: w.one.toLowerCase(), n: idx + 1 })}
              >
                {t('common:actions.delete')}
              </button>
            </li>
          ))}
        </ol>
      )}
      <button
        type="button"
        className="secondary"
        disabled={disabled}
        title={w.hint}
        onClick={async () => {
          const created = await saveStatus.track(addFinding(db, kind, inspectionId, themeId));
          setFocusId(created.id);
        }}
      >
        + {w.add}
      </button>
    </div>
  );
}

/**
 * The concrete follow-up instruction of an anbefaling or a påbud (§ 5 b stk. 2): who (a role at the
 * institution), by when, doing what; for a påbud also how it will be verified. Each choice is saved
 * at once; the action text autosaves like the finding's text.
 */
function Instruction({ item, label, disabled }: { item: Anbefaling; label: string; disabled: boolean }) {
  const { t } = useTranslation('inspection');
  const db = useDatabase();
  const base = `instr-${item.id}`;
  const [error, setError] = useState<string | null>(null);
  const save = async (patch: InstructionPatch) => {
    try {
      await saveStatus.track(setFindingInstruction(db, item.id, patch));
      setError(null);
    } catch (e) {
      setError(e instanceof ValidationError ? Object.values(e.fieldErrors).join(' ') : t('findings.notSaved'));
    }
  };
  return (
    <div className="instruction" role="group" aria-label={t('findings.instruction.group', { label })}>
      <div className="instruction-row">
        <div className="field">
          <label htmlFor={`${base}-owner`}>{t('findings.instruction.owner', { label })}</label>
          <select id={`${base}-owner`} value={item.ownerRole ?? ''} disabled={disabled} onChange={(e) => void save({ ownerRole: (e.target.value || null) as InstitutionRole | null })}>
            <option value="">{t('findings.instruction.chooseRole')}</option>
            {INSTITUTION_ROLES.map((r) => (
              <option key={r} value={r}>
                {INSTITUTION_ROLE_LABELS[r]}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor={`${base}-due`}>{item.type === 'paabud' ? t('findings.instruction.deadline', { label }) : t('findings.instruction.due', { label })}</label>
          <DateInput id={`${base}-due`} value={item.dueDate} disabled={disabled} onChange={(iso) => void save({ dueDate: iso })} />
        </div>
        {item.type === 'paabud' && (
          <div className="field">
            <label htmlFor={`${base}-verification`}>{t('findings.instruction.verification', { label })}</label>
            <select
              id={`${base}-verification`}
              value={item.verification ?? ''}
              disabled={disabled}
              onChange={(e) => void save({ verification: (e.target.value || null) as VerificationStep | null })}
            >
              <option value="">{t('findings.instruction.choose')}</option>
              {VERIFICATION_STEPS.map((v) => (
                <option key={v} value={v}>
                  {VERIFICATION_LABELS[v]}
                </option>
              ))}
            </select>
          </div>
        )}
      </div>
      <AutosaveTextarea
        id={`${base}-action`}
        label={t('findings.instruction.action', { label })}
        value={item.action}
        disabled={disabled}
        rows={2}
        maxLength={ACTION_MAX}
        onSave={(action) => setFindingInstruction(db, item.id, { action })}
        errorField="action"
      />
      {error && (
        <p className="field-error" role="alert">
          {error}
        </p>
      )}
    </div>
  );
}
