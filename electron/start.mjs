// `npm start`: run the built desktop app (npm runs `npm run build` first).
// `npm install` does not download Electron's binary (package.json's allowScripts turns its
// postinstall off, so installing works on machines that cannot reach GitHub); the first start
// fetches it with Electron's own install script. Where that fails, say so in one paragraph and
// point to web mode.
import { spawnSync, spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { findElectronBinary } from './electronBinary.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
let found = findElectronBinary(root);

if (!found.ok && !process.env.ELECTRON_SKIP_BINARY_DOWNLOAD) {
  let installScript = null;
  try {
    installScript = path.join(path.dirname(createRequire(path.join(root, 'package.json')).resolve('electron/package.json')), 'install.js');
  } catch {
    /* the package itself is missing: the message below says so */
  }
  if (installScript) {
    process.stderr.write('Henter Electron-programmet (første start) … / Fetching the Electron binary (first start) …\n');
    // Its output (a stack trace when the network is closed) is not for the user; the result is.
    spawnSync(process.execPath, [installScript], { cwd: path.dirname(installScript), stdio: 'ignore', timeout: 10 * 60_000 });
    found = findElectronBinary(root);
  }
}

if (!found.ok) {
  process.stderr.write(
    '\nTilsyn kan ikke starte som skrivebordsapp her: Electron-programmet kunne ikke hentes på denne maskine. ' +
      'Brug i stedet webudgaven: kør `npm run web` og åbn den adresse, den skriver, i en browser. ' +
      `(The Tilsyn desktop app cannot start here: the Electron binary could not be obtained on this machine; ${found.reason}. ` +
      'Use `npm run web` instead and open the address it prints in a browser.)\n\n',
  );
  process.exit(1);
}

const child = spawn(found.path, [root, ...process.argv.slice(2)], { stdio: 'inherit', windowsHide: false });
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => {
    if (!child.killed) child.kill(signal);
  });
}
child.on('error', (err) => {
  process.stderr.write(`\nElectron kunne ikke startes / Electron could not be started: ${err.message}\n`);
  process.exit(1);
});
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
