import { describe, expect, it } from 'vitest';
import { CPR_MESSAGE, containsCprNumber, findCprNumbers, findPersonalData, personalDataWarnings } from '../../../shared/privacy';
import { FREE_TEXT_FIELDS, MUTABLE_RECORDS, RECORD_TYPES, stringsIn } from '../../../shared/records';

/** [text, is it a CPR number?] */
const CASES: [string, boolean][] = [
  // The common written forms of one valid number (1 February 2003, serial 1234 → born 1903).
  ['010203-1234', true],
  ['0102031234', true],
  ['010203 1234', true],
  ['010203\u00a01234', true],
  ['010203.1234', true],
  ['01.02.03-1234', true],
  ['01.02.03 1234', true],
  ['010203\u20131234', true], // en dash
  ['010203\u20111234', true], // non-breaking hyphen
  ['010203\u22121234', true], // minus sign (Word's autocorrect)
  ['010203 - 1234', true],
  ['CPR: 311299-4321 står i journalen', true],
  ['Barnets cpr-nr. er 150516-4012.', true],
  ['(290200-4123)', true], // 29 Feb 2000 (serial 4, yy 00 → 2000, a leap year)
  ['290204-1234', true], // 29 Feb 1904, a leap year
  ['Se 010203-1234, 020304-5678', true],
  // Not CPR numbers.
  ['123456-7890 kr', false], // month 34
  ['010203-1234 kr', false], // an amount, whatever the digits
  ['010203-1234 kr.', false],
  ['010203-1234 DKK', false],
  ['010203-1234,-', false],
  ['12 34 56 78', false], // a phone number
  ['+45 12 34 56 78', false],
  ['Ring 20304050 i morgen', false],
  ['320199-1234', false], // day 32
  ['011399-1234', false], // month 13
  ['000199-1234', false], // day 0
  ['310499-1234', false], // 31 April
  ['290201-1234', false], // 29 Feb 1901, not a leap year
  ['290200-1234', false], // 29 Feb 1900 (serial 1 → 1900), not a leap year
  ['01020312345', false], // eleven digits: part of a longer number
  ['9010203-1234', false],
  ['010203-12345', false],
  ['1.010203-1234', false],
  ['Tilsynet 2021-06-30 og 30.06.2021', false],
  ['30.06.2021 1234', false],
  ['Journalnr. 2021-0612-34', false],
  ['Normering 1:3 og 1:6, 40 børn', false],
];

describe('CPR detector (recognised by its date part)', () => {
  it.each(CASES)('%j → %s', (text, expected) => {
    expect(containsCprNumber(text)).toBe(expected);
  });

  it('has at least 30 cases, both kinds', () => {
    expect(CASES.length).toBeGreaterThanOrEqual(30);
    expect(CASES.filter(([, c]) => c).length).toBeGreaterThanOrEqual(12);
    expect(CASES.filter(([, c]) => !c).length).toBeGreaterThanOrEqual(12);
  });

  it('finds each number as written, with its position', () => {
    expect(findCprNumbers('Se 010203-1234, 02.03.04 5678')).toEqual([
      { index: 3, text: '010203-1234' },
      { index: 16, text: '02.03.04 5678' },
    ]);
  });

  it('personalDataWarnings: a CPR number warns once, a phone number warns as a phone number only', () => {
    expect(personalDataWarnings('cpr 010203-1234')).toEqual([CPR_MESSAGE]);
    const phone = personalDataWarnings('Ring 12 34 56 78');
    expect(phone).toHaveLength(1);
    expect(phone[0]).toMatch(/telefonnummer/);
    expect(personalDataWarnings('Pigen Sofie græd')[0]).toMatch(/barn nævnes ved navn/);
    expect(personalDataWarnings('Personalet var til stede i garderoben.')).toEqual([]);
  });

  it('findPersonalData: one entry per kind with the matches as written (what the server flags and the purge dialog offers)', () => {
    const found = findPersonalData('Drengen Anton (010203-1234) og Pigen Sofie; mor: mor@example.dk, 12 34 56 78');
    expect(found.map((f) => [f.kind, f.texts])).toEqual([
      ['cpr', ['010203-1234']],
      ['email', ['mor@example.dk']],
      ['phone', ['12 34 56 78']],
      ['child_name', ['Drengen Anton', 'Pigen Sofie']],
    ]);
    expect(findPersonalData('Legen var god; 123456-7890 kr til materialer')).toEqual([]);
  });

  it('FREE_TEXT_FIELDS names, for every record type, fields its schema has; stringsIn reads texts, lists and snapshots', () => {
    for (const type of RECORD_TYPES) {
      const shape = (MUTABLE_RECORDS[type] as unknown as { shape: Record<string, unknown> }).shape;
      // A blind score set holds steps only; every other type has text someone writes.
      if (type !== 'uafhaengigScore') expect(FREE_TEXT_FIELDS[type].length, type).toBeGreaterThan(0);
      for (const field of FREE_TEXT_FIELDS[type]) expect(Object.hasOwn(shape, field), `${type}.${field}`).toBe(true);
    }
    expect(stringsIn(['Lone', 'Pigen Sofie'])).toEqual(['Lone', 'Pigen Sofie']);
    expect(stringsIn({ rows: [{ anbefalinger: ['a', 'b'], step: 3 }], title: 't' })).toEqual(['a', 'b', 't']);
  });
});
