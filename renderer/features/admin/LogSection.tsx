import { useCallback, useEffect, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { auditLabel, AUDIT_ACTIONS, AuditPageSchema, type AuditAction, type AuditEntry } from '../../../shared/audit';
import { formatDateTime } from '../../../shared/dates';
import { notify } from '../../state/notices';
import type { ServerClient } from '../../sync/serverClient';
import { downloadBlob } from '../dashboard/download';
import { AdminList } from './AdminList';

/*
 * The audit trail (Administration › Log): the server's security events newest first, 100 at a time
 * ("Vis flere" asks for the ones before the last shown), filtered by event, and the whole log as CSV
 * (GET /api/admin/audit.csv) for the municipality's own records.
 */

const PAGE_SIZE = 100;

const COLUMNS = ['at', 'user', 'event', 'target', 'address'] as const;

const when = (iso: string) => formatDateTime(iso, { dateStyle: 'medium', timeStyle: 'medium' });

/** What the row is about, in words where the server recorded a name (a username, an institution). */
function targetText(e: AuditEntry): string {
  const named = e.details['username'] ?? e.details['name'];
  if (typeof named === 'string' && named !== '') return e.target && e.action !== 'login.failed' ? `${named} (${e.target})` : named;
  return e.target ?? '–';
}

export function LogSection({ client }: { client: ServerClient }) {
  const { t } = useTranslation('admin');
  const p = useId();
  const [action, setAction] = useState<AuditAction | ''>('');
  const [entries, setEntries] = useState<AuditEntry[] | null>(null);
  const [next, setNext] = useState<string | null>(null);
  const [error, setError] = useState<Error | null>(null);
  const [loadingMore, setLoadingMore] = useState(false);
  const [downloading, setDownloading] = useState(false);

  const pagePath = useCallback(
    (before: string | null) => {
      const q = new URLSearchParams({ limit: String(PAGE_SIZE) });
      if (action) q.set('action', action);
      if (before) q.set('before', before);
      return `/api/admin/audit?${q.toString()}`;
    },
    [action],
  );

  useEffect(() => {
    // The list shown stays until the filtered one arrives, so the filter keeps its focus.
    let live = true;
    client.get(pagePath(null), AuditPageSchema).then(
      (page) => {
        if (!live) return;
        setEntries(page.entries);
        setNext(page.next);
        setError(null);
      },
      (e: unknown) => live && setError(e instanceof Error ? e : new Error(String(e))),
    );
    return () => {
      live = false;
    };
  }, [client, pagePath]);

  const more = async () => {
    if (!next) return;
    setLoadingMore(true);
    try {
      const page = await client.get(pagePath(next), AuditPageSchema);
      setEntries((list) => [...(list ?? []), ...page.entries]);
      setNext(page.next);
    } catch (e) {
      notify(e instanceof Error ? e.message : String(e));
    } finally {
      setLoadingMore(false);
    }
  };

  const downloadCsv = async () => {
    setDownloading(true);
    try {
      const csv = await client.getText('/api/admin/audit.csv');
      // fetch drops the byte-order mark when it decodes; Excel needs it to read æøå.
      downloadBlob(csv.startsWith('\uFEFF') ? csv : `\uFEFF${csv}`, `tilsyn-log-${new Date().toISOString().slice(0, 10)}.csv`, 'text/csv;charset=utf-8');
    } catch (e) {
      notify(e instanceof Error ? e.message : String(e));
    } finally {
      setDownloading(false);
    }
  };

  const rows = entries ?? [];
  return (
    <AdminList
      id="admin-log"
      title={t('log.title')}
      loading={entries ? null : t('log.loading')}
      error={error}
      intro={
        <p className="hint">
          {t('log.intro')}
        </p>
      }
      form={
        <div className="filters" role="search" aria-label={t('log.filter')}>
          <div className="field">
            <label htmlFor={`${p}-action`}>{t('log.event')}</label>
            <select id={`${p}-action`} value={action} onChange={(e) => setAction(e.target.value as AuditAction | '')}>
              <option value="">{t('log.allEvents')}</option>
              {AUDIT_ACTIONS.map((a) => (
                <option key={a} value={a}>
                  {auditLabel(a)}
                </option>
              ))}
            </select>
          </div>
          <button type="button" className="secondary" disabled={downloading} onClick={() => void downloadCsv()}>
            {downloading ? t('log.downloadingCsv') : t('log.downloadCsv')}
          </button>
          <p className="result-count" aria-live="polite">
            {next ? t('log.shownMore', { count: rows.length }) : t('log.shown', { count: rows.length })}
          </p>
        </div>
      }
      table={{
        testId: 'admin-log',
        caption: t('log.caption'),
        columns: COLUMNS.map((c) => ({ label: t(`log.columns.${c}`) })),
        rows: rows.map((e) => (
          <tr key={e.id}>
            <th scope="row">
              <time dateTime={e.at}>{when(e.at)}</time>
            </th>
            <td>{e.actorUsername ?? <span className="muted">{t('log.notLoggedIn')}</span>}</td>
            <td>{auditLabel(e.action)}</td>
            <td>{targetText(e)}</td>
            <td className="mono">{e.ip ?? '–'}</td>
          </tr>
        )),
      }}
      empty={rows.length === 0 ? <p className="muted">{action ? t('log.noneOfType', { type: auditLabel(action) }) : t('log.empty')}</p> : undefined}
      after={
        next && (
          <div className="button-row">
            <button type="button" className="secondary" disabled={loadingMore} onClick={() => void more()}>
              {loadingMore ? t('log.loadingMore') : t('log.more')}
            </button>
          </div>
        )
      }
    />
  );
}
