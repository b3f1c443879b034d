import type { ReactNode } from 'react';

/**
 * A horizontally scrollable wrapper for a wide table. It can take focus, so keyboard users can scroll
 * it with the arrow keys (WCAG 2.1.1; axe "scrollable-region-focusable").
 */
export function ScrollBox({ label, className = 'table-scroll', children }: { label: string; className?: string; children: ReactNode }) {
  return (
    <div className={className} tabIndex={0} role="region" aria-label={label}>
      {children}
    </div>
  );
}
