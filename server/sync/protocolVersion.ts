import { PROTOCOL_VERSION } from '../../shared/sync/wire';
import { HttpError } from '../errors';

/** The major versions of the wire format this server speaks (docs/sync-protocol.md §0). */
const SUPPORTED_PROTOCOL_VERSIONS: readonly number[] = [PROTOCOL_VERSION];

/**
 * Refuse a request in a version this server does not speak, before anything else of it is read
 * (a newer format may not parse as this one). Absent = version 1, so installed apps keep syncing.
 * A value that is not a whole number ≥ 1 is left to the schema (400 `ugyldig`).
 */
export function checkProtocolVersion(raw: unknown, supported: readonly number[] = SUPPORTED_PROTOCOL_VERSIONS): void {
  const n = raw === undefined ? 1 : typeof raw === 'string' && /^\d+$/.test(raw) ? Number(raw) : raw;
  if (typeof n !== 'number' || !Number.isInteger(n) || n < 1 || supported.includes(n)) return;
  const newest = Math.max(...supported);
  if (n > newest)
    throw new HttpError(400, `Appen bruger en nyere version af synkroniseringen (${n}) end serveren (${newest}). Serveren skal opdateres; kontakt forvaltningen.`, { code: 'opdater_serveren' });
  throw new HttpError(400, `Serveren bruger en nyere version af synkroniseringen (${newest}). Opdater appen.`, { code: 'opdater_appen' });
}

/** The version field of a push body or pull query, read before the schema. */
function rawVersion(input: unknown, key: 'protocolVersion' | 'v'): unknown {
  return input !== null && typeof input === 'object' && Object.hasOwn(input, key) ? (input as Record<string, unknown>)[key] : undefined;
}

/** Fastify preValidation hooks for the sync routes: the version is judged before the schema. */
export async function pushVersionFirst(request: { body: unknown }): Promise<void> {
  checkProtocolVersion(rawVersion(request.body, 'protocolVersion'));
}

export async function pullVersionFirst(request: { query: unknown }): Promise<void> {
  checkProtocolVersion(rawVersion(request.query, 'v'));
}
