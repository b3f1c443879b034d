import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useDatabase } from '../../state/context';
import { notify, words } from '../../state/notices';
import { href, navigate } from '../../state/router';
import { finishWebProviderLogin } from '../../sync/providerSession';
import { getSyncEngine } from '../../sync/syncEngine';

/**
 * Where the server's login callback sends the browser back (`#/kommune-login?overdragelse=…`): the
 * one-time code becomes the device token, the code leaves the address bar, and sync starts.
 */
export function ProviderReturnPage({ handoff, error }: { handoff: string | null; error: string | null }) {
  const { t } = useTranslation('sync');
  const db = useDatabase();
  const [problem, setProblem] = useState<string | null>(error);
  const started = useRef(false);
  useEffect(() => {
    if (!handoff || started.current) return;
    started.current = true;
    // The code works once; keep it out of the history either way.
    history.replaceState(null, '', `${location.pathname}${href({ name: 'providerReturn', handoff: null, error: null })}`);
    finishWebProviderLogin(db, handoff)
      .then((session) => {
        notify(words('sync:login.loggedInAs', { name: session.user.displayName }));
        // The page was loaded afresh by the redirect, so the app has started its sync engine already.
        void getSyncEngine(db).syncNow();
        navigate({ name: 'sync' });
      })
      .catch((e: unknown) => setProblem(e instanceof Error ? e.message : t('login.failed')));
  }, [db, handoff, t]);
  return (
    <section>
      <h1>{t('providerReturn.title')}</h1>
      {problem ? (
        <>
          <p className="field-error" role="alert">
            {problem}
          </p>
          <p>
            <a href={href({ name: 'sync' })}>{t('providerReturn.back')}</a>
          </p>
        </>
      ) : (
        <p role="status">{t('providerReturn.loggingIn')}</p>
      )}
    </section>
  );
}
