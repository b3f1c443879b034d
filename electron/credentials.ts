import type { CredentialsRead, CredentialsWrite } from '../shared/ipc';
import { writeFileAtomic, type FsLike } from './fsLike';
import type { Logger } from './log';

/**
 * The sync token, kept with Electron `safeStorage` (Keychain, DPAPI, libsecret/KWallet).
 *
 * Where the OS offers no real encryption (safeStorage unavailable, or Linux's `basic_text` backend,
 * which "encrypts" with a hard-coded key), the token is kept in memory only and the reply says so,
 * with a Danish reason for the user: logging in again next time beats a token in plain text on disk.
 */

export const NO_KEYRING_REASON =
  'Denne computer tilbyder ingen sikker nøglering; du skal logge ind igen næste gang appen startes.';
export const WRITE_FAILED_REASON = 'Adgangen kunne ikke gemmes på disken; du skal logge ind igen næste gang appen startes.';

/** The parts of Electron's `safeStorage` used here. */
export interface SafeStorageLike {
  isEncryptionAvailable(): boolean;
  /** Linux only in Electron; absent elsewhere. */
  getSelectedStorageBackend?: () => string;
  encryptString(plainText: string): Uint8Array;
  decryptString(encrypted: Buffer): string;
}

export interface CredentialStoreDeps {
  safeStorage: SafeStorageLike;
  platform: NodeJS.Platform;
  fs: FsLike;
  /** Where the encrypted token is written, e.g. userData/credentials.bin. */
  file: string;
  log: Logger;
}

export interface CredentialStore {
  /** Whether a token written now would be encrypted by the OS. */
  isEncrypted(): boolean;
  get(): Promise<CredentialsRead>;
  set(token: string, remember: boolean): Promise<CredentialsWrite>;
  clear(): Promise<void>;
}

/** True only when safeStorage really encrypts: available, and on Linux not the `basic_text` (or not-yet-known) backend. */
export function isSecureStorage(safeStorage: SafeStorageLike, platform: NodeJS.Platform): boolean {
  if (!safeStorage.isEncryptionAvailable()) return false;
  if (platform === 'linux') {
    const backend = safeStorage.getSelectedStorageBackend?.() ?? 'unknown';
    if (backend === 'basic_text' || backend === 'unknown') return false;
  }
  return true;
}

export function createCredentialStore(deps: CredentialStoreDeps): CredentialStore {
  const { fs, file, log } = deps;
  let memory: string | null = null;
  let persisted = false;
  const secure = () => isSecureStorage(deps.safeStorage, deps.platform);

  const removeFile = async () => {
    try {
      await fs.rm(file);
    } catch (err) {
      log.warn('credentials.remove-failed', { message: err instanceof Error ? err.message : String(err) });
    }
  };

  return {
    isEncrypted: secure,

    async get() {
      if (!secure()) return { token: memory, persisted: false, encrypted: false, reason: NO_KEYRING_REASON };
      if (memory !== null) return { token: memory, persisted, encrypted: true };
      if (!(await fs.exists(file))) return { token: null, persisted: false, encrypted: true };
      try {
        const bytes = await fs.readFile(file);
        memory = deps.safeStorage.decryptString(Buffer.from(bytes));
        persisted = true;
        return { token: memory, persisted: true, encrypted: true };
      } catch (err) {
        // A token from another keyring or a damaged file: unusable, so forget it; the user logs in again.
        log.warn('credentials.decrypt-failed', { message: err instanceof Error ? err.message : String(err) });
        await removeFile();
        return { token: null, persisted: false, encrypted: true };
      }
    },

    async set(token, remember) {
      memory = token;
      persisted = false;
      if (!secure()) {
        // Never leave an older token on disk next to one we refuse to write.
        await removeFile();
        log.info('credentials.memory-only', { reason: 'no-secure-storage' });
        return { persisted: false, encrypted: false, reason: NO_KEYRING_REASON };
      }
      if (!remember) {
        await removeFile();
        return { persisted: false, encrypted: true };
      }
      try {
        await writeFileAtomic(fs, file, deps.safeStorage.encryptString(token));
        persisted = true;
        return { persisted: true, encrypted: true };
      } catch (err) {
        log.error('credentials.write-failed', { message: err instanceof Error ? err.message : String(err) });
        return { persisted: false, encrypted: true, reason: WRITE_FAILED_REASON };
      }
    },

    async clear() {
      memory = null;
      persisted = false;
      await removeFile();
    },
  };
}
