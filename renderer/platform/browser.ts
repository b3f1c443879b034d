import { MAX_OPEN_BYTES, type CredentialsRead, type FileFilter } from '../../shared/ipc';
import type { PlatformBridge, SaveFileRequest } from './bridge';

/**
 * The browser bridge (web mode): print for PDFs, downloads for exports, a file input for imports, no
 * backups and no menu.
 *
 * The sync token: kept in memory, and in localStorage only when the user ticked "husk mig"
 * (`remember: true`). Never sessionStorage. localStorage is readable by any script on the origin, so
 * the CSP (script-src 'self') is what protects it; a user on a shared computer should not tick
 * "husk mig". The reply says `encrypted: false` so the UI can say so.
 */
export const TOKEN_KEY = 'tilsyn.syncToken';

/** The parts of the browser the bridge uses (injected in tests). */
export interface BrowserEnv {
  print(): void;
  storage: Pick<Storage, 'getItem' | 'setItem' | 'removeItem'> | null;
  createObjectURL(blob: Blob): string;
  revokeObjectURL(url: string): void;
  document: Pick<Document, 'createElement' | 'body'>;
  setTimeout(fn: () => void, ms: number): unknown;
  version: string;
}

function defaultEnv(): BrowserEnv {
  let storage: BrowserEnv['storage'] = null;
  try {
    storage = window.localStorage;
  } catch {
    storage = null; // storage blocked (private mode, policy): memory only
  }
  return {
    print: () => window.print(),
    storage,
    createObjectURL: (blob) => URL.createObjectURL(blob),
    revokeObjectURL: (url) => URL.revokeObjectURL(url),
    document,
    setTimeout: (fn, ms) => window.setTimeout(fn, ms),
    version: 'web',
  };
}

const MIME_BY_EXTENSION: Record<string, string> = {
  json: 'application/json',
  csv: 'text/csv',
  txt: 'text/plain',
  pdf: 'application/pdf',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
};

function mimeFor(request: SaveFileRequest): string {
  if (request.mimeType) return request.mimeType;
  const ext = request.filters[0]?.extensions[0]?.toLowerCase();
  return (ext && MIME_BY_EXTENSION[ext]) || 'application/octet-stream';
}

function acceptFor(filters: FileFilter[]): string {
  return filters
    .flatMap((f) => f.extensions)
    .filter((e) => e !== '*')
    .map((e) => `.${e}`)
    .join(',');
}

export function createBrowserPlatform(env: BrowserEnv = defaultEnv()): PlatformBridge {
  let memoryToken: string | null = null;

  const readStored = (): string | null => {
    try {
      return env.storage?.getItem(TOKEN_KEY) ?? null;
    } catch {
      return null;
    }
  };

  return {
    kind: 'browser',
    capabilities: { pdf: 'print', backups: false, menu: false },

    appInfo: async () => ({
      version: env.version,
      platform: 'browser',
      encryptionAvailable: false,
      syncUrl: null, // web mode: the server that served the page is the sync server
      isPackaged: false,
    }),

    savePdf: async () => {
      env.print();
      return { status: 'print-dialog' };
    },

    saveFile: async (request) => {
      const part = typeof request.data === 'string' ? request.data : new Uint8Array(request.data);
      const blob = new Blob([part], { type: mimeFor(request) });
      const url = env.createObjectURL(blob);
      const a = env.document.createElement('a');
      a.href = url;
      a.download = request.suggestedName;
      a.rel = 'noopener';
      a.style.display = 'none';
      env.document.body.appendChild(a);
      a.click();
      a.remove();
      // Give the browser time to start the download before the URL goes.
      env.setTimeout(() => env.revokeObjectURL(url), 60_000);
      return { status: 'downloaded', name: request.suggestedName };
    },

    openFile: (request) =>
      new Promise((resolve, reject) => {
        const input = env.document.createElement('input');
        input.type = 'file';
        const accept = acceptFor(request.filters);
        if (accept) input.accept = accept;
        input.style.display = 'none';
        const finish = () => input.remove();
        input.addEventListener('cancel', () => {
          finish();
          resolve({ status: 'canceled' });
        });
        input.addEventListener('change', () => {
          const file = input.files?.[0];
          finish();
          if (!file) return resolve({ status: 'canceled' });
          if (file.size > MAX_OPEN_BYTES) {
            return reject(new Error(`Filen er for stor (højst ${MAX_OPEN_BYTES / 1024 / 1024} MB).`));
          }
          file.text().then((text) => resolve({ status: 'opened', name: file.name, text }), reject);
        });
        env.document.body.appendChild(input);
        input.click();
      }),

    getToken: async (): Promise<CredentialsRead> => {
      const stored = readStored();
      if (memoryToken === null && stored !== null) memoryToken = stored;
      return { token: memoryToken, persisted: stored !== null, encrypted: false };
    },

    setToken: async (token, options) => {
      memoryToken = token;
      if (options?.remember && env.storage) {
        try {
          env.storage.setItem(TOKEN_KEY, token); // only because the user chose "husk mig"
          return { persisted: true, encrypted: false };
        } catch {
          return { persisted: false, encrypted: false, reason: 'Browseren tillader ikke, at adgangen huskes.' };
        }
      }
      try {
        env.storage?.removeItem(TOKEN_KEY);
      } catch {
        // nothing stored, nothing to remove
      }
      return { persisted: false, encrypted: false };
    },

    clearToken: async () => {
      memoryToken = null;
      try {
        env.storage?.removeItem(TOKEN_KEY);
      } catch {
        // storage blocked: there is nothing in it
      }
    },

    // In a browser the page itself goes to the server's login route; a web login is renewed by logging in again.
    providerLogin: async () => null,
    renewProviderProof: async () => ({ status: 'not-provider' as const }),

    listBackups: async () => [],
    restoreBackup: async () => {
      throw new Error('Gendannelse fra backup findes kun i skrivebordsappen.');
    },
    saveBackupSnapshot: async () => {
      throw new Error('Backups findes kun i skrivebordsappen.');
    },
    takePendingSnapshot: async () => null,
    onMenuAction: () => () => undefined,
  };
}
