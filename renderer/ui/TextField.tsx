import type { InputHTMLAttributes, ReactNode, Ref, TextareaHTMLAttributes } from 'react';
import { FieldError } from './FieldError';

export interface TextFieldProps extends Omit<InputHTMLAttributes<HTMLInputElement>, 'id'> {
  id: string;
  label: ReactNode;
  /** The field's error (zod's or the server's), shown under it and announced. */
  error?: string | undefined;
  hint?: ReactNode;
  /** A textarea with this many rows instead of a one-line input. */
  rows?: number;
  /** react-hook-form's register() ref (a plain prop in React 19). */
  ref?: Ref<HTMLInputElement & HTMLTextAreaElement>;
}

/**
 * A labelled text field with its hint and its error under it: `aria-invalid` while there is an
 * error, and `aria-describedby` naming the error and the hint, so a screen reader reads both.
 * Spread react-hook-form's `register(name)` into it.
 */
export function TextField({ id, label, error, hint, rows, type = 'text', ...control }: TextFieldProps) {
  const described = `${id}-error${hint ? ` ${id}-hint` : ''}`;
  const a11y = { id, 'aria-invalid': !!error, 'aria-describedby': described };
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      {rows ? (
        <textarea rows={rows} {...(control as unknown as TextareaHTMLAttributes<HTMLTextAreaElement>)} {...a11y} />
      ) : (
        <input type={type} {...control} {...a11y} />
      )}
      {hint && (
        <p className="hint" id={`${id}-hint`}>
          {hint}
        </p>
      )}
      <FieldError id={`${id}-error`} message={error} />
    </div>
  );
}
