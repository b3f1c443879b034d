import { useTranslation } from 'react-i18next';
import { ROLE_LABELS } from '../../../shared/accounts';
import { href, type AdminSection } from '../../state/router';
import { useAdminAccess } from './adminApi';
import { ApiTokensSection } from './ApiTokensSection';
import { FrameworksSection } from './FrameworksSection';
import { GoalsSection } from './GoalsSection';
import { InstitutionsSection } from './InstitutionsSection';
import { LogSection } from './LogSection';
import { PrivacySection } from './PrivacySection';
import { TilsynsrammeSection } from './TilsynsrammeSection';
import { UsersSection } from './UsersSection';
import './admin.css';

const SECTIONS: readonly AdminSection[] = ['brugere', 'institutioner', 'rammer', 'tilsynsramme', 'maal', 'api-tokens', 'personoplysninger', 'log'];

/**
 * Forvaltning's administration (route #/administration): users, institutions, framework versions, the tilsynsramme, goals, API tokens, purging personal data, and the audit log.
 * Online only: these live on the server, and every change reaches the others through their pull.
 */
export function AdminPage({ section }: { section: AdminSection }) {
  const { t } = useTranslation('admin');
  const access = useAdminAccess();

  if (access.state === 'loading') return <p>{t('page.loading')}</p>;
  if (access.state !== 'ready')
    return (
      <section className="narrow admin-blocked" aria-labelledby="admin-title">
        <h1 id="admin-title">{t('page.title')}</h1>
        {access.state === 'no-session' ? (
          <p>
            {t('page.noSession')} <a href={href({ name: 'sync' })}>{t('page.noSessionLink')}</a>.
          </p>
        ) : (
          <p>{t('page.notAdmin', { name: access.session.user.displayName, role: ROLE_LABELS[access.session.user.role].toLowerCase() })}</p>
        )}
      </section>
    );

  return (
    <section className="admin" aria-labelledby="admin-title">
      <h1 id="admin-title">{t('page.title')}</h1>
      <p className="lead">{t('page.loggedIn', { name: access.session.user.displayName, server: access.session.serverUrl })}</p>
      <div role="status">
        {!access.online && (
          <p className="notice admin-offline">{t('page.offline', { server: access.session.serverUrl })}</p>
        )}
      </div>
      <nav className="admin-tabs" aria-label={t('page.title')}>
        {SECTIONS.map((s) => (
          <a key={s} href={href({ name: 'admin', section: s })} aria-current={s === section ? 'page' : undefined}>
            {t(`page.sections.${s}`)}
          </a>
        ))}
      </nav>
      {section === 'brugere' ? (
        <UsersSection client={access.client} currentUserId={access.session.user.id} />
      ) : section === 'institutioner' ? (
        <InstitutionsSection client={access.client} />
      ) : section === 'tilsynsramme' ? (
        <TilsynsrammeSection client={access.client} />
      ) : section === 'maal' ? (
        <GoalsSection client={access.client} />
      ) : section === 'api-tokens' ? (
        <ApiTokensSection client={access.client} />
      ) : section === 'personoplysninger' ? (
        <PrivacySection client={access.client} />
      ) : section === 'log' ? (
        <LogSection client={access.client} />
      ) : (
        <FrameworksSection client={access.client} />
      )}
    </section>
  );
}
