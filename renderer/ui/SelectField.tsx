import type { ReactNode, Ref, SelectHTMLAttributes } from 'react';
import { FieldError } from './FieldError';

export interface SelectFieldProps<V extends string> extends Omit<SelectHTMLAttributes<HTMLSelectElement>, 'id'> {
  id: string;
  label: ReactNode;
  options: readonly V[];
  labels: Readonly<Record<V, string>>;
  error?: string | undefined;
  ref?: Ref<HTMLSelectElement>;
}

/** A labelled choice among fixed values (role, type, ejerform), with its error under it; the TextField of selects. */
export function SelectField<V extends string>({ id, label, options, labels, error, ...control }: SelectFieldProps<V>) {
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <select {...control} id={id} aria-invalid={!!error} aria-describedby={`${id}-error`}>
        {options.map((o) => (
          <option key={o} value={o}>
            {labels[o]}
          </option>
        ))}
      </select>
      <FieldError id={`${id}-error`} message={error} />
    </div>
  );
}
