import type {
  AppInfo,
  BackupInfo,
  CredentialsRead,
  CredentialsWrite,
  FileFilter,
  MenuAction,
  OpenReply,
  ReplyOf,
  SaveReply,
  TilsynApi,
} from '../../shared/ipc';

export type ProviderLoginReply = ReplyOf<'provider:login'>;
export type ProviderRenewReply = ReplyOf<'provider:renew'>;
import { createBrowserPlatform } from './browser';
import { createDesktopPlatform } from './desktop';

/**
 * The renderer's one way to reach what only a platform can do: files, PDFs, the sync token, backups,
 * the application menu. The same renderer runs on the desktop (Electron, through `window.tilsyn`,
 * which the preload exposes) and in a browser (web mode); features call `getPlatform()` and never
 * look at `window.tilsyn` themselves.
 */

/** How a save ended. The browser cannot know where a download or a printout went, so it says what it did. */
export type SaveOutcome =
  | SaveReply
  | { status: 'downloaded'; name: string }
  /** The browser's print dialog was opened; the user chooses "Gem som PDF" there. */
  | { status: 'print-dialog' };

export interface SaveFileRequest {
  suggestedName: string;
  filters: FileFilter[];
  data: string | Uint8Array;
  /** For the browser download (default: from the first filter, else application/octet-stream). */
  mimeType?: string;
}

export interface PlatformBridge {
  readonly kind: 'desktop' | 'browser';
  /** What this platform can do, so the UI shows only what works. */
  readonly capabilities: {
    /** 'file': a PDF file is written; 'print': the print dialog opens (the print stylesheet shapes the page). */
    pdf: 'file' | 'print';
    backups: boolean;
    menu: boolean;
  };
  appInfo(): Promise<AppInfo>;
  /** Save the page on screen (the report view) as an A4 PDF. */
  savePdf(request: { suggestedName: string; landscape?: boolean }): Promise<SaveOutcome>;
  saveFile(request: SaveFileRequest): Promise<SaveOutcome>;
  /** Let the user pick one file and return its text (for imports). */
  openFile(request: { title?: string; filters: FileFilter[] }): Promise<OpenReply>;
  /** The sync token, and whether it survives a restart (`reason` says why not, in Danish). */
  getToken(): Promise<CredentialsRead>;
  /** Keep the sync token; `remember: false` keeps it for this session only. */
  setToken(token: string, options?: { remember?: boolean }): Promise<CredentialsWrite>;
  clearToken(): Promise<void>;
  /**
   * The desktop's login with the municipality's identity provider (system browser, loopback; the
   * main process keeps the provider's tokens). null in a browser, where the page itself goes to the
   * server's login route instead (renderer/sync/providerSession.ts).
   */
  providerLogin(request: { serverUrl: string; remember: boolean }): Promise<ProviderLoginReply | null>;
  /** Renew a provider login's daily proof when due (`force`: now). A browser has none to renew. */
  renewProviderProof(force: boolean): Promise<ProviderRenewReply>;
  listBackups(): Promise<BackupInfo[]>;
  /** Keep a snapshot of the local database (shared/localSnapshot.ts) as the day's backup. Desktop only. */
  saveBackupSnapshot(snapshot: string): Promise<BackupInfo>;
  /** After a restart to restore a snapshot backup: its text, once; null otherwise (always in a browser). */
  takePendingSnapshot(): Promise<string | null>;
  /** Restore a backup: the desktop app restarts with it. Not available in a browser. */
  restoreBackup(id: string): Promise<void>;
  /** Called when the user picks an app item in the desktop menu; returns an unsubscribe function. */
  onMenuAction(listener: (action: MenuAction['action']) => void): () => void;
}

declare global {
  interface Window {
    /** Exposed by the Electron preload; absent in a browser. */
    tilsyn?: TilsynApi;
  }
}

let current: PlatformBridge | null = null;

/** The platform bridge: the desktop one when the preload's `window.tilsyn` is there, else the browser one. */
export function getPlatform(): PlatformBridge {
  if (current) return current;
  const api = typeof window !== 'undefined' ? window.tilsyn : undefined;
  current = api ? createDesktopPlatform(api) : createBrowserPlatform();
  return current;
}

/** For tests: forget the chosen bridge (or put a fake one in its place). */
export function setPlatformForTests(bridge: PlatformBridge | null): void {
  current = bridge;
}
