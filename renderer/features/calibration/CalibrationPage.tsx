import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useDatabase } from '../../state/context';
import type { ServerClient } from '../../sync/serverClient';
import { getSession, sessionClient } from '../../sync/session';
import { AgreementFiguresSection } from './AgreementFiguresSection';
import { CalibrationSettingsForm } from './CalibrationSettingsForm';
import { DoubleScoringSettingsForm } from './DoubleScoringSettingsForm';
import { HandPickForm } from './HandPickForm';
import { VignettesSection } from './VignettesSection';
import './calibration.css';

type Access = { state: 'loading' } | { state: 'no-session' } | { state: 'leder' } | { state: 'ready'; client: ServerClient; role: 'konsulent' | 'forvaltning' };

/**
 * Kalibrering (route #/kalibrering), for konsulent and forvaltning: the agreement figures the server
 * lets the reader see, the calibration sessions, and forvaltning's settings. Online only: the
 * figures are the server's, and a master score must not sit on a device before its owner answers.
 */
export function CalibrationPage() {
  const { t } = useTranslation('kalibrering');
  const db = useDatabase();
  const [access, setAccess] = useState<Access>({ state: 'loading' });
  useEffect(() => {
    let live = true;
    void (async () => {
      const session = await getSession(db);
      const client = await sessionClient(db, { offlineMessage: t('offline') });
      if (!live) return;
      if (!session || !client) setAccess({ state: 'no-session' });
      else if (session.user.role === 'leder') setAccess({ state: 'leder' });
      else setAccess({ state: 'ready', client, role: session.user.role });
    })();
    return () => {
      live = false;
    };
  }, [db, t]);

  return (
    <section className="calibration">
      <h1>{t('title')}</h1>
      <p className="lead">{t('intro')}</p>
      {access.state === 'loading' && <p>{t('loading')}</p>}
      {access.state === 'no-session' && (
        <p>
          <a href="#/synkronisering">{t('needsLogin')}</a>
        </p>
      )}
      {access.state === 'leder' && <p>{t('lederNoAccess')}</p>}
      {access.state === 'ready' && (
        <>
          <AgreementFiguresSection client={access.client} />
          <VignettesSection client={access.client} role={access.role} />
          {access.role === 'forvaltning' && <DoubleScoringSettingsForm client={access.client} />}
          {access.role === 'forvaltning' && <HandPickForm client={access.client} />}
          {access.role === 'forvaltning' && <CalibrationSettingsForm client={access.client} />}
        </>
      )}
    </section>
  );
}
