import { useLiveQuery } from 'dexie-react-hooks';
import { useEffect, useState } from 'react';
import { ROLE_LABELS } from '../../../shared/accounts';
import { CURRENT_FRAMEWORK } from '../../../shared/frameworks/v1';
import type { Conflict } from '../../../shared/sync/wire';
import { useDatabase } from '../../state/context';
import { exportUnsentToFile, importUnsentFromFile } from '../../state/fileActions';
import { notify } from '../../state/notices';
import { getClientId } from '../../db/clientId';
import { FIELD_LABELS, RECORD_LABELS, canKeepBoth, formatValue, resolveConflict, sides, type Resolution } from '../../sync/conflicts';
import { getPlatform } from '../../platform/bridge';
import { getSession, logout, UnsentChangesError } from '../../sync/session';
import { getSyncEngine, pullProgressText, useSyncState } from '../../sync/syncEngine';
import { AccountSection } from './AccountSection';
import { LoginAgain } from './LoginAgain';
import { LoginForm } from './LoginForm';

const time = (iso: string | null | undefined) => (iso ? new Date(iso).toLocaleString('da-DK', { dateStyle: 'medium', timeStyle: 'short' }) : 'aldrig');

export function SyncPage() {
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
    return { session, outbox, conflicts, rejections, newer, names: new Map(institutions.map((i) => [i.id, i.name])) };
  }, [db]);
  // Made once per installation (a write), so it is read outside the live query.
  const [clientId, setClientId] = useState<string | null>(null);
  useEffect(() => {
    void getClientId(db).then(setClientId);
  }, [db]);
  if (!data || !clientId) return <p>Henter…</p>;
  const { session, outbox, conflicts, rejections, newer, names } = data;

  const doLogout = async () => {
    setLogoutError(null);
    try {
      await logout(db);
      engine.stop();
      notify('Du er logget ud.');
      // In a browser, end the provider's session too (the server sends the browser to its end-session page).
      if (session?.provider && getPlatform().kind === 'browser') window.location.assign(`${session.serverUrl}/api/auth/oidc/end-session`);
    } catch (e) {
      setLogoutError(e instanceof UnsentChangesError ? e.message : 'Kunne ikke logge ud.');
    }
  };

  return (
    <section className="sync-page">
      <h1>Synkronisering</h1>
      {newer > 0 && (
        <p className="notice" role="status">
          Serveren har sendt {newer} {newer === 1 ? 'post' : 'poster'} fra en nyere version af Tilsyn. De er gemt på denne computer; opdater appen for at se dem.
        </p>
      )}
      {!session ? (
        <>
          <p>
            Appen arbejder lokalt på denne computer. {outbox.length > 0 && <strong>{outbox.length} ændringer venter på at blive sendt.</strong>}
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
              Logget ind som <strong>{session.user.displayName}</strong> ({ROLE_LABELS[session.user.role]}) på <span className="mono">{session.serverUrl}</span>
            </p>
            <p data-testid="sync-status" data-last-success={state.lastSuccessAt ?? ""} data-state={state.status}>
              {state.status === 'syncing' ? (state.progress?.received ? pullProgressText(state.progress) : 'Synkroniserer…') : state.status === 'error' ? 'Seneste forsøg mislykkedes' : 'Synkronisering er slået til'} · Senest
              synkroniseret: {time(state.lastSuccessAt)}
            </p>
            {session.provider && (session.needsLogin || state.error?.kind === 'auth') ? (
              <LoginAgain
                session={session}
                message={session.needsLogin ?? state.error?.message ?? ''}
                pending={outbox.length}
                onLoggedIn={() => void engine.syncNow()}
              />
            ) : state.error && (
              <p className={state.error.retryable ? 'notice' : 'field-error'} role="alert">
                {state.error.message}
                {state.error.retryable ? ' Appen prøver igen automatisk.' : ' Dette kræver, at du gør noget (fx logger ind igen).'}
              </p>
            )}
            <div className="button-row">
              <button type="button" className="primary" onClick={() => void engine.syncNow()} disabled={state.status === 'syncing'}>
                Synkroniser nu
              </button>
              <button type="button" className="secondary" onClick={() => void doLogout()} aria-describedby={logoutError ? 'logout-error' : undefined}>
                Log ud
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
        Konflikter <span className="count">({conflicts.length})</span>
      </h2>
      {conflicts.length === 0 ? (
        <p className="muted">Ingen konflikter.</p>
      ) : (
        <>
          <p>Du og en kollega har ændret det samme felt. Intet er overskrevet: vælg for hvert felt, hvad der skal gælde.</p>
          <ul className="conflict-list">
            {conflicts.map((c) => (
              <ConflictItem key={c.id} conflict={c} clientId={clientId} institutionName={names.get(c.institutionId) ?? c.institutionId} />
            ))}
          </ul>
        </>
      )}

      <h2>
        Ikke sendt endnu <span className="count">({outbox.length})</span>
      </h2>
      {outbox.length === 0 ? (
        <p className="muted">Alt er sendt.</p>
      ) : (
        <table className="data-table compact">
          <thead>
            <tr>
              <th scope="col">Ændret</th>
              <th scope="col">Hvad</th>
              <th scope="col">Felter</th>
            </tr>
          </thead>
          <tbody>
            {outbox.slice(0, 200).map((r) => (
              <tr key={r.mutationId}>
                <td>{time(r.createdAt)}</td>
                <td>{RECORD_LABELS[r.recordType] ?? r.recordType}</td>
                <td>{Object.keys(r.fields).map((f) => FIELD_LABELS[f] ?? f).join(', ')}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <div className="button-row">
        <button type="button" className="secondary" onClick={() => void exportUnsentToFile(db)}>
          Eksporter ikke-sendte ændringer…
        </button>
        <button type="button" className="secondary" onClick={() => void importUnsentFromFile(db)}>
          Importer ændringer…
        </button>
      </div>

      <h2>
        Afviste ændringer <span className="count">({rejections.length})</span>
      </h2>
      {rejections.length === 0 ? (
        <p className="muted">Ingen.</p>
      ) : (
        <ul className="rejection-list">
          {rejections.map((r) => (
            <li key={r.mutationId} className="card">
              <p>
                <strong>{RECORD_LABELS[r.recordType] ?? r.recordType}</strong> · {time(r.at)} · {r.reason}
              </p>
              <p className="muted">
                Det du skrev:{' '}
                {Object.entries(r.fields)
                  .map(([k, v]) => `${FIELD_LABELS[k] ?? k}: ${formatValue(v)}`)
                  .join(' · ')}
              </p>
              <button type="button" className="link" onClick={() => void db.rejections.delete(r.mutationId)}>
                Jeg har set den
              </button>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

function ConflictItem({ conflict, clientId, institutionName }: { conflict: Conflict; clientId: string; institutionName: string }) {
  const db = useDatabase();
  const { mine, theirs, theirName } = sides(conflict, clientId);
  const [error, setError] = useState<string | null>(null);
  const choose = async (choice: Resolution) => {
    try {
      await resolveConflict(db, conflict, clientId, choice);
      notify('Konflikten er løst og sendes til serveren.');
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    }
  };
  const themeId = conflict.recordType === 'themeScore' ? conflict.recordId.split(':')[1] : undefined;
  const themeName = CURRENT_FRAMEWORK.themes.find((t) => t.id === themeId)?.name;
  const label = `${RECORD_LABELS[conflict.recordType] ?? conflict.recordType}${themeName ? ` «${themeName}»` : ''}, ${FIELD_LABELS[conflict.field] ?? conflict.field}`;
  return (
    <li className="conflict card" data-testid="conflict">
      <h3>
        {institutionName}: {label}
      </h3>
      <div className="conflict-values">
        <div>
          <h4>Min værdi</h4>
          <p className="value" data-testid="conflict-mine">
            {formatValue(mine, conflict.field)}
          </p>
        </div>
        <div>
          <h4>Deres værdi ({theirName})</h4>
          <p className="value" data-testid="conflict-theirs">
            {formatValue(theirs, conflict.field)}
          </p>
        </div>
      </div>
      <div className="button-row" role="group" aria-label={`Løs konflikten: ${label}`}>
        <button type="button" className="secondary" onClick={() => void choose('mine')}>
          Behold min
        </button>
        <button type="button" className="secondary" onClick={() => void choose('theirs')}>
          Behold deres
        </button>
        {canKeepBoth(conflict) && (
          <button type="button" className="secondary" onClick={() => void choose('both')}>
            Behold begge
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
