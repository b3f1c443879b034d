import type { Role } from './accounts';
import { translate, type Language } from './i18n/i18n';

/**
 * Password rules after NIST SP 800-63B §5.1.1: a minimum length (longer for forvaltning, who can
 * manage every account), a maximum that still allows pass phrases, and no password that is
 * common, repetitive, sequential or made of the service's own words. No composition rules (they
 * make passwords weaker in practice, says NIST). Used by the admin forms and by the server.
 */
export const PASSWORD_MIN_LENGTH: Record<Role, number> = { forvaltning: 12, leder: 10, konsulent: 10 };
export const PASSWORD_MAX_LENGTH = 200;

/**
 * Common passwords of 10 characters or more (shorter ones fail the length rule anyway), from the
 * published top lists and their Danish counterparts. Compared case-insensitively.
 */
const COMMON = new Set([
  '1234567890', '0987654321', '12345678910', '123456789a', '123456789q', '1234567890a', '123123123123',
  '1q2w3e4r5t', '1q2w3e4r5t6y', 'q1w2e3r4t5', '1qaz2wsx3edc', 'zaq12wsxcde3', 'zaq1zaq1zaq1', 'qwertyuiop',
  'qwertyuiopå', 'asdfghjkl', 'asdfghjklæø', 'zxcvbnm123', 'qwerty1234', 'qwerty12345', 'qwerty123456',
  'qazwsxedc123', 'password12', 'password123', 'password1234', 'password!!', 'passw0rd123', 'p@ssw0rd123',
  'p@ssword123', 'iloveyou12', 'iloveyou123', 'princess123', 'sunshine123', 'football123', 'baseball123',
  'superman123', 'trustno1234', 'letmein1234', 'welcome123', 'welcome1234', 'administrator', 'admin12345',
  'admin123456', 'administrator1', 'changeme123', 'abcdefghij', 'abcd123456', 'abc123456789', 'aa12345678',
  'a1b2c3d4e5', 'computer123', 'michael123', 'jennifer123', 'starwars123', 'pokemon123', 'liverpool1',
  'chelsea123', 'manchester1', 'charlie123', 'danmark123', 'danmark1234', 'københavn1', 'kobenhavn1',
  'adgangskode', 'adgangskode1', 'adgangskode12', 'adgangskode123', 'kodeord123', 'kodeord1234',
  'hemmelighed', 'hemmelig123', 'velkommen1', 'velkommen12', 'velkommen123', 'sommerfugl', 'sommerfugl1',
  'jegelskerdig', 'elskerdig123', 'kommune123', 'kommunen123', 'børnehave1', 'boernehave1', 'vuggestue1',
  'dagtilbud1', 'pædagog123', 'paedagog123', 'tilsyn1234', 'tilsyn12345', 'mariehøne1', 'fodbold123',
]);

/** Words that make a password guessable here, whatever digits or signs are added around them. */
const GUESSABLE_BASES = [
  'password', 'passw0rd', 'p@ssw0rd', 'adgangskode', 'kodeord', 'hemmelig', 'velkommen', 'welcome', 'qwerty',
  'letmein', 'iloveyou', 'admin', 'administrator', 'tilsyn', 'kommune', 'forvaltning', 'konsulent', 'leder',
  'sommer', 'vinter', 'foraar', 'forår', 'efteraar', 'efterår', 'januar', 'februar', 'marts', 'april', 'maj',
  'juni', 'juli', 'august', 'september', 'oktober', 'november', 'december', 'danmark', 'dagtilbud', 'børnehave',
];

const SEQUENCES = ['0123456789', 'abcdefghijklmnopqrstuvwxyzæøå', 'qwertyuiopå', 'asdfghjklæø', 'zxcvbnm'];

/** Why a password may not be used: a code, whose text is `validation:password.<reason>` in both languages. */
export const PASSWORD_REASONS = ['tooShort', 'tooShortForvaltning', 'tooLong', 'common', 'repeated', 'sequence', 'guessableWord', 'username'] as const;
export type PasswordReason = (typeof PASSWORD_REASONS)[number];

/**
 * What is wrong with a new password, as a resource key and its params (the server sends both with its
 * refusal, so the client words it in the UI language); null when it may be used.
 */
export interface PasswordRefusal {
  reason: PasswordReason;
  key: `validation:password.${PasswordReason}`;
  params: { min?: number; max?: number };
}

export function passwordRefusal(password: string, role: Role, username?: string): PasswordRefusal | null {
  const refuse = (reason: PasswordReason, params: PasswordRefusal['params'] = {}): PasswordRefusal => ({ reason, key: `validation:password.${reason}`, params });
  const min = PASSWORD_MIN_LENGTH[role];
  const length = [...password].length;
  if (length < min) return refuse(role === 'forvaltning' ? 'tooShortForvaltning' : 'tooShort', { min });
  if (length > PASSWORD_MAX_LENGTH) return refuse('tooLong', { max: PASSWORD_MAX_LENGTH });
  const lower = password.toLowerCase();
  if (COMMON.has(lower)) return refuse('common');
  if (new Set(lower).size <= 2) return refuse('repeated');
  if (isSequence(lower)) return refuse('sequence');
  // A guessable word with only digits and signs around it ("Sommer2025!", "admin123456").
  const core = lower.replace(/^[\d\W_]+|[\d\W_]+$/gu, '');
  if (GUESSABLE_BASES.includes(core)) return refuse('guessableWord');
  if (username && core === username.toLowerCase()) return refuse('username');
  return null;
}

/** The refusal's text, in the language in use (Danish on the server) or in `lng`. */
export function passwordRefusalText(r: PasswordRefusal, lng?: Language): string {
  return translate(r.key, { ...r.params, ...(lng ? { lng } : {}) });
}

/** What is wrong with a new password for a user of this role, in the language in use; null when it may be used. */
export function passwordProblem(password: string, role: Role, username?: string): string | null {
  const r = passwordRefusal(password, role, username);
  return r ? passwordRefusalText(r) : null;
}

function isSequence(lower: string): boolean {
  for (const seq of SEQUENCES) {
    const forward = seq.repeat(2);
    const backward = [...forward].reverse().join('');
    if (forward.includes(lower) || backward.includes(lower)) return true;
  }
  return false;
}
