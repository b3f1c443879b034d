import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

/** The electron-builder configuration and the icons it points to (packaging itself needs Electron's download). */
const root = path.resolve(__dirname, '../../..');
const require = createRequire(path.join(root, 'package.json'));

interface BuilderConfig {
  appId: string;
  productName: string;
  directories: { app: string; buildResources: string; output: string };
  files: unknown[];
  beforeBuild: string;
  electronFuses: Record<string, boolean>;
  linux: { target: string[]; icon: string };
  win: { target: string; icon: string };
  nsis: { deleteAppDataOnUninstall: boolean; installerLanguages: string[] };
  mac: { target: string; icon: string };
}

async function loadConfig(): Promise<BuilderConfig> {
  const { getConfig, validateConfiguration } = require('app-builder-lib/out/util/config/config');
  const { DebugLogger } = require('builder-util');
  const config = await getConfig(root, 'build/electron-builder.yml', null);
  await validateConfiguration(config, new DebugLogger(false)); // electron-builder's own schema check
  return config as BuilderConfig;
}

function pngSize(file: string): { width: number; height: number } {
  const b = readFileSync(file);
  expect(b.subarray(1, 4).toString('ascii')).toBe('PNG');
  return { width: b.readUInt32BE(16), height: b.readUInt32BE(20) };
}

describe('build/electron-builder.yml', () => {
  it("passes electron-builder's schema, with the app id and the Danish product name", async () => {
    const c = await loadConfig();
    expect(c.appId).toBe('dk.tilsyn.app');
    expect(c.productName).toBe('Tilsyn');
  }, 30_000);

  it('builds AppImage and deb for Linux, NSIS for Windows, dmg for macOS', async () => {
    const c = await loadConfig();
    expect(c.linux.target).toEqual(['AppImage', 'deb']);
    expect(c.win.target).toBe('nsis');
    expect(c.mac.target).toBe('dmg');
    expect(c.nsis.installerLanguages).toEqual(['da_DK']);
    expect(c.nsis.deleteAppDataOnUninstall).toBe(false);
  }, 30_000);

  it('packages dist/ only, without source maps and without any node_modules', async () => {
    const c = await loadConfig();
    expect(c.directories).toEqual({ app: 'dist', buildResources: 'build', output: 'release' });
    expect(c.files).toEqual([{ filter: ['**/*', '!**/*.map'] }]); // as electron-builder normalises it
    const hook = require(path.join(root, c.beforeBuild)) as { default: () => Promise<boolean> };
    expect(await hook.default()).toBe(false); // false = node_modules handled outside: none are copied
  }, 30_000);

  it('flips the Electron fuses that close Node-level doors', async () => {
    const c = await loadConfig();
    expect(c.electronFuses).toMatchObject({
      runAsNode: false,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      onlyLoadAppFromAsar: true,
      enableEmbeddedAsarIntegrityValidation: true,
      grantFileProtocolExtraPrivileges: false,
    });
  }, 30_000);

  it('has real icons: 1024 and 512 px PNGs, the Linux set, an .ico and an .icns', async () => {
    const c = await loadConfig();
    expect(pngSize(path.join(root, 'build', 'icon.png'))).toEqual({ width: 1024, height: 1024 });
    for (const s of [16, 32, 48, 64, 128, 256, 512, 1024]) {
      expect(pngSize(path.join(root, c.linux.icon, `${s}x${s}.png`))).toEqual({ width: s, height: s });
    }
    const ico = readFileSync(path.join(root, c.win.icon));
    expect(ico.readUInt16LE(2)).toBe(1); // type: icon
    expect(ico.readUInt16LE(4)).toBeGreaterThanOrEqual(5); // images
    const icns = readFileSync(path.join(root, c.mac.icon));
    expect(icns.subarray(0, 4).toString('ascii')).toBe('icns');
    expect(icns.readUInt32BE(4)).toBe(icns.length);
    expect(existsSync(path.join(root, 'build', 'make-icons.mjs'))).toBe(true);
  }, 30_000);
});
