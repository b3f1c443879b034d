import { readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * Runs @doyensec/electronegativity over electron/ and fails on any finding of MEDIUM or HIGH
 * severity. Exclusions live in .electronegativity.json, each with its reason.
 *
 * Electronegativity fetches translations and Electron's release list over the network; this
 * machine and CI have none, so its HTTP client is replaced by one that fails at once (it then uses
 * its bundled English texts and skips the release check, as it does offline anyway).
 */

interface Finding {
  id: string;
  file: string;
  location: { line: number; column: number };
  description: string;
  severity: { value: number; name: string };
  confidence: { name: string };
}
interface RunResult {
  globalChecks: number;
  atomicChecks: number;
  errors: { file: string; message: string; tolerable: boolean }[];
  issues: Finding[];
}
type Run = (options: Record<string, unknown>) => Promise<RunResult>;

const root = path.resolve(__dirname, '../../..');
const config = JSON.parse(readFileSync(path.join(root, '.electronegativity.json'), 'utf8')) as {
  input: string;
  failAtOrAbove: string;
  excludeChecks: Record<string, string>;
};

function loadElectronegativity(): { run: Run; severity: Record<string, { value: number }>; checkNames: string[] } {
  const require = createRequire(import.meta.url);
  const engDir = path.dirname(require.resolve('@doyensec/electronegativity/package.json'));
  const engRequire = createRequire(path.join(engDir, 'dist', 'runner.js'));
  const gotPath = engRequire.resolve('got');
  const offline = Object.assign(() => Promise.reject(new Error('offline')), { head: () => Promise.reject(new Error('offline')) });
  require.cache[gotPath] = { id: gotPath, filename: gotPath, loaded: true, exports: Object.assign(offline, { default: offline }) } as never;
  const runner = engRequire('./runner.js') as { default?: Run } & Run;
  const attributes = engRequire('./finder/attributes.js') as { severity: Record<string, { value: number }> };
  const globals = engRequire('./finder/checks/GlobalChecks/index.js') as { GLOBAL_CHECKS: { name: string }[] };
  const atomics = engRequire('./finder/checks/AtomicChecks/index.js') as { CHECKS: { name: string }[] };
  return {
    run: runner.default ?? runner,
    severity: attributes.severity,
    checkNames: [...globals.GLOBAL_CHECKS, ...atomics.CHECKS].map((c) => c.name),
  };
}

async function quietly<T>(fn: () => Promise<T>): Promise<T> {
  // It prints progress notes ("Could not retrieve updated translations…") with console.log.
  const log = console.log;
  console.log = () => undefined;
  try {
    return await fn();
  } finally {
    console.log = log;
  }
}

describe('electronegativity over electron/', () => {
  const eng = loadElectronegativity();
  const threshold = eng.severity[config.failAtOrAbove]!.value;
  const electronVersion = (createRequire(import.meta.url)('electron/package.json') as { version: string }).version;
  const scan = (input: string) =>
    quietly(() =>
      eng.run({
        input,
        isRelative: true,
        electronVersionOverride: electronVersion,
        excludeFromScan: Object.keys(config.excludeChecks),
      }),
    );

  it('every excluded check exists and has a reason', () => {
    for (const [name, reason] of Object.entries(config.excludeChecks)) {
      expect(eng.checkNames.map((n) => n.toLowerCase())).toContain(name.toLowerCase());
      expect(reason.length).toBeGreaterThan(40);
    }
  });

  it('reports no finding of MEDIUM or higher severity, and parses every file', async () => {
    const result = await scan(path.join(root, config.input));
    expect(result.atomicChecks).toBeGreaterThan(20);
    expect(result.errors.filter((e) => !e.tolerable)).toEqual([]);
    const serious = result.issues
      .filter((i) => i.severity.value >= threshold)
      .map((i) => `${i.severity.name} ${i.id} ${i.file}:${i.location.line} ${i.description}`);
    expect(serious).toEqual([]);
  }, 60_000);

  it('does find the problems it is meant to find (the scan is not a silent no-op)', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'tilsyn-eng-'));
    try {
      await writeFile(
        path.join(dir, 'bad.ts'),
        "import { BrowserWindow, shell } from 'electron';\n" +
          'export function open(url: string) {\n' +
          '  const w = new BrowserWindow({ webPreferences: { nodeIntegration: true, contextIsolation: false, sandbox: false } });\n' +
          '  shell.openExternal(url);\n' +
          '  return w;\n' +
          '}\n',
      );
      const result = await scan(dir);
      const ids = result.issues.filter((i) => i.severity.value >= threshold).map((i) => i.id);
      expect(ids).toEqual(
        expect.arrayContaining(['CONTEXT_ISOLATION_JS_CHECK', 'SANDBOX_JS_CHECK', 'OPEN_EXTERNAL_JS_CHECK', 'LIMIT_NAVIGATION_GLOBAL_CHECK']),
      );
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }, 60_000);
});
