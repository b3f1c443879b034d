import { describe, expect, it } from 'vitest';
import type { OutboxRow } from '../../../shared/records';
import {
  UNSENT_CHANGES_FORMAT,
  buildUnsentChangesFile,
  mergeUnsent,
  parseUnsentChangesFile,
  unsentChangesFileName,
  type ExportedOutboxRow,
} from '../../../shared/unsentChanges';

const row = (n: number, over: Partial<OutboxRow> = {}): OutboxRow => ({
  seq: n,
  mutationId: `0190a000-0000-7000-8000-${String(n).padStart(12, '0')}`,
  recordType: 'themeScore',
  recordId: `rec-${n}`,
  baseRev: 0,
  fields: { step: n % 4 },
  createdAt: `2025-03-01T10:0${n}:00.000Z`,
  ...over,
});

const NOW = new Date('2025-03-02T08:00:00.000Z');

describe('the unsent-changes export file', () => {
  it('has the format id, version 1, the time, the client and the rows without their local seq', () => {
    const file = buildUnsentChangesFile('client-a', [row(1), row(2)], NOW);
    expect(file).toMatchObject({ format: UNSENT_CHANGES_FORMAT, version: 1, exportedAt: '2025-03-02T08:00:00.000Z', clientId: 'client-a' });
    expect(file.rows).toHaveLength(2);
    expect(file.rows[0]).not.toHaveProperty('seq');
    expect(unsentChangesFileName(NOW)).toBe('ikke-sendte-aendringer-2025-03-02.tilsyn-aendringer.json');
  });

  it('survives a round trip through JSON text', () => {
    const file = buildUnsentChangesFile('client-a', [row(1), row(2)], NOW);
    expect(parseUnsentChangesFile(JSON.stringify(file))).toEqual({ ok: true, file });
  });

  it.each([
    ['not JSON', 'hej', /ikke gyldig JSON/],
    ['another format', JSON.stringify({ format: 'other', version: 1, exportedAt: NOW.toISOString(), clientId: 'c', rows: [] }), /ikke en eksport/],
    ['a newer version', JSON.stringify({ format: UNSENT_CHANGES_FORMAT, version: 2, exportedAt: NOW.toISOString(), clientId: 'c', rows: [] }), /anden version/],
    [
      'a row with an unknown record type',
      JSON.stringify({ ...buildUnsentChangesFile('c', [], NOW), rows: [{ ...row(1), recordType: 'bogus' }] }),
      /rows\.0\.recordType/,
    ],
    ['a row without mutationId', JSON.stringify({ ...buildUnsentChangesFile('c', [], NOW), rows: [{ ...row(1), mutationId: '' }] }), /mutationId/],
  ])('refuses %s with a Danish message', (_name, text, message) => {
    const r = parseUnsentChangesFile(text);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toMatch(message);
  });
});

describe('mergeUnsent: importing is idempotent by mutationId', () => {
  it('adds the rows not already queued, in file order', () => {
    const file = buildUnsentChangesFile('client-a', [row(1), row(2), row(3)], NOW);
    const toAdd = mergeUnsent(new Set([row(2).mutationId]), file);
    expect(toAdd.map((r) => r.recordId)).toEqual(['rec-1', 'rec-3']);
  });

  it('importing the same file twice adds nothing the second time', () => {
    const file = buildUnsentChangesFile('client-a', [row(1), row(2), row(3)], NOW);
    const outbox = new Map<string, ExportedOutboxRow>();
    const importOnce = () => {
      const add = mergeUnsent(new Set(outbox.keys()), file);
      for (const r of add) outbox.set(r.mutationId, r);
      return add.length;
    };
    expect(importOnce()).toBe(3);
    expect(importOnce()).toBe(0);
    expect(importOnce()).toBe(0);
    expect(outbox.size).toBe(3);
  });

  it('a row repeated inside one file is added once', () => {
    const file = buildUnsentChangesFile('client-a', [row(1), row(1), row(2)], NOW);
    expect(mergeUnsent(new Set(), file).map((r) => r.recordId)).toEqual(['rec-1', 'rec-2']);
  });

  it('an overlapping second export adds only what is new', () => {
    const first = buildUnsentChangesFile('client-a', [row(1), row(2)], NOW);
    const second = buildUnsentChangesFile('client-a', [row(1), row(2), row(3), row(4)], NOW);
    const ids = new Set(mergeUnsent(new Set(), first).map((r) => r.mutationId));
    expect(mergeUnsent(ids, second).map((r) => r.recordId)).toEqual(['rec-3', 'rec-4']);
  });

  it('does not change the set it was given', () => {
    const ids = new Set<string>();
    mergeUnsent(ids, buildUnsentChangesFile('c', [row(1)], NOW));
    expect(ids.size).toBe(0);
  });
});
