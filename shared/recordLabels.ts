import { translate } from './i18n/i18n';
import type { FreeTextField, RecordType } from './records';

/*
 * What people call each record type and each free-text field, in the language in use: the privacy
 * findings, the sync page's pending and refused changes, and the server's (Danish) messages. The
 * texts are in the `records` namespace; a record type or free-text field added in records.ts gets
 * its name there (tests/unit/i18n/recordLabels.test.ts checks).
 */

export function recordTypeLabel(type: RecordType): string {
  return translate(`records:type.${type}`);
}

/** A free-text field's name; another field's own name when it is not one (never an empty cell). */
export function fieldLabel(field: FreeTextField | string): string {
  const key = `records:field.${field}`;
  return translate(key, { defaultValue: field });
}
