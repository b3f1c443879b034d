/** Keys of rows in the `meta` table that more than one module reads. */

/** The sync state (cursor, epoch, the scope of the latest complete pull): written by renderer/sync/dexieSyncStorage.ts. */
export const SYNC_META_KEY = 'syncMeta';

/** Who is logged in and where the server is (renderer/sync/session.ts); read with the sync state by every save. */
export const SESSION_META_KEY = 'session';
