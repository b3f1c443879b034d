/**
 * The Node flags the server runs with, wherever it is started: package.json's `web`, `demo` and
 * `server` scripts (tsx passes them on to Node) and the benches' server processes
 * (tests/bench/support/serverProcess.ts, appProfile.ts); tests/unit/server/nodeFlags.test.ts
 * keeps the scripts in step with this list.
 *
 * `--max-semi-space-size=16`: V8's young generation as it was on Node 20. Node 24's V8 grows it
 * with the heap, and the server then held ~160 MB more resident memory during the BI export and
 * the theme averages (366–391 MB against 209–228 MB with 16; budget < 300 MB, docs/deployment.md).
 */
export const SERVER_NODE_FLAGS = ['--max-semi-space-size=16'] as const;
