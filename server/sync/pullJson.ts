import type { Change, PullResponse } from '../../shared/sync/wire';
import { fromJsonObject } from '../db/json';

/**
 * A pulled record's data goes out as the JSON text the database holds, not parsed and written again
 * (for a first pull of 400,000 records that was most of the server's work after zod's, which the
 * sync routes skip, see routes/sync.ts). `data` is still there for callers in the server (tests,
 * other code): parsed when first read.
 */
const rawData = new WeakMap<Change, string>();

/** A change whose `data` is the stored JSON object text `text` (stored by toJson, so it is one). */
export function changeWithStoredData(base: Omit<Change, 'data'>, text: string): Change {
  if (text.charCodeAt(0) !== 0x7b /* { */) return { ...base, data: fromJsonObject(text) };
  let parsed: Record<string, unknown> | undefined;
  const change = { ...base } as Change;
  Object.defineProperty(change, 'data', {
    enumerable: true,
    configurable: true,
    get: () => (parsed ??= fromJsonObject(text)),
    set: (value: Record<string, unknown>) => {
      rawData.delete(change);
      parsed = value;
    },
  });
  rawData.set(change, text);
  return change;
}

const str = JSON.stringify;

/** The pull answer as JSON, the same as JSON.stringify(response) would write, with the stored data texts spliced in. */
export function pullResponseJson(response: PullResponse): string {
  const changes = response.changes.map((c) => {
    const raw = rawData.get(c);
    if (raw === undefined) return str(c);
    const withdrawn = c.withdrawn === undefined ? '' : `,"withdrawn":${str(c.withdrawn)}`;
    return `{"seq":${str(c.seq)},"recordType":${str(c.recordType)},"recordId":${str(c.recordId)},"institutionId":${str(c.institutionId)},"rev":${str(c.rev)},"deleted":${str(c.deleted)},"data":${raw}${withdrawn}}`;
  });
  const { changes: _changes, ...rest } = response;
  const tail = str(rest);
  return `{"changes":[${changes.join(',')}]${tail === '{}' ? '}' : `,${tail.slice(1)}`}`;
}
