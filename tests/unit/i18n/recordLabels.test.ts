import { describe, expect, it } from 'vitest';
import { resources } from '../../../shared/i18n/i18n';
import { FREE_TEXT_FIELDS, RECORD_TYPES } from '../../../shared/records';

describe('names of record types and free-text fields', () => {
  it('every record type and every free-text field has a name (in Danish; the parity test covers English)', () => {
    const { type, field } = resources.da.records as { type: Record<string, string>; field: Record<string, string> };
    expect(RECORD_TYPES.filter((t) => !type[t])).toEqual([]);
    const fields = [...new Set(Object.values(FREE_TEXT_FIELDS).flat())];
    expect(fields.filter((f) => !field[f])).toEqual([]);
  });
});
