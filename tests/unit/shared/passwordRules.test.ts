import { describe, expect, it } from 'vitest';
import { CreateUserSchema } from '../../../shared/accounts';
import { passwordProblem } from '../../../shared/passwordRules';

describe('password rules (NIST 800-63B)', () => {
  const refused: [string, 'forvaltning' | 'leder' | 'konsulent', RegExp][] = [
    ['a', 'forvaltning', /mindst 12 tegn for forvaltningsbrugere/],
    ['elleve-tegn', 'forvaltning', /mindst 12 tegn/],
    ['ni-tegn-x', 'leder', /mindst 10 tegn/],
    ['x'.repeat(201), 'konsulent', /højst have 200 tegn/],
    ['1234567890', 'konsulent', /mest brugte/],
    ['Password123', 'leder', /mest brugte/],
    ['QWERTYUIOP', 'leder', /mest brugte/],
    ['adgangskode123', 'leder', /mest brugte/],
    ['aaaaaaaaaaaa', 'forvaltning', /samme tegn/],
    ['abababababab', 'forvaltning', /samme tegn/],
    ['3456789012', 'konsulent', /tegnrække/],
    ['zyxwvutsrqpo', 'forvaltning', /tegnrække/],
    ['Sommer2025!!', 'forvaltning', /almindeligt ord/],
    ['!!Tilsyn2026', 'forvaltning', /almindeligt ord/],
    ['velkommen2024', 'konsulent', /almindeligt ord|mest brugte/],
    ['karen.hansen-99', 'konsulent', /brugernavnet/],
  ];
  it.each(refused)('refuses %j for %s', (password, role, rule) => {
    const username = password.startsWith('karen') ? 'karen.hansen' : 'bruger';
    expect(passwordProblem(password, role, username)).toMatch(rule);
  });

  const accepted: [string, 'forvaltning' | 'leder' | 'konsulent'][] = [
    ['hemmelig-kode-42', 'konsulent'],
    ['admin-password-123', 'forvaltning'],
    ['ti-tegn-ok', 'leder'],
    ['korrekt hest batteri hæfteklamme', 'forvaltning'],
    ['Æbleskiver i december', 'forvaltning'],
    ['ny-adgangskode-1', 'leder'],
  ];
  it.each(accepted)('accepts %j for %s', (password, role) => {
    expect(passwordProblem(password, role, 'bruger')).toBeNull();
  });

  it('counts characters, not UTF-16 units', () => {
    expect(passwordProblem('🐢🦔🐸🦊🐻x🐼🐨🐯🦁', 'leder')).toBeNull();
    expect(passwordProblem('🐢🦔🐸🦊🐻🐼', 'leder')).toMatch(/mindst 10 tegn/);
  });

  it('CreateUserSchema applies the rule for the chosen role at the password field', () => {
    const base = { username: 'ny-chef', displayName: 'Ny', institutionIds: [] };
    const r = CreateUserSchema.safeParse({ ...base, role: 'forvaltning', password: 'elleve-tegn' });
    expect(r.success).toBe(false);
    expect(r.error!.issues).toMatchObject([{ path: ['password'], message: 'Adgangskoden skal have mindst 12 tegn for forvaltningsbrugere' }]);
    expect(CreateUserSchema.safeParse({ ...base, role: 'leder', password: 'elleve-tegn' }).success).toBe(true);
  });
});
