import type { ReactNode, Ref, SelectHTMLAttributes } from 'react';
import { FieldError } from './FieldError';

export interface SelectFieldProps<V extends string> extends Omit<SelectHTMLAttributes<HTMLSelectElement>, 'id'> {
  id: string;
  label: ReactNode;
  options: readonly V[];
  labels: Readonly<Record<V, string>>;
  error?: string | undefined;
  /** A sentence under the field, read with it (aria-describedby), as TextField's hint. */
  hint?: ReactNode;
  ref?: Ref<HTMLSelectElement>;
}

/** A labelled choice among fixed values (role, type, ejerform), with its error under it; the TextField of selects. */
export function SelectField<V extends string>({ id, label, options, labels, error, hint, ...control }: SelectFieldProps<V>) {
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <select {...control} id={id} aria-invalid={!!error} aria-describedby={`${id}-error${hint ? ` ${id}-hint` : ''}`}>
        {options.map((o) => (
          <option key={o} value={o}>
            {labels[o]}
          </option>
        ))}
      </select>
      {hint && (
        <p className="hint" id={`${id}-hint`}>
          {hint}
        </p>
      )}
      <FieldError id={`${id}-error`} message={error} />
    </div>
  );
}
