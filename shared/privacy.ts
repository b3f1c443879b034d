import { translate } from './i18n/i18n';

/**
 * Tilsyn assesses institutions, never children. These checks catch the personal data that most often
 * slips into free text: the editor warns while the consultant is still typing, and the import refuses
 * a file that carries a CPR number.
 */

/*
 * A CPR number is ddmmyy-nnnn. Modulus 11 no longer holds for all of them (since 2007), so it is
 * recognised by its date part: a real day and month, with the century given by the first serial
 * digit (CPR's own rule), so 29 February counts only in leap years. Written forms: with or without a
 * hyphen, a space, a dot, an en dash or a non-breaking hyphen between date and serial; or the date
 * with dots (dd.mm.yy-nnnn). Not when the ten digits sit inside a longer number, nor when an amount
 * follows (kr, DKK, ,-).
 */
const DASHES = '\\-\u2010\u2011\u2012\u2013\u2014\u2212';
const SPACES = ' \u00a0\u202f';
const CPR_PATTERN = new RegExp(
  [
    '(?<!\\d)(?<!\\d[.,])',
    '(?:',
    // ddmmyy, then an optional separator (dash, space or dot, with optional spaces around a dash).
    `(?<d1>\\d{2})(?<m1>\\d{2})(?<y1>\\d{2})(?:[${SPACES}]?[${DASHES}][${SPACES}]?|[${SPACES}.])?`,
    '|',
    // dd.mm.yy, then a dash or space (a dotted date straight into digits is not how anyone writes a CPR number).
    `(?<d2>\\d{2})\\.(?<m2>\\d{2})\\.(?<y2>\\d{2})(?:[${SPACES}]?[${DASHES}][${SPACES}]?|[${SPACES}])`,
    ')',
    '(?<serial>\\d{4})',
    `(?![\\d])(?![.,]\\d)(?![${SPACES}]*(?:kr\\b|kr\\.|kroner|DKK|,-))`,
  ].join(''),
  'gu',
);

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** The full year of a CPR number from its two-digit year and first serial digit (CPR-kontoret's table). */
function cprYear(yy: number, firstSerialDigit: number): number {
  if (firstSerialDigit <= 3) return 1900 + yy;
  if (firstSerialDigit === 4 || firstSerialDigit === 9) return yy <= 36 ? 2000 + yy : 1900 + yy;
  return yy <= 57 ? 2000 + yy : 1800 + yy;
}

function isLeap(y: number): boolean {
  return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
}

function isCprDate(day: number, month: number, yy: number, serial: string): boolean {
  if (month < 1 || month > 12 || day < 1) return false;
  const year = cprYear(yy, Number(serial[0]));
  const max = month === 2 && isLeap(year) ? 29 : DAYS_IN_MONTH[month - 1]!;
  return day <= max;
}

export interface CprMatch {
  /** Position in the text (UTF-16 index). */
  index: number;
  /** The number as written. */
  text: string;
}

/** Every CPR number in a text, as written. */
export function findCprNumbers(text: string): CprMatch[] {
  const found: CprMatch[] = [];
  for (const m of text.matchAll(CPR_PATTERN)) {
    const g = m.groups!;
    const day = Number(g.d1 ?? g.d2);
    const month = Number(g.m1 ?? g.m2);
    const yy = Number(g.y1 ?? g.y2);
    if (isCprDate(day, month, yy, g.serial!)) found.push({ index: m.index, text: m[0] });
  }
  return found;
}

export function containsCprNumber(text: string): boolean {
  return findCprNumbers(text).length > 0;
}

export const CPR_MESSAGE = 'Teksten ligner et CPR-nummer. Fjern det: tilsynet handler om praksis, ikke om personer.';

/** The kinds of personal data the checks find; stored by the server's warning flags (never the text). */
export const PERSONAL_DATA_KINDS = ['cpr', 'email', 'phone', 'child_name'] as const;
export type PersonalDataKind = (typeof PERSONAL_DATA_KINDS)[number];

/** Short names of the kinds, for lists, in the language in use (the server's: Danish). */
export function personalDataLabel(kind: PersonalDataKind): string {
  return translate(`records:personalData.${kind}`);
}

const EMAIL = /[\w.+-]+@[\w-]+\.[\w.]+/gu;
const PHONE = /(?:\+45\s?)?\b\d{2}\s?\d{2}\s?\d{2}\s?\d{2}\b/gu;
const CHILD_NAME = /\b(?:[Bb]arnet|[Dd]rengen|[Pp]igen)\s+[A-ZÆØÅ][a-zæøå]+/gu;

const all = (pattern: RegExp) => (text: string) => [...text.matchAll(pattern)].map((m) => m[0]);

const CHECKS: { kind: PersonalDataKind; find: (text: string) => string[]; message: string }[] = [
  { kind: 'cpr', find: (t) => findCprNumbers(t).map((m) => m.text), message: CPR_MESSAGE },
  { kind: 'email', find: all(EMAIL), message: 'Teksten indeholder en e-mailadresse. Undgå personoplysninger i noterne.' },
  { kind: 'phone', find: all(PHONE), message: 'Teksten ligner et telefonnummer. Undgå personoplysninger i noterne.' },
  { kind: 'child_name', find: all(CHILD_NAME), message: 'Det ser ud til, at et barn nævnes ved navn. Beskriv praksis uden at nævne enkelte børn.' },
];

export interface PersonalDataFinding {
  kind: PersonalDataKind;
  /** The matches as written, in order. */
  texts: string[];
  message: string;
}

/**
 * What the checks find in a text, one entry per kind. The one detector of the app: the editor warns
 * with it while the user types, and the server flags what a push stores (server/sync/privacyFlags.ts).
 */
export function findPersonalData(text: string): PersonalDataFinding[] {
  const out: PersonalDataFinding[] = [];
  for (const c of CHECKS) {
    const texts = c.find(text);
    if (texts.length > 0) out.push({ kind: c.kind, texts, message: c.message });
  }
  return out;
}

export function personalDataWarnings(text: string): string[] {
  return findPersonalData(text).map((f) => f.message);
}
