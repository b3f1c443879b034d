import type { Change, PullResponse } from '../../shared/sync/wire';
import { fromJsonObject } from '../db/json';

/**
 * A pulled record's data goes out as the JSON text the database holds, not parsed and written again
 * (for a first pull of 400,000 records that was most of the server's work after zod's, which the
 * sync routes skip, see routes/sync.ts). `data` is still there for callers in the server (tests,
 * other code): parsed when first read.
 *
 * One class, so every change of a pull has the same shape: defining `data` as an accessor on each
 * object (as before) made each one a dictionary of its own, ~6 µs per change, most of building a
 * day's pull answer (docs/server.md, "Measured: push cost"). `data` is an accessor of the class, so
 * it is not an own key: JSON.stringify sees it through toJSON, a spread copy does not have it.
 */
class StoredChange {
  readonly seq: number;
  readonly recordType: Change['recordType'];
  readonly recordId: string;
  readonly institutionId: string;
  readonly rev: number;
  readonly deleted: boolean;
  /** The stored JSON object text, until `data` is replaced. */
  text: string | undefined;
  #parsed: Record<string, unknown> | undefined;

  constructor(base: Omit<Change, 'data'>, text: string) {
    this.seq = base.seq;
    this.recordType = base.recordType;
    this.recordId = base.recordId;
    this.institutionId = base.institutionId;
    this.rev = base.rev;
    this.deleted = base.deleted;
    this.text = text;
  }

  get data(): Record<string, unknown> {
    return (this.#parsed ??= fromJsonObject(this.text!));
  }

  set data(value: Record<string, unknown>) {
    this.text = undefined;
    this.#parsed = value;
  }

  /** What JSON.stringify writes: the change with its data, keys in the wire's order. */
  toJSON(): Change {
    return { seq: this.seq, recordType: this.recordType, recordId: this.recordId, institutionId: this.institutionId, rev: this.rev, deleted: this.deleted, data: this.data };
  }
}

/**
 * A change whose `data` is the stored JSON object text `text` (stored by toJson, so it is one).
 * `base` has no `withdrawn` (a withdrawn change carries no data).
 */
export function changeWithStoredData(base: Omit<Change, 'data' | 'withdrawn'>, text: string): Change {
  if (text.charCodeAt(0) !== 0x7b /* { */) return { ...base, data: fromJsonObject(text) };
  return new StoredChange(base, text);
}

const str = JSON.stringify;

/** The pull answer as JSON, the same as JSON.stringify(response) would write, with the stored data texts spliced in. */
export function pullResponseJson(response: PullResponse): string {
  let out = '{"changes":[';
  const changes = response.changes;
  for (let i = 0; i < changes.length; i++) {
    const c = changes[i]!;
    if (i > 0) out += ',';
    if (c instanceof StoredChange && c.text !== undefined) {
      out += `{"seq":${str(c.seq)},"recordType":${str(c.recordType)},"recordId":${str(c.recordId)},"institutionId":${str(c.institutionId)},"rev":${str(c.rev)},"deleted":${str(c.deleted)},"data":${c.text}}`;
    } else {
      out += str(c);
    }
  }
  const { changes: _changes, ...rest } = response;
  const tail = str(rest);
  return `${out}]${tail === '{}' ? '}' : `,${tail.slice(1)}`}`;
}
