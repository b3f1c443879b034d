import { useState } from 'react';
import { LOGIN_AGAIN } from '../../../shared/identityLogin';
import { useDatabase } from '../../state/context';
import { notify } from '../../state/notices';
import { startProviderLogin } from '../../sync/providerSession';
import type { Session } from '../../sync/session';

/**
 * A provider login whose proof ran out (a day without the provider's word, or the provider refused):
 * only sync stops. The user logs in again with one click; drafts and unsent changes stay and are
 * sent afterwards. No logout is needed (and none would be allowed with unsent work).
 */
export function LoginAgain({ session, message, pending, onLoggedIn }: { session: Session; message: string; pending: number; onLoggedIn: () => void }) {
  const db = useDatabase();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const again = async () => {
    setBusy(true);
    setError(null);
    try {
      const result = await startProviderLogin(db, { serverUrl: session.serverUrl, remember: true });
      if (result === 'redirected') return;
      notify(`Logget ind igen som ${result.session.user.displayName}.`);
      onLoggedIn();
    } catch (e) {
      setError(e instanceof Error ? e.message : 'Login mislykkedes. Prøv igen.');
    } finally {
      setBusy(false);
    }
  };
  return (
    <div className="notice login-again" role="alert" data-testid="login-again">
      <p>
        <strong>{LOGIN_AGAIN}</strong> {message.startsWith(LOGIN_AGAIN) ? message.slice(LOGIN_AGAIN.length).trim() : message}
      </p>
      <p>
        Du kan arbejde videre imens: alt gemmes på denne computer
        {pending > 0 ? `, og ${pending} ${pending === 1 ? 'ændring' : 'ændringer'} sendes, når du har logget ind` : ''}. Du kan også eksportere de ikke-sendte ændringer nedenfor.
      </p>
      <button type="button" className="primary" onClick={() => void again()} disabled={busy} aria-describedby={error ? 'login-again-error' : undefined}>
        {busy ? 'Venter på kommunens login…' : 'Log ind med kommunens login'}
      </button>
      {error && (
        <p className="field-error" id="login-again-error">
          {error}
        </p>
      )}
    </div>
  );
}
