import { z } from 'zod';
import { msg } from './i18n/i18n';

/*
 * What a logged-in user does with their own account (docs/sync-protocol.md §1): change their
 * password, see the devices logged in as them, and log one of them out.
 */

export const ChangePasswordRequestSchema = z.object({
  // Not the creation rules: the current password may be an older, shorter one.
  oldPassword: z.string({ error: msg('validation:account.oldPassword') }).min(1, { error: msg('validation:account.oldPassword') }).max(200, { error: msg('validation:account.passwordMax') }),
  // The rules depend on the user's role, so the server checks them (shared/passwordRules.ts) and names this field.
  newPassword: z.string({ error: msg('validation:account.newPassword') }).min(1, { error: msg('validation:account.newPassword') }).max(200, { error: msg('validation:account.passwordMax') }),
});
export type ChangePasswordRequest = z.infer<typeof ChangePasswordRequestSchema>;

export const ChangePasswordResponseSchema = z.object({
  ok: z.literal(true),
  /** How many other devices were logged out. */
  otherDevicesLoggedOut: z.number().int(),
});

/** A device label sent at login ("Chrome på Windows"); control characters dropped. */
export const DeviceNameSchema = z
  .string({ error: msg('validation:account.deviceName') })
  .max(100, { error: msg('validation:account.deviceNameMax') })
  .transform((s) => s.replace(/\p{Cc}/gu, '').trim());

/** One login (token) of the user, as `GET /api/auth/devices` shows it. Never the token itself. */
export const DeviceSchema = z.object({
  id: z.string(),
  /** What the login sent as `deviceName`; null for logins that sent none. */
  deviceName: z.string().nullable(),
  createdAt: z.string(),
  lastUsedAt: z.string(),
  /** When it stops working at the latest (the absolute lifetime), even if used every day. */
  expiresAt: z.string(),
  /** The token this request was made with. */
  current: z.boolean(),
});
export type Device = z.infer<typeof DeviceSchema>;

export const DeviceListSchema = z.object({ devices: z.array(DeviceSchema) });
