import { z } from 'zod';
import { MeSchema } from './accounts';
import { LOCAL_SNAPSHOT_MAX_CHARS } from './localSnapshot';

/**
 * The one contract between the Electron main process and the renderer.
 *
 * Every channel the renderer may invoke is listed in `INVOKE_CHANNELS` with a zod schema for its
 * request and its reply; every event the main process may send is listed in `EVENT_CHANNELS`. The
 * main process registers exactly these channels (a typed handler map), checks the sender, and
 * parses every request before a handler runs and every reply before it leaves. The preload builds
 * the one object it exposes (`window.tilsyn`) from `TilsynApi`, which is derived from this file.
 *
 * No DOM, no Node: this module is shared by main, preload and renderer.
 */

/** Largest file the renderer may ask the shell to write (an export of a whole database fits). */
export const MAX_SAVE_BYTES = 50 * 1024 * 1024;
/** Largest file the shell reads back for an import. */
export const MAX_OPEN_BYTES = 20 * 1024 * 1024;

/** A file name the user sees in the save dialog: no folders, no characters Windows forbids. */
export const SuggestedFileNameSchema = z
  .string()
  .trim()
  .min(1)
  .max(200)
  .regex(/^[^\\/:*?"<>|\u0000-\u001f]+$/, { error: 'Ugyldigt filnavn' })
  .refine((name) => name !== '.' && name !== '..', { error: 'Ugyldigt filnavn' });

export const FileFilterSchema = z.object({
  name: z.string().min(1).max(100),
  extensions: z.array(z.string().regex(/^(\*|[A-Za-z0-9]{1,10})$/)).min(1).max(10),
});
export type FileFilter = z.infer<typeof FileFilterSchema>;

export const SaveReplySchema = z.discriminatedUnion('status', [
  z.object({ status: z.literal('saved'), path: z.string() }),
  z.object({ status: z.literal('canceled') }),
]);
export type SaveReply = z.infer<typeof SaveReplySchema>;

export const OpenReplySchema = z.discriminatedUnion('status', [
  z.object({ status: z.literal('opened'), name: z.string(), text: z.string() }),
  z.object({ status: z.literal('canceled') }),
]);
export type OpenReply = z.infer<typeof OpenReplySchema>;

const FileDataSchema = z.union([
  z.string().max(MAX_SAVE_BYTES),
  z
    .custom<Uint8Array>((d) => d instanceof Uint8Array, { error: 'Forventede tekst eller bytes' })
    .refine((d) => d.byteLength <= MAX_SAVE_BYTES, { error: 'Filen er for stor' }),
]);

export const AppInfoSchema = z.object({
  version: z.string(),
  /** `process.platform` on the desktop, 'browser' in web mode. */
  platform: z.string(),
  /** Whether the OS keyring really encrypts what the shell stores (false on Linux `basic_text`). */
  encryptionAvailable: z.boolean(),
  /** The sync server the desktop app talks to (its origin is in the CSP's connect-src), or null. */
  syncUrl: z.string().nullable(),
  isPackaged: z.boolean(),
});
export type AppInfo = z.infer<typeof AppInfoSchema>;

/** How the token is kept. `reason` (Danish, for the user) says why it is not persisted. */
const CredentialStatus = {
  persisted: z.boolean(),
  encrypted: z.boolean(),
  reason: z.string().optional(),
};

export const CredentialsReadSchema = z.object({ token: z.string().nullable(), ...CredentialStatus });
export type CredentialsRead = z.infer<typeof CredentialsReadSchema>;
export const CredentialsWriteSchema = z.object(CredentialStatus);
export type CredentialsWrite = z.infer<typeof CredentialsWriteSchema>;

/** A backup folder's name: `<timestamp>-v<version>`, letters, digits, dot, dash and underscore only. */
export const BackupIdSchema = z
  .string()
  .min(1)
  .max(120)
  .regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, { error: 'Ugyldig backup' })
  .refine((id) => !id.includes('..'), { error: 'Ugyldig backup' });

export const BackupInfoSchema = z.object({
  id: BackupIdSchema,
  createdAt: z.string(),
  /** The app version whose data this is. */
  fromVersion: z.string(),
  reason: z.enum(['version-change', 'daily', 'before-restore']),
  sizeBytes: z.number().int().min(0),
});
export type BackupInfo = z.infer<typeof BackupInfoSchema>;

export const MENU_ACTIONS = ['savePdf', 'exportUnsent', 'importUnsent'] as const;
export const MenuActionSchema = z.object({ action: z.enum(MENU_ACTIONS) });
export type MenuAction = z.infer<typeof MenuActionSchema>;

const noRequest = z.undefined();

/** Channels the renderer invokes (ipcRenderer.invoke → ipcMain.handle). `method` names it on `window.tilsyn`. */
export const INVOKE_CHANNELS = {
  'app:info': { method: 'appInfo', request: noRequest, reply: AppInfoSchema },
  /** Print the sender's current page (the report view, styled by its print stylesheet) to an A4 PDF. */
  'report:savePdf': {
    method: 'savePdf',
    request: z.object({ suggestedName: SuggestedFileNameSchema, landscape: z.boolean().optional() }),
    reply: SaveReplySchema,
  },
  'file:save': {
    method: 'saveFile',
    request: z.object({
      suggestedName: SuggestedFileNameSchema,
      filters: z.array(FileFilterSchema).max(10),
      data: FileDataSchema,
    }),
    reply: SaveReplySchema,
  },
  /** Ask the user for one file and return its text (UTF-8); used to import unsent changes. */
  'file:open': {
    method: 'openFile',
    request: z.object({ title: z.string().max(200).optional(), filters: z.array(FileFilterSchema).max(10) }),
    reply: OpenReplySchema,
  },
  'credentials:get': { method: 'getCredentials', request: noRequest, reply: CredentialsReadSchema },
  'credentials:set': {
    method: 'setCredentials',
    request: z.object({ token: z.string().min(1).max(8192), remember: z.boolean().default(true) }),
    reply: CredentialsWriteSchema,
  },
  'credentials:clear': { method: 'clearCredentials', request: noRequest, reply: z.object({ cleared: z.literal(true) }) },
  /**
   * Log in with the municipality's identity provider (docs/login.md): the main process opens the
   * system browser, takes the loopback callback and stores the device token as credentials:set does.
   * The provider's tokens never reach the renderer.
   */
  'provider:login': {
    method: 'providerLogin',
    request: z.object({ serverUrl: z.string().min(1).max(2048), remember: z.boolean().default(true) }),
    reply: z.object({ user: MeSchema, ...CredentialStatus }),
  },
  /** Renew the provider's proof for the server if it is due (at most once a day), or now with `force`. */
  'provider:renew': {
    method: 'providerRenew',
    request: z.object({ force: z.boolean().default(false) }),
    reply: z.discriminatedUnion('status', [
      z.object({ status: z.enum(['not-provider', 'fresh', 'renewed', 'offline']) }),
      z.object({ status: z.literal('login-required'), message: z.string() }),
    ]),
  },
  'backup:list': { method: 'listBackups', request: noRequest, reply: z.object({ backups: z.array(BackupInfoSchema) }) },
  /** Keep a snapshot of the local database the renderer exported (shared/localSnapshot.ts) as the day's backup. */
  'backup:saveSnapshot': {
    method: 'saveBackupSnapshot',
    request: z.object({ snapshot: z.string().min(1).max(LOCAL_SNAPSHOT_MAX_CHARS) }),
    reply: z.object({ backup: BackupInfoSchema }),
  },
  /** After a restart to restore a snapshot backup: its text, once, for the renderer to load before the app starts. */
  'backup:takePendingSnapshot': {
    method: 'takePendingSnapshot',
    request: noRequest,
    reply: z.object({ snapshot: z.string().nullable() }),
  },
  /** Restore a backup: the app closes its window, copies the backup back and starts again. */
  'backup:restore': {
    method: 'restoreBackup',
    request: z.object({ id: BackupIdSchema }),
    reply: z.object({ status: z.literal('relaunching') }),
  },
} as const satisfies Record<string, { method: string; request: z.ZodType; reply: z.ZodType }>;

/** Events the main process sends to the renderer (webContents.send → ipcRenderer.on). */
export const EVENT_CHANNELS = {
  'menu:action': { method: 'onMenuAction', payload: MenuActionSchema },
} as const satisfies Record<string, { method: string; payload: z.ZodType }>;

export type InvokeChannel = keyof typeof INVOKE_CHANNELS;
export type EventChannel = keyof typeof EVENT_CHANNELS;
export const INVOKE_CHANNEL_NAMES = Object.keys(INVOKE_CHANNELS) as InvokeChannel[];
export const EVENT_CHANNEL_NAMES = Object.keys(EVENT_CHANNELS) as EventChannel[];

/** What the renderer passes (defaults not yet applied). */
export type RequestOf<C extends InvokeChannel> = z.input<(typeof INVOKE_CHANNELS)[C]['request']>;
/** What a main-process handler receives (parsed, defaults applied). */
export type ParsedRequestOf<C extends InvokeChannel> = z.output<(typeof INVOKE_CHANNELS)[C]['request']>;
export type ReplyOf<C extends InvokeChannel> = z.output<(typeof INVOKE_CHANNELS)[C]['reply']>;
export type PayloadOf<E extends EventChannel> = z.output<(typeof EVENT_CHANNELS)[E]['payload']>;

type InvokeApi = {
  [C in InvokeChannel as (typeof INVOKE_CHANNELS)[C]['method']]: RequestOf<C> extends undefined
    ? () => Promise<ReplyOf<C>>
    : (request: RequestOf<C>) => Promise<ReplyOf<C>>;
};
type EventApi = {
  [E in EventChannel as (typeof EVENT_CHANNELS)[E]['method']]: (listener: (payload: PayloadOf<E>) => void) => () => void;
};

/** The one object the preload exposes as `window.tilsyn`. */
export type TilsynApi = InvokeApi & EventApi;

/** The global name of that object. */
export const PRELOAD_GLOBAL = 'tilsyn';
