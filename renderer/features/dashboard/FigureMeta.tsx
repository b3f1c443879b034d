import { formatDanishDate, todayIso } from '../../../shared/dates';

/** The local calendar date of an ISO timestamp, in Danish ("26. november 2025"). */
export function formatUpdated(updatedAt: string | null): string {
  if (!updatedAt) return 'ingen data';
  const t = new Date(updatedAt);
  return Number.isNaN(t.getTime()) ? updatedAt : formatDanishDate(todayIso(t));
}

/** Every figure says when its data was last changed and how many it is based on. */
export function FigureMeta({ updatedAt, n, extra }: { updatedAt: string | null; n: string; extra?: string }) {
  return (
    <p className="dash-meta">
      Opdateret {formatUpdated(updatedAt)} · n = {n}
      {extra ? ` · ${extra}` : ''}
    </p>
  );
}
