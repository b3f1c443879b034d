import { z } from 'zod';
import { labelTable } from './i18n/labels';
import { DeviceNameSchema } from './ownAccount';
import { passwordProblem } from './passwordRules';

/**
 * Accounts on the sync server: who may log in, with which role, and which institutions each user is
 * linked to. The same schemas validate the login form, the admin screens and the server routes.
 */
export const ROLES = ['konsulent', 'leder', 'forvaltning'] as const;
export const RoleSchema = z.enum(ROLES, { error: 'Rollen skal være konsulent, leder eller forvaltning' });
export type Role = z.infer<typeof RoleSchema>;
export const ROLE_LABELS: Readonly<Record<Role, string>> = labelTable(ROLES, (c) => `common:role.${c}`);

export const PASSWORD_MIN = 10;

const usernameSchema = z
  .string({ error: 'Angiv et brugernavn' })
  .trim()
  .toLowerCase()
  .min(2, { error: 'Brugernavnet skal have mindst 2 tegn' })
  .max(64, { error: 'Brugernavnet må højst have 64 tegn' })
  .regex(/^[a-z0-9._@-]+$/, { error: 'Brugernavnet må kun indeholde bogstaverne a–z, tal og . _ @ -' });

const passwordSchema = z
  .string({ error: 'Angiv en adgangskode' })
  .min(PASSWORD_MIN, { error: `Adgangskoden skal have mindst ${PASSWORD_MIN} tegn` })
  .max(200, { error: 'Adgangskoden må højst have 200 tegn' });

const displayNameSchema = z
  .string({ error: 'Angiv et navn' })
  .trim()
  .min(1, { error: 'Angiv et navn' })
  .max(120, { error: 'Navnet må højst have 120 tegn' });

const institutionIdsSchema = z
  .array(z.string().trim().min(1, { error: 'Tomt institutions-id' }).max(100), { error: 'Angiv institutionerne som en liste' })
  .max(500, { error: 'Højst 500 institutioner pr. bruger' });

export const LoginRequestSchema = z.object({
  username: z.string({ error: 'Angiv et brugernavn' }).trim().toLowerCase().min(1, { error: 'Angiv et brugernavn' }).max(64),
  // Not the creation rules: an old password that is shorter must still be accepted at login.
  password: z.string({ error: 'Angiv en adgangskode' }).min(1, { error: 'Angiv en adgangskode' }).max(200),
  /** A label for the user's own device list ("Chrome på Windows"); optional. */
  deviceName: DeviceNameSchema.optional(),
});
export type LoginRequest = z.infer<typeof LoginRequestSchema>;

/** The logged-in user as the server describes them (`GET /api/auth/me`, and in the login answer). */
export const MeSchema = z.object({
  id: z.string(),
  username: z.string(),
  displayName: z.string(),
  role: RoleSchema,
  /** Linked (leder) or assigned (konsulent) institutions; forvaltning sees all and gets []. */
  institutionIds: z.array(z.string()),
});
export type Me = z.infer<typeof MeSchema>;

export const LoginResponseSchema = z.object({
  /** Bearer token: send as `Authorization: Bearer <token>`. Shown once; the server keeps only its hash. */
  token: z.string(),
  user: MeSchema,
});
export type LoginResponse = z.infer<typeof LoginResponseSchema>;

/** A user as forvaltning sees it in the admin screens (never the password hash). */
export const AdminUserSchema = MeSchema.extend({
  disabled: z.boolean(),
  createdAt: z.string(),
});
export type AdminUser = z.infer<typeof AdminUserSchema>;

export const CreateUserSchema = z
  .object({
    username: usernameSchema,
    displayName: displayNameSchema,
    role: RoleSchema,
    password: passwordSchema,
    institutionIds: institutionIdsSchema.default([]),
  })
  .superRefine((u, ctx) => {
    // The rule depends on the role (longer for forvaltning), so it is checked on the whole object.
    const problem = passwordProblem(u.password, u.role, u.username);
    if (problem) ctx.addIssue({ code: 'custom', path: ['password'], message: problem });
  });
export type CreateUser = z.infer<typeof CreateUserSchema>;

export const UpdateUserSchema = z
  .object({
    displayName: displayNameSchema,
    role: RoleSchema,
    password: passwordSchema,
    disabled: z.boolean({ error: 'disabled skal være true eller false' }),
    institutionIds: institutionIdsSchema,
  })
  .partial()
  .refine((u) => Object.keys(u).length > 0, { error: 'Angiv mindst ét felt, der skal ændres' });
export type UpdateUser = z.infer<typeof UpdateUserSchema>;
