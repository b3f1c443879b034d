import { personalDataWarnings } from '../../shared/privacy';

/** The id the field's aria-describedby names, or undefined when the text holds nothing to warn about. */
export function personalDataWarningId(id: string, text: string): string | undefined {
  return personalDataWarnings(text).length > 0 ? `${id}-warning` : undefined;
}

/**
 * The warning under a free-text field (shared/records.ts FREE_TEXT_FIELDS) when the shared detector
 * finds personal data in it. A warning, never a block: the server flags the same text for
 * forvaltning, who can purge it.
 */
export function PersonalDataWarning({ id, text }: { id: string; text: string }) {
  const warnings = personalDataWarnings(text);
  if (warnings.length === 0) return null;
  return (
    <p className="field-warning" id={`${id}-warning`} role="status">
      {warnings.join(' ')}
    </p>
  );
}
