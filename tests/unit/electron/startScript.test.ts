import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { findElectronBinary } from '../../../electron/electronBinary.mjs';

const root = path.resolve(__dirname, '../../..');
const binary = findElectronBinary(root);

describe('npm start (electron/start.mjs)', () => {
  it.skipIf(binary.ok)('without an Electron binary: it tries to fetch it once, then one clear paragraph, pointing to web mode, exit 1, no stack trace', () => {
    // This machine cannot reach Electron's downloads (as on CI): the fetch fails and is explained.
    const r = spawnSync(process.execPath, [path.join(root, 'electron', 'start.mjs')], { encoding: 'utf8', timeout: 120_000, env: { ...process.env, ELECTRON_SKIP_BINARY_DOWNLOAD: '' } });
    expect(r.status).toBe(1);
    expect(r.stdout).toBe('');
    const lines = r.stderr.trim().split('\n').filter((l) => l.trim() !== '');
    expect(lines[0]).toContain('Henter Electron-programmet (første start)');
    expect(lines).toHaveLength(2); // the fetch, then one paragraph
    const text = lines[1]!;
    expect(text).toContain('Electron-programmet kunne ikke hentes på denne maskine');
    expect(text).toContain('the Electron binary could not be obtained on this machine');
    expect(text).toContain('npm run web');
    expect(r.stderr).not.toMatch(/\n\s+at |Error:|node:internal/);
  }, 150_000);

  it('npm install does not run Electron\'s download: package.json turns its postinstall off (npm ≥ 11.16 reads allowScripts)', async () => {
    const pkg = JSON.parse(await import('node:fs').then((fs) => fs.readFileSync(path.join(root, 'package.json'), 'utf8'))) as { allowScripts?: Record<string, boolean> };
    expect(pkg.allowScripts?.electron).toBe(false);
    expect(pkg.allowScripts?.['better-sqlite3']).toBe(true);
  });

  it('findElectronBinary says why when there is no binary, and never throws', () => {
    const none = findElectronBinary(path.join(root, 'does-not-exist'));
    expect(none.ok).toBe(false);
    if (!binary.ok) expect(binary.reason).toMatch(/electron/i);
  });
});
