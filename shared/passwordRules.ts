import type { Role } from './accounts';

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

/** What is wrong with a new password for a user of this role, in Danish; null when it may be used. */
export function passwordProblem(password: string, role: Role, username?: string): string | null {
  const min = PASSWORD_MIN_LENGTH[role];
  const length = [...password].length;
  if (length < min) {
    return role === 'forvaltning'
      ? `Adgangskoden skal have mindst ${min} tegn for forvaltningsbrugere`
      : `Adgangskoden skal have mindst ${min} tegn`;
  }
  if (length > PASSWORD_MAX_LENGTH) return `Adgangskoden må højst have ${PASSWORD_MAX_LENGTH} tegn`;
  const lower = password.toLowerCase();
  if (COMMON.has(lower)) return 'Adgangskoden er en af de mest brugte og kan let gættes; vælg en anden';
  if (new Set(lower).size <= 2) return 'Adgangskoden består af samme tegn gentaget; vælg en anden';
  if (isSequence(lower)) return 'Adgangskoden er en tegnrække som 1234… eller abcd…; vælg en anden';
  // A guessable word with only digits and signs around it ("Sommer2025!", "admin123456").
  const core = lower.replace(/^[\d\W_]+|[\d\W_]+$/gu, '');
  if (GUESSABLE_BASES.includes(core)) return 'Adgangskoden er et almindeligt ord med tal eller tegn omkring; vælg en anden';
  if (username && core === username.toLowerCase()) return 'Adgangskoden må ikke være brugernavnet med tal eller tegn omkring';
  return null;
}

function isSequence(lower: string): boolean {
  for (const seq of SEQUENCES) {
    const forward = seq.repeat(2);
    const backward = [...forward].reverse().join('');
    if (forward.includes(lower) || backward.includes(lower)) return true;
  }
  return false;
}
