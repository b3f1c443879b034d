import { useWindowVirtualizer } from '@tanstack/react-virtual';
import { useLayoutEffect, useRef, useState } from 'react';
import { formatShownDate } from '../../../shared/dates';
import { ScrollBox } from '../dashboard/ScrollBox';
import { useTranslation } from 'react-i18next';
import { INSTITUTION_TYPE_LABELS, OWNERSHIP_LABELS } from '../../../shared/institution';
import { href } from '../../state/router';
import type { InstitutionRow } from '../../db/institutionRepository';
import './institutions.css';

/** Up to this many rows are all rendered (the browser's find and a screen reader's table reading work on all of them). */
export const RENDER_ALL_UP_TO = 200;
const ROW_HEIGHT = 41;
/** Rows rendered above and below the window: Tab and the arrow keys always find the next row in the page. */
const OVERSCAN = 12;

function Row({ r, index, measure }: { r: InstitutionRow; index: number; measure?: (el: HTMLTableRowElement | null) => void }) {
  const { t } = useTranslation('institutions');
  return (
    <tr ref={measure} data-index={index} aria-rowindex={index + 2}>
      <td>
        <a href={href({ name: 'institution', id: r.id })}>{r.name}</a>
      </td>
      <td>{INSTITUTION_TYPE_LABELS[r.type]}</td>
      <td>{OWNERSHIP_LABELS[r.ownership]}</td>
      <td>{r.district ?? '–'}</td>
      <td>{r.coverage.lastInspectionDate ? formatShownDate(r.coverage.lastInspectionDate) : t('table.never')}</td>
      <td>{r.coverage.due ? <span className="badge badge-due">{t('coverage.due')}</span> : <span className="badge badge-ok">{t('coverage.ok')}</span>}</td>
    </tr>
  );
}

/**
 * The institution table. Long lists are virtualised against the window's scroll: only the rows near
 * the window are in the page, with spacer rows keeping the scroll height, and aria-rowcount /
 * aria-rowindex telling a screen reader where it is in the whole list. The arrow keys move between
 * the institution links and bring rows into the page as they go.
 */
export function InstitutionTable({ rows }: { rows: readonly InstitutionRow[] }) {
  const { t } = useTranslation('institutions');
  const virtual = rows.length > RENDER_ALL_UP_TO;
  const tbody = useRef<HTMLTableSectionElement>(null);
  const [scrollMargin, setScrollMargin] = useState(0);
  useLayoutEffect(() => {
    if (virtual && tbody.current) setScrollMargin(tbody.current.getBoundingClientRect().top + window.scrollY);
  }, [virtual]);
  const virtualizer = useWindowVirtualizer({
    count: virtual ? rows.length : 0,
    estimateSize: () => ROW_HEIGHT,
    overscan: OVERSCAN,
    scrollMargin,
  });
  const [focusIndex, setFocusIndex] = useState<number | null>(null);

  // After the arrow keys moved past the rendered rows: focus the row once it is in the page.
  useLayoutEffect(() => {
    if (focusIndex === null) return;
    const link = tbody.current?.querySelector<HTMLAnchorElement>(`tr[data-index="${focusIndex}"] a`);
    if (link) {
      link.focus();
      setFocusIndex(null);
    }
  });

  const onKeyDown = (e: React.KeyboardEvent) => {
    if (!(e.target instanceof HTMLAnchorElement)) return;
    const current = Number(e.target.closest('tr')?.dataset.index);
    if (Number.isNaN(current)) return;
    const next = e.key === 'ArrowDown' ? current + 1 : e.key === 'ArrowUp' ? current - 1 : e.key === 'Home' && e.ctrlKey ? 0 : e.key === 'End' && e.ctrlKey ? rows.length - 1 : null;
    if (next === null || next < 0 || next >= rows.length) return;
    e.preventDefault();
    if (virtual) virtualizer.scrollToIndex(next, { align: 'auto' });
    setFocusIndex(next);
  };

  const items = virtual ? virtualizer.getVirtualItems() : [];
  const before = items.length ? items[0]!.start - scrollMargin : 0;
  const after = items.length ? virtualizer.getTotalSize() - (items.at(-1)!.end - scrollMargin) : 0;

  return (
    // A wide table scrolls in its own box at 320 px (WCAG 1.4.10), not the page.
    <ScrollBox label={t('table.region')}>
      <table className={`data-table institution-table${virtual ? ' virtual' : ''}`} aria-rowcount={rows.length + 1} onKeyDown={onKeyDown}>
        <thead>
          <tr aria-rowindex={1}>
            <th scope="col">{t('table.institution')}</th>
            <th scope="col">{t('fields.type')}</th>
            <th scope="col">{t('fields.ownership')}</th>
            <th scope="col">{t('fields.district')}</th>
            <th scope="col">{t('table.lastInspection')}</th>
            <th scope="col">{t('table.inspection')}</th>
          </tr>
        </thead>
        <tbody ref={tbody}>
          {virtual ? (
            <>
              {before > 0 && (
                <tr aria-hidden="true" className="spacer">
                  <td colSpan={6} style={{ height: before }} />
                </tr>
              )}
              {items.map((v) => (
                <Row key={rows[v.index]!.id} r={rows[v.index]!} index={v.index} measure={virtualizer.measureElement} />
              ))}
              {after > 0 && (
                <tr aria-hidden="true" className="spacer">
                  <td colSpan={6} style={{ height: after }} />
                </tr>
              )}
            </>
          ) : (
            rows.map((r, k) => <Row key={r.id} r={r} index={k} />)
          )}
        </tbody>
      </table>
    </ScrollBox>
  );
}
