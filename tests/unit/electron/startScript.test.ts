import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { findElectronBinary } from '../../../electron/electronBinary.mjs';

const root = path.resolve(__dirname, '../../..');
const binary = findElectronBinary(root);

describe('npm start (electron/start.mjs)', () => {
  it.skipIf(binary.ok)('without an Electron binary: one clear paragraph, pointing to web mode, exit 1, no stack trace', () => {
    const r = spawnSync(process.execPath, [path.join(root, 'electron', 'start.mjs')], { encoding: 'utf8', timeout: 20_000 });
    expect(r.status).toBe(1);
    expect(r.stdout).toBe('');
    const text = r.stderr.trim();
    expect(text.split('\n')).toHaveLength(1); // one paragraph
    expect(text).toContain('Electron-programmet kunne ikke hentes på denne maskine');
    expect(text).toContain('the Electron binary could not be obtained on this machine');
    expect(text).toContain('npm run web');
    expect(r.stderr).not.toMatch(/\n\s+at |Error:|node:internal/);
  });

  it('findElectronBinary says why when there is no binary, and never throws', () => {
    const none = findElectronBinary(path.join(root, 'does-not-exist'));
    expect(none.ok).toBe(false);
    if (!binary.ok) expect(binary.reason).toMatch(/electron/i);
  });
});
