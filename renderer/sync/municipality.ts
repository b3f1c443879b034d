import { MunicipalityInfoSchema, type MunicipalityInfo } from '../../shared/publishedReport';
import type { TilsynDatabase } from '../db/database';
import type { ServerClient } from './serverClient';

/**
 * The municipality's name and logo (configured on the server, GET /api/municipality), kept in the
 * meta table after each sync so the report shows them offline too, with the server it came from
 * (the public page's address is on that server).
 */
const KEY = 'municipality';

export interface CachedMunicipality extends MunicipalityInfo {
  serverUrl: string;
}

export async function refreshMunicipality(db: TilsynDatabase, client: ServerClient): Promise<void> {
  const info = await client.get('/api/municipality', MunicipalityInfoSchema);
  await db.meta.put({ key: KEY, value: { ...info, serverUrl: client.baseUrl } satisfies CachedMunicipality });
}

export async function getMunicipality(db: TilsynDatabase): Promise<CachedMunicipality | null> {
  const value = (await db.meta.get(KEY))?.value as CachedMunicipality | undefined;
  const parsed = MunicipalityInfoSchema.safeParse(value);
  return parsed.success && typeof value?.serverUrl === 'string' ? { ...parsed.data, serverUrl: value.serverUrl } : null;
}
