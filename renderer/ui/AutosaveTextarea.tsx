import { translate } from '../../shared/i18n/i18n';
import { useEffect, useRef, useState, type TextareaHTMLAttributes } from 'react';
import { saveStatus } from '../state/saveStatus';
import { ValidationError } from '../db/validation';
import { PersonalDataWarning, personalDataWarningId } from './PersonalDataWarning';

/** Saves at most this long after the last keystroke… */
export const AUTOSAVE_IDLE_MS = 300;
/** …and at least this often while the consultant keeps typing, so a crash loses under a second. */
export const AUTOSAVE_MAX_WAIT_MS = 800;

interface Props extends Omit<TextareaHTMLAttributes<HTMLTextAreaElement>, 'value' | 'onChange'> {
  id: string;
  label: string;
  value: string;
  onSave: (text: string) => Promise<unknown>;
  hint?: string;
  /** Field name in a ValidationError whose message belongs to this field. */
  errorField?: string;
  /** Shown beside the field by the parent, e.g. a rule broken elsewhere. */
  externalError?: string | undefined;
}

export function AutosaveTextarea({ id, label, value, onSave, hint, errorField, externalError, ...rest }: Props) {
  const [text, setText] = useState(value);
  const [error, setError] = useState<string | null>(null);
  const dirty = useRef(false);
  const latest = useRef(value);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const firstPendingAt = useRef<number | null>(null);
  const endPending = useRef<((e?: unknown) => void) | null>(null);
  const chain = useRef<Promise<void>>(Promise.resolve());
  const saveRef = useRef(onSave);
  saveRef.current = onSave;

  // Take changes made elsewhere (another window, a sync) unless the user is typing here.
  useEffect(() => {
    if (!dirty.current) {
      setText(value);
      latest.current = value;
    }
  }, [value]);

  const flush = () => {
    if (timer.current) clearTimeout(timer.current);
    timer.current = null;
    if (!dirty.current || !endPending.current) return chain.current;
    const snapshot = latest.current;
    const end = endPending.current;
    endPending.current = null;
    firstPendingAt.current = null;
    chain.current = chain.current.then(async () => {
      try {
        await saveRef.current(snapshot);
        if (latest.current === snapshot) dirty.current = false;
        setError(null);
        end();
      } catch (e) {
        const msg =
          e instanceof ValidationError ? (errorField && e.fieldErrors[errorField]) || Object.values(e.fieldErrors)[0]! : translate('common:autosaveFailed');
        setError(msg);
        end(e instanceof ValidationError ? undefined : e);
      }
    });
    return chain.current;
  };

  useEffect(() => () => void flush(), []); // save what is typed when the field goes away

  const onChange = (next: string) => {
    setText(next);
    latest.current = next;
    dirty.current = true;
    endPending.current ??= saveStatus.begin();
    const now = Date.now();
    firstPendingAt.current ??= now;
    if (timer.current) clearTimeout(timer.current);
    const wait = Math.max(0, Math.min(AUTOSAVE_IDLE_MS, AUTOSAVE_MAX_WAIT_MS - (now - firstPendingAt.current)));
    timer.current = setTimeout(() => void flush(), wait);
  };

  const shownError = externalError ?? error;
  const describedBy = [hint && `${id}-hint`, shownError && `${id}-error`, personalDataWarningId(id, text)].filter(Boolean).join(' ') || undefined;

  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <textarea
        id={id}
        value={text}
        onChange={(e) => onChange(e.target.value)}
        onBlur={() => void flush()}
        aria-invalid={!!shownError}
        aria-describedby={describedBy}
        data-unsaved={dirty.current ? 'true' : undefined}
        rows={3}
        {...rest}
      />
      {hint && (
        <p className="hint" id={`${id}-hint`}>
          {hint}
        </p>
      )}
      {shownError && (
        <p className="field-error" id={`${id}-error`} role="alert">
          {shownError}
        </p>
      )}
      <PersonalDataWarning id={id} text={text} />
    </div>
  );
}
