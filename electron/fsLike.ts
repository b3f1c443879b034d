import { promises as fsp } from 'node:fs';
import { join } from 'node:path';

/**
 * The file operations the shell's services use. Injected, so backups, credentials, window state and
 * the protocol handler are tested against a temporary folder (or a fake that fails on purpose).
 */
export interface FsLike {
  readFile(path: string): Promise<Uint8Array>;
  readText(path: string): Promise<string>;
  writeFile(path: string, data: string | Uint8Array): Promise<void>;
  mkdir(path: string): Promise<void>;
  readdir(path: string): Promise<string[]>;
  stat(path: string): Promise<{ isDirectory(): boolean; isFile(): boolean; size: number }>;
  exists(path: string): Promise<boolean>;
  rm(path: string): Promise<void>;
  rename(from: string, to: string): Promise<void>;
  copyDir(from: string, to: string): Promise<void>;
}

/** The real file system (Node's fs/promises). */
export const nodeFs: FsLike = {
  readFile: (p) => fsp.readFile(p),
  readText: (p) => fsp.readFile(p, 'utf8'),
  writeFile: (p, data) => fsp.writeFile(p, data),
  mkdir: async (p) => {
    await fsp.mkdir(p, { recursive: true });
  },
  readdir: (p) => fsp.readdir(p),
  stat: (p) => fsp.stat(p),
  exists: async (p) => {
    try {
      await fsp.access(p);
      return true;
    } catch {
      return false;
    }
  },
  rm: (p) => fsp.rm(p, { recursive: true, force: true }),
  rename: (from, to) => fsp.rename(from, to),
  copyDir: (from, to) => fsp.cp(from, to, { recursive: true, errorOnExist: true, force: false }),
};

/** Write a file so a crash never leaves half of it: write beside it, then rename over it. */
export async function writeFileAtomic(fs: FsLike, path: string, data: string | Uint8Array): Promise<void> {
  const tmp = `${path}.${process.pid}.${Date.now()}.tmp`;
  await fs.writeFile(tmp, data);
  try {
    await fs.rename(tmp, path);
  } catch (err) {
    await fs.rm(tmp).catch(() => undefined);
    throw err;
  }
}

/** Total size in bytes of a file or folder tree. */
export async function treeSize(fs: FsLike, path: string): Promise<number> {
  const st = await fs.stat(path);
  if (!st.isDirectory()) return st.size;
  let total = 0;
  for (const name of await fs.readdir(path)) total += await treeSize(fs, join(path, name));
  return total;
}
