import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach } from 'vitest';
import type { Logger } from '../../../electron/log';

export interface RecordedLog {
  level: 'info' | 'warn' | 'error';
  event: string;
  details?: Record<string, unknown>;
}

/** A logger that keeps what it was told. */
export function memoryLogger(): Logger & { entries: RecordedLog[]; text(): string } {
  const entries: RecordedLog[] = [];
  const push = (level: RecordedLog['level']) => (event: string, details?: Record<string, unknown>) => {
    entries.push({ level, event, details });
  };
  return {
    entries,
    text: () => JSON.stringify(entries),
    info: push('info'),
    warn: push('warn'),
    error: push('error'),
  };
}

/** An event with preventDefault, as Electron passes to will-navigate and friends. */
export function preventable() {
  return {
    defaultPrevented: false,
    preventDefault() {
      this.defaultPrevented = true;
    },
  };
}

const tempDirs: string[] = [];
afterEach(async () => {
  while (tempDirs.length > 0) await rm(tempDirs.pop()!, { recursive: true, force: true });
});

/** A fresh temporary folder, removed after the test. */
export async function tempDir(prefix = 'tilsyn-electron-'): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), prefix));
  tempDirs.push(dir);
  return dir;
}
