import { useState } from 'react';

// A display preference of this computer, not inspection data: kept in localStorage, not synced.
const KEY = 'tilsyn.scoring.compact';

export function useCompactMode(): [boolean, (on: boolean) => void] {
  const [compact, setCompact] = useState(() => {
    try {
      return localStorage.getItem(KEY) === '1';
    } catch {
      return false;
    }
  });
  return [
    compact,
    (on) => {
      setCompact(on);
      try {
        localStorage.setItem(KEY, on ? '1' : '0');
      } catch {
        /* private mode: the choice lasts this visit */
      }
    },
  ];
}
