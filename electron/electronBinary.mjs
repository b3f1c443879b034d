// Where the Electron binary is, without running the `electron` package's index.js (which throws when
// its postinstall never downloaded the binary). Used by electron/start.mjs and the e2e smoke test.
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

/**
 * @param {string} root the project folder
 * @returns {{ ok: true, path: string } | { ok: false, reason: string }}
 */
export function findElectronBinary(root) {
  let pkgDir;
  try {
    pkgDir = path.dirname(createRequire(path.join(root, 'package.json')).resolve('electron/package.json'));
  } catch {
    return { ok: false, reason: "the 'electron' package is not installed" };
  }
  const pathFile = path.join(pkgDir, 'path.txt');
  const relative = existsSync(pathFile) ? readFileSync(pathFile, 'utf8').trim() : null;
  const override = process.env.ELECTRON_OVERRIDE_DIST_PATH;
  if (!relative && !override) return { ok: false, reason: "the 'electron' package has no binary (its download never ran)" };
  const binary = override ? path.join(override, relative || 'electron') : path.join(pkgDir, 'dist', relative);
  if (!existsSync(binary)) return { ok: false, reason: `the Electron binary is missing (${binary})` };
  return { ok: true, path: binary };
}
