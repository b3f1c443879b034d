import { uuidv7 } from '../../shared/ids';
import type { TilsynDatabase } from './database';

const KEY = 'clientId';

/** One id per installation, made once: the server uses it with each mutationId to recognise repeats. */
export async function getClientId(db: TilsynDatabase): Promise<string> {
  return db.transaction('rw', db.meta, async () => {
    const existing = (await db.meta.get(KEY))?.value;
    if (typeof existing === 'string') return existing;
    const id = `client-${uuidv7()}`;
    await db.meta.put({ key: KEY, value: id });
    return id;
  });
}
