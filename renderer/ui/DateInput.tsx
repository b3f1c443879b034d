import { useState, type InputHTMLAttributes } from 'react';
import { DateTextSchema, formatNumericDate } from '../../shared/dates';
import { FieldError } from './FieldError';
import { translate } from '../../shared/i18n/i18n';

/**
 * Why not `<input type="date">`: Chromium shows and reads it in the OS's or browser's format
 * (`12/01/2026` in an English Chromium), and a Danish consultant types dd.mm.åååå. These fields
 * read and write dd.mm.åååå whatever the locale; the value in the form and the database stays ISO.
 */
export const DATE_FIELD_PROPS = {
  type: 'text',
  inputMode: 'numeric',
  autoComplete: 'off',
  maxLength: 10,
  // Read when the props are spread, so the field shows the format of the language in use.
  get placeholder(): string {
    return translate('common:dateFormat');
  },
} as const;

type Props = Omit<InputHTMLAttributes<HTMLInputElement>, 'value' | 'onChange' | 'type'> & {
  id: string;
  /** ISO date, or null/'' for none. */
  value: string | null;
  /** Called with the ISO date when the text is a whole valid date, or null when the field is emptied. */
  onChange: (iso: string | null) => void;
  /** Whether an empty field is allowed (default true). */
  optional?: boolean;
};

/** A controlled date field (for autosaving forms); react-hook-form fields use DATE_FIELD_PROPS with DateTextSchema. */
export function DateInput({ id, value, onChange, optional = true, onBlur, ...rest }: Props) {
  const [text, setText] = useState(value ? formatNumericDate(value) : '');
  const [error, setError] = useState<string | undefined>();

  // A value changed elsewhere (another device, a form cleared after "Tilføj") replaces the text
  // unless it is what is typed; adjusted during render, so the field never shows the old text for a
  // frame (an effect ran after paint, and a date typed at once could be lost to it).
  const [shownValue, setShownValue] = useState(value);
  if (value !== shownValue) {
    setShownValue(value);
    const typed = DateTextSchema.safeParse(text);
    if ((typed.success ? typed.data : null) !== (value || null)) setText(value ? formatNumericDate(value) : '');
  }

  const errorId = `${id}-error`;
  return (
    <>
      <input
        {...DATE_FIELD_PROPS}
        {...rest}
        id={id}
        value={text}
        aria-invalid={error ? true : undefined}
        aria-describedby={[rest['aria-describedby'], error ? errorId : null].filter(Boolean).join(' ') || undefined}
        onChange={(e) => {
          const next = e.target.value;
          setText(next);
          if (next.trim() === '' && optional) {
            setError(undefined);
            onChange(null);
            return;
          }
          const parsed = DateTextSchema.safeParse(next);
          if (parsed.success) {
            setError(undefined);
            onChange(parsed.data);
          }
        }}
        onBlur={(e) => {
          const parsed = DateTextSchema.safeParse(text);
          if (text.trim() === '' && optional) setError(undefined);
          else if (!parsed.success) setError(parsed.error.issues[0]?.message);
          else setText(formatNumericDate(parsed.data));
          onBlur?.(e);
        }}
      />
      <FieldError id={errorId} message={error} />
    </>
  );
}
