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
    // Own keys only: a field named `toString` is a field, not Object.prototype's method.
    const serverValue = Object.hasOwn(input.current, field) ? input.current[field] : undefined;
    if (jsonEqual(serverValue, value)) {
      out.unchanged.push(field);
      continue;
    }
    const last = Object.hasOwn(input.fieldRevs, field) ? input.fieldRevs[field] : undefined;
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

/**
 * The fields of a mutation that change the record, as the judge should see them: a field equal to
 * the server's value is no change, and neither is a schema default for a field the record lacks or
 * sent by a device creating a record the server already has (baseRev 0: an untyped default).
 */
export function changedFields(
  fields: Readonly<Record<string, unknown>>,
  current: Readonly<Record<string, unknown>>,
  baseRev: number,
  isDefault: (field: string, value: unknown) => boolean,
): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(fields).filter(([f, v]) => {
      const had = Object.hasOwn(current, f) ? current[f] : undefined;
      if (jsonEqual(v, had)) return false;
      return !((had === undefined || baseRev === 0) && isDefault(f, v));
    }),
  );
}
