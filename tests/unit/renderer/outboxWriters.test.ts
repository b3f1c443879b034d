import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

/*
 * Only the record store (renderer/db/recordStore.ts) writes the outbox: every edit, conflict
 * resolution, imported change and sync acknowledgement goes through it, so the rules about outbox
 * rows (folding, the push lock, own rows for status changes) cannot be bypassed by a feature.
 */

const RENDERER = path.resolve(import.meta.dirname, '../../../renderer');
const ALLOWED = new Set(['db/recordStore.ts']);
const WRITERS = new Set(['add', 'put', 'update', 'delete', 'clear', 'modify', 'bulkAdd', 'bulkPut', 'bulkUpdate', 'bulkDelete']);

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) return sourceFiles(full);
    return /\.(ts|tsx|js|mjs)$/.test(e.name) ? [full] : [];
  });
}

function stripComments(code: string): string {
  return code.replace(/\/\*[\s\S]*?\*\//g, ' ').replace(/(^|[^:'"`])\/\/.*$/gm, '$1');
}

/** Skips a balanced (...) starting at `i` (which is '('); returns the index after it. */
function skipParens(code: string, i: number): number {
  let depth = 0;
  for (; i < code.length; i++) {
    const c = code[i];
    if (c === '(') depth++;
    else if (c === ')' && --depth === 0) return i + 1;
  }
  return i;
}

/**
 * Each place the outbox table is reached (`.outbox`, `.table('outbox')`) and the methods called on it
 * in one chain (`db.outbox.where(…).equals(…).delete()` → where, equals, delete); the writes among them.
 */
export function outboxWrites(source: string): string[] {
  const code = stripComments(source);
  const found: string[] = [];
  const start = /\.outbox\b|\.table\(\s*['"`]outbox['"`]\s*\)/g;
  for (let m = start.exec(code); m; m = start.exec(code)) {
    let i = m.index + m[0].length;
    const chain: string[] = [];
    for (;;) {
      const rest = /^\s*(\?\.|\.)\s*([A-Za-z_$][\w$]*)\s*/.exec(code.slice(i, i + 200));
      if (!rest) break;
      i += rest[0].length;
      chain.push(rest[2]!);
      if (code[i] === '(') i = skipParens(code, i);
    }
    const writes = chain.filter((c) => WRITERS.has(c));
    if (writes.length) found.push(`outbox.${chain.join('.')}`);
  }
  return found;
}

describe('the outbox has one writer', () => {
  it('the scan finds writes in every form, and not reads or a transaction scope', () => {
    expect(outboxWrites('await db.outbox.add(row);')).toHaveLength(1);
    expect(outboxWrites('db.outbox.update(seq, { fields });')).toHaveLength(1);
    expect(outboxWrites("db.outbox.where('mutationId').anyOf(ids).delete()")).toEqual(['outbox.where.anyOf.delete']);
    expect(outboxWrites("db.outbox\n  .where('[recordType+recordId]')\n  .equals([a, b])\n  .modify((r) => { r.fields = {}; });")).toHaveLength(1);
    expect(outboxWrites("tx.table('outbox').bulkPut(rows)")).toHaveLength(1);
    expect(outboxWrites('this.db.outbox.clear()')).toHaveLength(1);
    expect(outboxWrites('db.outbox.toCollection().delete()')).toHaveLength(1);
    expect(outboxWrites('const n = await db.outbox.count(); const rows = await db.outbox.orderBy("seq").toArray();')).toEqual([]);
    expect(outboxWrites("db.transaction('rw', db.outbox, db.meta, () => db.meta.put({ key, value }))")).toEqual([]);
    expect(outboxWrites("db.transaction('rw', [db.outbox, db.conflicts], async () => { await db.conflicts.delete(id); })")).toEqual([]);
    expect(outboxWrites('// db.outbox.add(row) in a comment\n/* db.outbox.clear() */')).toEqual([]);
  });

  it('the record store is where the writes are (the scan is looking at real code)', () => {
    expect(outboxWrites(readFileSync(path.join(RENDERER, 'db/recordStore.ts'), 'utf8')).length).toBeGreaterThanOrEqual(3);
  });

  it('no other module under renderer/ writes the outbox table', () => {
    const files = sourceFiles(RENDERER);
    expect(files.length).toBeGreaterThan(50);
    const offenders = files
      .map((f) => path.relative(RENDERER, f).split(path.sep).join('/'))
      .filter((rel) => !ALLOWED.has(rel))
      .flatMap((rel) => outboxWrites(readFileSync(path.join(RENDERER, rel), 'utf8')).map((w) => `${rel}: ${w}`));
    expect(offenders).toEqual([]);
  });
});
