import { z } from 'zod';
import { msg } from './i18n/i18n';
import { labelTable } from './i18n/labels';
import { DeviceNameSchema } from './ownAccount';
import { passwordRefusal, passwordRefusalText } from './passwordRules';

/**
 * Accounts on the sync server: who may log in, with which role, and which institutions each user is
 * linked to. The same schemas validate the login form, the admin screens and the server routes.
 */
export const ROLES = ['konsulent', 'leder', 'forvaltning'] as const;
export const RoleSchema = z.enum(ROLES, { error: msg('validation:account.role') });
export type Role = z.infer<typeof RoleSchema>;
export const ROLE_LABELS: Readonly<Record<Role, string>> = labelTable(ROLES, (c) => `common:role.${c}`);

export const PASSWORD_MIN = 10;

const usernameSchema = z
  .string({ error: msg('validation:account.username') })
  .trim()
  .toLowerCase()
  .min(2, { error: msg('validation:account.usernameMin') })
  .max(64, { error: msg('validation:account.usernameMax') })
  .regex(/^[a-z0-9._@-]+$/, { error: msg('validation:account.usernameChars') });

const passwordSchema = z
  .string({ error: msg('validation:account.password') })
  .min(PASSWORD_MIN, { error: msg('validation:account.passwordMin', { min: PASSWORD_MIN }) })
  .max(200, { error: msg('validation:account.passwordMax') });

const displayNameSchema = z
  .string({ error: msg('validation:account.name') })
  .trim()
  .min(1, { error: msg('validation:account.name') })
  .max(120, { error: msg('validation:account.nameMax') });

const institutionIdsSchema = z
  .array(z.string().trim().min(1, { error: msg('validation:account.emptyInstitution') }).max(100), { error: msg('validation:account.institutionList') })
  .max(500, { error: msg('validation:account.maxInstitutions') });

export const LoginRequestSchema = z.object({
  username: z.string({ error: msg('validation:account.username') }).trim().toLowerCase().min(1, { error: msg('validation:account.username') }).max(64),
  // Not the creation rules: an old password that is shorter must still be accepted at login.
  password: z.string({ error: msg('validation:account.password') }).min(1, { error: msg('validation:account.password') }).max(200),
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
    const refusal = passwordRefusal(u.password, u.role, u.username);
    if (refusal) ctx.addIssue({ code: 'custom', path: ['password'], message: passwordRefusalText(refusal), params: { key: refusal.key, params: refusal.params } });
  });
export type CreateUser = z.infer<typeof CreateUserSchema>;

export const UpdateUserSchema = z
  .object({
    displayName: displayNameSchema,
    role: RoleSchema,
    password: passwordSchema,
    disabled: z.boolean({ error: msg('validation:account.disabled') }),
    institutionIds: institutionIdsSchema,
  })
  .partial()
  .refine((u) => Object.keys(u).length > 0, { error: msg('validation:account.noChange') });
export type UpdateUser = z.infer<typeof UpdateUserSchema>;
