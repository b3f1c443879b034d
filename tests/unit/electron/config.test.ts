import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadShellConfig } from '../../../electron/config';
import { nodeFs } from '../../../electron/fsLike';
import { memoryLogger, tempDir } from './fakes';

async function load(opts: { env?: Record<string, string>; file?: string; builtIn?: string | null; isPackaged?: boolean }) {
  const dir = await tempDir();
  if (opts.file !== undefined) await writeFile(path.join(dir, 'config.json'), opts.file);
  const log = memoryLogger();
  const config = await loadShellConfig({
    fs: nodeFs,
    userDataDir: dir,
    env: opts.env ?? {},
    builtIn: opts.builtIn ?? null,
    isPackaged: opts.isPackaged ?? true,
    log,
  });
  return { config, log };
}

describe('the sync server the desktop app may reach', () => {
  it('is none when nothing is configured', async () => {
    expect((await load({})).config).toEqual({ syncUrl: null, syncOrigin: null });
  });

  it('comes from the environment first, then config.json, then the build', async () => {
    const file = JSON.stringify({ syncUrl: 'https://fil.example.dk/' });
    expect((await load({ env: { TILSYN_SYNC_URL: 'https://env.example.dk' }, file, builtIn: 'https://build.example.dk' })).config.syncOrigin).toBe(
      'https://env.example.dk',
    );
    expect((await load({ file, builtIn: 'https://build.example.dk' })).config).toEqual({
      syncUrl: 'https://fil.example.dk/',
      syncOrigin: 'https://fil.example.dk',
    });
    expect((await load({ builtIn: 'https://build.example.dk/api' })).config.syncOrigin).toBe('https://build.example.dk');
  });

  it('must be https; loopback http only in development', async () => {
    const refused = await load({ env: { TILSYN_SYNC_URL: 'http://sync.example.dk' } });
    expect(refused.config.syncOrigin).toBeNull();
    expect(refused.log.entries.map((e) => e.event)).toContain('config.sync-url-refused');
    expect((await load({ env: { TILSYN_SYNC_URL: 'http://127.0.0.1:5173' }, isPackaged: true })).config.syncOrigin).toBeNull();
    expect((await load({ env: { TILSYN_SYNC_URL: 'http://127.0.0.1:5173' }, isPackaged: false })).config.syncOrigin).toBe('http://127.0.0.1:5173');
  });

  it('ignores a damaged config.json', async () => {
    const { config, log } = await load({ file: '{ broken', builtIn: 'https://build.example.dk' });
    expect(config.syncOrigin).toBe('https://build.example.dk');
    expect(log.entries.map((e) => e.event)).toContain('config.unreadable');
  });
});
