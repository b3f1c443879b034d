import { useLiveQuery } from 'dexie-react-hooks';
import { useEffect, useState } from 'react';
import { Trans, useTranslation } from 'react-i18next';
import { formatDateTime } from '../../../shared/dates';
import { shownMessage, translate } from '../../../shared/i18n/i18n';
import { CURRENT_FRAMEWORK } from '../../../shared/frameworks/v1';
import type { Conflict } from '../../../shared/sync/wire';
import { useDatabase } from '../../state/context';
import { exportUnsentToFile, importUnsentFromFile } from '../../state/fileActions';
import { notify, words } from '../../state/notices';
import { getClientId } from '../../db/clientId';
import { canKeepBoth, fieldLabel, recordLabel, formatValue, resolveConflict, sides, type Resolution } from '../../sync/conflicts';
import { describeChanges, type ChangeDescription } from '../../sync/changeContext';
import { getPlatform } from '../../platform/bridge';
import { getSession, logout, UnsentChangesError } from '../../sync/session';
import { getSyncEngine, pullProgressText, useSyncState } from '../../sync/syncEngine';
import { AccountSection } from './AccountSection';
import { LoginAgain } from './LoginAgain';
import { LoginForm } from './LoginForm';
import { ScrollBox } from '../dashboard/ScrollBox';

/** "Agerhønen, tilsyn 12.01.2026": where a change belongs. */
const where = (d: ChangeDescription) => [d.institution, d.institution && d.inspection ? d.inspection.toLowerCase() : d.inspection].filter(Boolean).join(', ') || '–';

const time = (iso: string | null | undefined) => formatDateTime(iso, { dateStyle: 'medium', timeStyle: 'short' }, translate('sync:never'));

export function SyncPage() {
  const { t } = useTranslation('sync');
  const db = useDatabase();
  const engine = getSyncEngine(db);
  const state = useSyncState(engine);
  const [logoutError, setLogoutError] = useState<string | null>(null);
  const data = useLiveQuery(async () => {
    const [session, outbox, conflicts, rejections, institutions, newer] = await Promise.all([
      getSession(db),
      db.outbox.orderBy('seq').toArray(),
      db.conflicts.toArray(),
      db.rejections.orderBy('at').reverse().toArray(),
      db.institutions.toArray(),
      db.unknownRecords.count(),
    ]);
    const shown = outbox.slice(0, 200);
    const [pending, refused] = await Promise.all([describeChanges(db, shown), describeChanges(db, rejections)]);
    return { session, outbox, shown, pending, refused, conflicts, rejections, newer, names: new Map(institutions.map((i) => [i.id, i.name])) };
  }, [db]);
  // Made once per installation (a write), so it is read outside the live query.
  const [clientId, setClientId] = useState<string | null>(null);
  useEffect(() => {
    void getClientId(db).then(setClientId);
  }, [db]);
  if (!data || !clientId) return <p>{t('loading')}</p>;
  const { session, outbox, shown, pending, refused, conflicts, rejections, newer, names } = data;

  const doLogout = async () => {
    setLogoutError(null);
    try {
      await logout(db);
      engine.stop();
      notify(words('sync:loggedOut'));
      // In a browser, end the provider's session too (the server sends the browser to its end-session page).
      if (session?.provider && getPlatform().kind === 'browser') window.location.assign(`${session.serverUrl}/api/auth/oidc/end-session`);
    } catch (e) {
      setLogoutError(e instanceof UnsentChangesError ? e.message : t('logoutFailed'));
    }
  };

  return (
    <section className="sync-page">
      <h1>{t('title')}</h1>
      {newer > 0 && (
        <p className="notice" role="status">
          {t('newerRecords', { count: newer })}
        </p>
      )}
      {!session ? (
        <>
          <p>
            {t('localOnly')} {outbox.length > 0 && <strong>{t('waiting', { count: outbox.length })}</strong>}
          </p>
          <LoginForm
            onLoggedIn={() => {
              engine.start();
              void engine.syncNow();
            }}
          />
        </>
      ) : (
        <>
          <div className="sync-status card">
            <p>
              <Trans
                t={t}
                i18nKey="loggedInAs"
                values={{ name: session.user.displayName, role: t(`role.${session.user.role}`), url: session.serverUrl }}
                components={{ strong: <strong />, url: <span className="mono" /> }}
              />
            </p>
            <p data-testid="sync-status" data-last-success={state.lastSuccessAt ?? ""} data-state={state.status}>
              {t('state.lastSuccess', {
                state: state.status === 'syncing' ? (state.progress?.received ? pullProgressText(state.progress) : t('state.syncing')) : state.status === 'error' ? t('state.failed') : t('state.on'),
                time: time(state.lastSuccessAt),
              })}
            </p>
            {session.provider && (session.needsLogin || state.error?.kind === 'auth') ? (
              <LoginAgain
                session={session}
                message={session.needsLogin ?? (state.error ? shownMessage(state.error) : '')}
                pending={outbox.length}
                onLoggedIn={() => void engine.syncNow()}
              />
            ) : state.error && (
              <p className={state.error.retryable ? 'notice' : 'field-error'} role="alert">
                {shownMessage(state.error)} {state.error.retryable ? t('retrying') : t('mustAct')}
              </p>
            )}
            <div className="button-row">
              <button type="button" className="primary" onClick={() => void engine.syncNow()} disabled={state.status === 'syncing'}>
                {t('syncNow')}
              </button>
              <button type="button" className="secondary" onClick={() => void doLogout()} aria-describedby={logoutError ? 'logout-error' : undefined}>
                {t('logout')}
              </button>
            </div>
            {logoutError && (
              <p className="field-error" role="alert" id="logout-error">
                {logoutError}
              </p>
            )}
          </div>
          <AccountSection session={session} />
        </>
      )}

      <h2>
        {t('conflicts.title')} <span className="count">({conflicts.length})</span>
      </h2>
      {conflicts.length === 0 ? (
        <p className="muted">{t('conflicts.none')}</p>
      ) : (
        <>
          <p>{t('conflicts.intro')}</p>
          <ul className="conflict-list">
            {conflicts.map((c) => (
              <ConflictItem key={c.id} conflict={c} clientId={clientId} institutionName={names.get(c.institutionId) ?? c.institutionId} />
            ))}
          </ul>
        </>
      )}

      <h2>
        {t('pending.title')} <span className="count">({outbox.length})</span>
      </h2>
      {outbox.length === 0 ? (
        <p className="muted">{t('pending.none')}</p>
      ) : (
        <ScrollBox label={t('pending.table')}>
          <table className="data-table compact" data-testid="pending-changes">
            <thead>
              <tr>
                <th scope="col">{t('pending.changed')}</th>
                <th scope="col">{t('pending.where')}</th>
                <th scope="col">{t('pending.what')}</th>
                <th scope="col">{t('pending.fields')}</th>
              </tr>
            </thead>
            <tbody>
              {shown.map((r, i) => (
                <tr key={r.mutationId}>
                  <td>{time(r.createdAt)}</td>
                  <td>{where(pending[i]!)}</td>
                  <td>{pending[i]!.what}</td>
                  <td>{pending[i]!.fields.join(', ') || '–'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollBox>
      )}
      <div className="button-row">
        <button type="button" className="secondary" onClick={() => void exportUnsentToFile(db)}>
          {t('pending.export')}
        </button>
        <button type="button" className="secondary" onClick={() => void importUnsentFromFile(db)}>
          {t('pending.import')}
        </button>
      </div>

      <h2>
        {t('refused.title')} <span className="count">({rejections.length})</span>
      </h2>
      {rejections.length === 0 ? (
        <p className="muted">{t('refused.none')}</p>
      ) : (
        <ul className="rejection-list">
          {rejections.map((r, i) => (
            <li key={r.mutationId} className="card" data-testid="rejection">
              <p>
                <strong>{refused[i]!.what}</strong>
                {where(refused[i]!) !== '–' && <> · {where(refused[i]!)}</>} · {time(r.at)} · {r.reason}
              </p>
              <p className="muted">
                {t('refused.youWrote')}{' '}
                {Object.entries(r.fields)
                  .filter(([k]) => k !== 'deleted' && fieldLabel(k) !== undefined)
                  .map(([k, v]) => `${fieldLabel(k)}: ${formatValue(v, k)}`)
                  .join(' · ') || '–'}
              </p>
              <button type="button" className="link" onClick={() => void db.rejections.delete(r.mutationId)}>
                {t('refused.seen')}
              </button>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

function ConflictItem({ conflict, clientId, institutionName }: { conflict: Conflict; clientId: string; institutionName: string }) {
  const { t } = useTranslation('sync');
  const db = useDatabase();
  const { mine, theirs, theirName } = sides(conflict, clientId);
  const [error, setError] = useState<string | null>(null);
  const choose = async (choice: Resolution) => {
    try {
      await resolveConflict(db, conflict, clientId, choice);
      notify(words('sync:conflicts.resolved'));
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    }
  };
  const themeId = conflict.recordType === 'themeScore' ? conflict.recordId.split(':')[1] : undefined;
  const themeName = CURRENT_FRAMEWORK.themes.find((t) => t.id === themeId)?.name;
  const label = `${recordLabel(conflict.recordType) ?? conflict.recordType}${themeName ? ` «${themeName}»` : ''}, ${fieldLabel(conflict.field) ?? conflict.field}`;
  return (
    <li className="conflict card" data-testid="conflict">
      <h3>
        {institutionName}: {label}
      </h3>
      <div className="conflict-values">
        <div>
          <h4>{t('conflicts.mine')}</h4>
          <p className="value" data-testid="conflict-mine">
            {formatValue(mine, conflict.field)}
          </p>
        </div>
        <div>
          <h4>{t('conflicts.theirs', { name: theirName })}</h4>
          <p className="value" data-testid="conflict-theirs">
            {formatValue(theirs, conflict.field)}
          </p>
        </div>
      </div>
      <div className="button-row" role="group" aria-label={t('conflicts.resolveGroup', { label })}>
        <button type="button" className="secondary" onClick={() => void choose('mine')}>
          {t('conflicts.keepMine')}
        </button>
        <button type="button" className="secondary" onClick={() => void choose('theirs')}>
          {t('conflicts.keepTheirs')}
        </button>
        {canKeepBoth(conflict) && (
          <button type="button" className="secondary" onClick={() => void choose('both')}>
            {t('conflicts.keepBoth')}
          </button>
        )}
      </div>
      {error && (
        <p className="field-error" role="alert">
          {error}
        </p>
      )}
    </li>
  );
}
