import { useState } from 'react';
import { useTranslation } from 'react-i18next';

/** Rows shown before "Vis alle": a municipality of thousands would otherwise build (and read aloud) every row on open. */
export const FIRST_ROWS = 50;

/** The first rows of a long table, and the button that shows the rest (or hides them again). `what`: the rows' noun, translated ("institutioner"). */
export function useFirstRows<T>(rows: readonly T[], what: string, first = FIRST_ROWS): { shown: readonly T[]; toggle: React.ReactNode } {
  const { t } = useTranslation('dashboard');
  const [all, setAll] = useState(false);
  if (rows.length <= first) return { shown: rows, toggle: null };
  return {
    shown: all ? rows : rows.slice(0, first),
    toggle: (
      <button type="button" className="secondary" onClick={() => setAll((v) => !v)}>
        {all ? t('showFirst', { count: first }) : t('showAll', { count: rows.length, what })}
      </button>
    ),
  };
}
