// Bundles the Electron main process and preload with esbuild:
//   electron/main.ts    -> dist/electron/main.cjs    (package.json "main")
//   electron/preload.ts -> dist/electron/preload.cjs (sandboxed: may require nothing but 'electron')
// TILSYN_SYNC_URL, if set while building, becomes the app's built-in sync server (see electron/config.ts).
import { copyFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const outDir = path.join(root, 'dist', 'electron');

const common = {
  bundle: true,
  platform: 'node',
  format: 'cjs',
  // No source maps: the installers would ship the source (and its comments) to every user.
  sourcemap: false,
  external: ['electron'],
  legalComments: 'none',
  logLevel: 'warning',
  metafile: true,
  absWorkingDir: root,
};

const [main, preload] = await Promise.all([
  build({
    ...common,
    entryPoints: ['electron/main.ts'],
    outfile: path.join(outDir, 'main.cjs'),
    target: 'node22',
    define: { __TILSYN_SYNC_URL__: JSON.stringify(process.env.TILSYN_SYNC_URL ?? '') },
  }),
  build({
    ...common,
    entryPoints: ['electron/preload.ts'],
    outfile: path.join(outDir, 'preload.cjs'),
    target: 'chrome130',
  }),
]);

// A sandboxed preload gets a `require` that knows only a few modules; anything else would fail at
// run time in the window, so fail the build instead.
for (const output of Object.values(preload.metafile.outputs)) {
  const foreign = output.imports.filter((i) => i.external && i.path !== 'electron').map((i) => i.path);
  if (foreign.length > 0) {
    console.error(`preload.cjs would require ${foreign.join(', ')}; a sandboxed preload may require only 'electron'.`);
    process.exit(1);
  }
}

// dist/ is the app folder electron-builder packages (directories.app in build/electron-builder.yml).
// Its package.json names the bundled entry point and lists no dependencies: everything the app runs
// is bundled, so no node_modules (and no native module of the server) ends up in the installers.
const rootPkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8'));
writeFileSync(
  path.join(root, 'dist', 'package.json'),
  `${JSON.stringify(
    {
      name: rootPkg.name,
      productName: 'Tilsyn',
      version: rootPkg.version,
      description: rootPkg.description,
      author: rootPkg.author ?? 'Tilsyn',
      license: rootPkg.license ?? 'UNLICENSED',
      main: 'electron/main.cjs',
    },
    null,
    2,
  )}\n`,
);

// The window icon for development runs on Linux (installers take theirs from build/).
const icon = path.join(root, 'build', 'icons', '512x512.png');
if (existsSync(icon)) {
  mkdirSync(outDir, { recursive: true });
  copyFileSync(icon, path.join(outDir, 'icon.png'));
}

const size = (meta) => Object.values(meta.outputs).reduce((n, o) => n + (o.bytes ?? 0), 0);
console.log(
  `electron: dist/electron/main.cjs, preload.cjs and dist/package.json written (${Math.round(size(main.metafile) / 1024)} KB, ${Math.round(size(preload.metafile) / 1024)} KB)`,
);
