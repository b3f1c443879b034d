/** Keys of rows in the `meta` table that more than one module reads. */

/** The sync state (cursor, epoch, the scope of the latest complete pull): written by renderer/sync/dexieSyncStorage.ts. */
export const SYNC_META_KEY = 'syncMeta';
