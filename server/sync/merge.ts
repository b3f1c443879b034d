import { jsonEqual } from '../../shared/sync/jsonEqual';
import type { FieldRevs } from './records';

export interface MergeInput {
  /** The server's record data now. */
  current: Record<string, unknown>;
  fieldRevs: FieldRevs;
  /** The revision the client's change was made on. */
  baseRev: number;
  clientId: string;
  /** The client's changed fields (bookkeeping fields removed). */
  fields: Record<string, unknown>;
  /**
   * For a client that created a record the server already has (baseRev 0, same id made on two
   * devices): true for a value the client did not type (the schema's default), which then never
   * conflicts with what the other device typed.
   */
  isUntypedDefault?: (field: string, value: unknown) => boolean;
}

export interface FieldConflict {
  field: string;
  serverValue: unknown;
  clientValue: unknown;
}

export interface MergeOutput {
  /** Fields to write. */
  apply: Record<string, unknown>;
  /** Fields both sides changed to different values: the server keeps its value. */
  conflicts: FieldConflict[];
  /** Fields that already had the client's value, or untyped defaults that lost to a typed value. */
  unchanged: string[];
}

/**
 * Field-by-field merge of one mutation into the server's record.
 *
 * A field conflicts when the server changed it after `baseRev` (by another client: a client's own
 * earlier, already applied changes are part of what it knows) and the client's value differs from
 * the server's. Everything else applies. Pure, so the rule is tested on its own.
 */
export function mergeFields(input: MergeInput): MergeOutput {
  const out: MergeOutput = { apply: {}, conflicts: [], unchanged: [] };
  for (const [field, value] of Object.entries(input.fields)) {
    const serverValue = input.current[field];
    if (jsonEqual(serverValue, value)) {
      out.unchanged.push(field);
      continue;
    }
    const last = input.fieldRevs[field];
    const changedByOther = last !== undefined && last[0] > input.baseRev && last[1] !== input.clientId;
    if (!changedByOther) {
      out.apply[field] = value;
    } else if (input.baseRev === 0 && input.isUntypedDefault?.(field, value)) {
      out.unchanged.push(field);
    } else {
      out.conflicts.push({ field, serverValue, clientValue: value });
    }
  }
  return out;
}
