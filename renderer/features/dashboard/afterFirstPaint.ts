import { useEffect, useState } from 'react';

/**
 * False until just after the first frame painted with `ready`: the dashboard paints its first
 * screenful (figures, averages, heat map) first, and the sections below it (coverage lists, visit
 * mix, follow-ups, publication clocks; each with reads of its own) one frame later, instead of
 * holding the first paint back for all of them at 4,000 institutions.
 */
export function useAfterFirstPaint(ready: boolean): boolean {
  const [after, setAfter] = useState(false);
  useEffect(() => {
    if (!ready || after) return;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const frame = requestAnimationFrame(() => (timer = setTimeout(() => setAfter(true), 0)));
    return () => {
      cancelAnimationFrame(frame);
      clearTimeout(timer);
    };
  }, [ready, after]);
  return after;
}
