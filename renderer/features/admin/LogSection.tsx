import { useCallback, useEffect, useId, useState } from 'react';
import { AUDIT_ACTIONS, AUDIT_LABELS, AuditPageSchema, type AuditAction, type AuditEntry } from '../../../shared/audit';
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

const COLUMNS = [{ label: 'Tidspunkt' }, { label: 'Bruger' }, { label: 'Hændelse' }, { label: 'Gælder' }, { label: 'Adresse' }] as const;

const when = (iso: string) => new Date(iso).toLocaleString('da-DK', { dateStyle: 'medium', timeStyle: 'medium' });

/** What the row is about, in words where the server recorded a name (a username, an institution). */
function targetText(e: AuditEntry): string {
  const named = e.details['username'] ?? e.details['name'];
  if (typeof named === 'string' && named !== '') return e.target && e.action !== 'login.failed' ? `${named} (${e.target})` : named;
  return e.target ?? '–';
}

export function LogSection({ client }: { client: ServerClient }) {
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
      title="Log"
      loading={entries ? null : 'Henter loggen…'}
      error={error}
      intro={
        <p className="hint">
          Serveren skriver hver sikkerhedshændelse i loggen: login, log ud, skift af adgangskode, ændringer af brugere, institutioner og rammeversioner, API-tokens og
          fjernede personoplysninger. Den nyeste står øverst.
        </p>
      }
      form={
        <div className="filters" role="search" aria-label="Filtrér loggen">
          <div className="field">
            <label htmlFor={`${p}-action`}>Hændelse</label>
            <select id={`${p}-action`} value={action} onChange={(e) => setAction(e.target.value as AuditAction | '')}>
              <option value="">Alle hændelser</option>
              {AUDIT_ACTIONS.map((a) => (
                <option key={a} value={a}>
                  {AUDIT_LABELS[a]}
                </option>
              ))}
            </select>
          </div>
          <button type="button" className="secondary" disabled={downloading} onClick={() => void downloadCsv()}>
            {downloading ? 'Henter CSV…' : 'Hent CSV'}
          </button>
          <p className="result-count" aria-live="polite">
            {rows.length} {rows.length === 1 ? 'hændelse' : 'hændelser'} vist{next ? ' (der er flere)' : ''}
          </p>
        </div>
      }
      table={{
        testId: 'admin-log',
        caption: 'Log over hændelser, nyeste først',
        columns: COLUMNS,
        rows: rows.map((e) => (
          <tr key={e.id}>
            <th scope="row">
              <time dateTime={e.at}>{when(e.at)}</time>
            </th>
            <td>{e.actorUsername ?? <span className="muted">Ikke logget ind</span>}</td>
            <td>{AUDIT_LABELS[e.action]}</td>
            <td>{targetText(e)}</td>
            <td className="mono">{e.ip ?? '–'}</td>
          </tr>
        )),
      }}
      empty={rows.length === 0 ? <p className="muted">{action ? `Ingen hændelser af typen "${AUDIT_LABELS[action]}".` : 'Loggen er tom.'}</p> : undefined}
      after={
        next && (
          <div className="button-row">
            <button type="button" className="secondary" disabled={loadingMore} onClick={() => void more()}>
              {loadingMore ? 'Henter…' : 'Vis flere'}
            </button>
          </div>
        )
      }
    />
  );
}
