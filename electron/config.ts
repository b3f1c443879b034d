import path from 'node:path';
import { z } from 'zod';
import { syncOriginFrom } from './csp';
import type { FsLike } from './fsLike';
import type { Logger } from './log';

/**
 * Where the desktop app syncs to. In order: the `TILSYN_SYNC_URL` environment variable, `syncUrl` in
 * userData/config.json (an IT department can place it), the URL built into the app
 * (`TILSYN_SYNC_URL` when `npm run build:electron` ran). Only https is accepted; plain http only on
 * the loopback address and only when the app is not packaged (development against a local server).
 * The origin goes into the CSP's connect-src; nothing else may be reached from the renderer.
 */
export const ShellConfigFileSchema = z.object({ syncUrl: z.string().max(2048).optional() });

export interface ShellConfig {
  syncUrl: string | null;
  syncOrigin: string | null;
}

export interface ShellConfigSources {
  fs: FsLike;
  userDataDir: string;
  env: Record<string, string | undefined>;
  builtIn: string | null;
  isPackaged: boolean;
  log: Logger;
}

export async function loadShellConfig(src: ShellConfigSources): Promise<ShellConfig> {
  let fromFile: string | undefined;
  const file = path.join(src.userDataDir, 'config.json');
  try {
    if (await src.fs.exists(file)) {
      const parsed = ShellConfigFileSchema.safeParse(JSON.parse(await src.fs.readText(file)));
      if (parsed.success) fromFile = parsed.data.syncUrl;
      else src.log.warn('config.invalid', { file: 'config.json' });
    }
  } catch {
    src.log.warn('config.unreadable', { file: 'config.json' });
  }
  const candidate = src.env.TILSYN_SYNC_URL || fromFile || src.builtIn || null;
  if (!candidate) return { syncUrl: null, syncOrigin: null };
  const origin = syncOriginFrom(candidate, { allowLoopbackHttp: !src.isPackaged });
  if (!origin) {
    src.log.warn('config.sync-url-refused', { reason: 'not https (or loopback http in development)' });
    return { syncUrl: null, syncOrigin: null };
  }
  return { syncUrl: new URL(candidate).href, syncOrigin: origin };
}
