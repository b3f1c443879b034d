import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { LOGIN_AGAIN } from '../../../shared/identityLogin';
import { useDatabase } from '../../state/context';
import { notify, words } from '../../state/notices';
import { startProviderLogin } from '../../sync/providerSession';
import type { Session } from '../../sync/session';

/**
 * A provider login whose proof ran out (a day without the provider's word, or the provider refused):
 * only sync stops. The user logs in again with one click; drafts and unsent changes stay and are
 * sent afterwards. No logout is needed (and none would be allowed with unsent work).
 */
export function LoginAgain({ session, message, pending, onLoggedIn }: { session: Session; message: string; pending: number; onLoggedIn: () => void }) {
  const { t } = useTranslation('sync');
  const db = useDatabase();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const again = async () => {
    setBusy(true);
    setError(null);
    try {
      const result = await startProviderLogin(db, { serverUrl: session.serverUrl, remember: true });
      if (result === 'redirected') return;
      notify(words('sync:login.loggedInAgainAs', { name: result.session.user.displayName }));
      onLoggedIn();
    } catch (e) {
      setError(e instanceof Error ? e.message : t('login.failed'));
    } finally {
      setBusy(false);
    }
  };
  return (
    <div className="notice login-again" role="alert" data-testid="login-again">
      <p>
        {/* The server's Danish reason starts with LOGIN_AGAIN; the heading is said in the UI language. */}
        <strong>{t('loginToSync')}</strong> {message.startsWith(LOGIN_AGAIN) ? message.slice(LOGIN_AGAIN.length).trim() : message}
      </p>
      <p>
        {pending > 0 ? t('loginAgain.keepWorkingPending', { count: pending }) : t('loginAgain.keepWorking')}
      </p>
      <button type="button" className="primary" onClick={() => void again()} disabled={busy} aria-describedby={error ? 'login-again-error' : undefined}>
        {busy ? t('login.waitingForProvider') : t('login.withMunicipal')}
      </button>
      {error && (
        <p className="field-error" id="login-again-error">
          {error}
        </p>
      )}
    </div>
  );
}
