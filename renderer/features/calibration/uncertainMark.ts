import type { CachedUncertainThemes } from '../../sync/uncertainThemes';

/** What the goals dashboard marks: the themes the server flagged, from the copy of this session's server. */
export interface UncertainMarks {
  themeIds: ReadonlySet<string>;
  windowMonths: number;
  fetchedAt: string;
}

/**
 * The server's flagged themes, or null when there is nothing to mark: no copy, a copy from another
 * server than the one logged in to (a device moved between municipalities), or no flagged theme.
 */
export function uncertainMarks(cached: CachedUncertainThemes | null, serverUrl: string | null): UncertainMarks | null {
  if (!cached || !serverUrl || cached.serverUrl !== serverUrl || cached.uncertain.themeIds.length === 0) return null;
  return { themeIds: new Set(cached.uncertain.themeIds), windowMonths: cached.uncertain.windowMonths, fetchedAt: cached.fetchedAt };
}
