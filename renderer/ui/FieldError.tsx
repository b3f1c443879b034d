/** A field's error, announced to screen readers and placed right under the field. */
export function FieldError({ id, message }: { id?: string; message?: string | undefined }) {
  if (!message) return id ? <span id={id} hidden /> : null;
  return (
    <p className="field-error" id={id} role="alert">
      {message}
    </p>
  );
}
