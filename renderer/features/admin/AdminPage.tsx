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

const SECTIONS: { id: AdminSection; label: string }[] = [
  { id: 'brugere', label: 'Brugere' },
  { id: 'institutioner', label: 'Institutioner' },
  { id: 'rammer', label: 'Rammeversioner' },
  { id: 'tilsynsramme', label: 'Tilsynsramme' },
  { id: 'maal', label: 'Mål' },
  { id: 'api-tokens', label: 'API-tokens' },
  { id: 'personoplysninger', label: 'Personoplysninger' },
  { id: 'log', label: 'Log' },
];

/**
 * Forvaltning's administration (route #/administration): users, institutions, framework versions, the tilsynsramme, goals, API tokens, purging personal data, and the audit log.
 * Online only: these live on the server, and every change reaches the others through their pull.
 */
export function AdminPage({ section }: { section: AdminSection }) {
  const access = useAdminAccess();

  if (access.state === 'loading') return <p>Henter administration…</p>;
  if (access.state !== 'ready')
    return (
      <section className="narrow admin-blocked" aria-labelledby="admin-title">
        <h1 id="admin-title">Administration</h1>
        {access.state === 'no-session' ? (
          <p>
            Administration kræver, at du er logget ind på kommunens server som forvaltning. <a href={href({ name: 'sync' })}>Log ind under Synkronisering</a>.
          </p>
        ) : (
          <p>
            Kun forvaltningen kan administrere brugere, institutioner og rammeversioner. Du er logget ind som {access.session.user.displayName} (
            {ROLE_LABELS[access.session.user.role].toLowerCase()}).
          </p>
        )}
      </section>
    );

  return (
    <section className="admin" aria-labelledby="admin-title">
      <h1 id="admin-title">Administration</h1>
      <p className="lead">
        Logget ind som {access.session.user.displayName} på {access.session.serverUrl}. Ændringer gemmes på serveren med det samme.
      </p>
      <div role="status">
        {!access.online && (
          <p className="notice admin-offline">
            Du er offline. Administration kræver forbindelse til serveren ({access.session.serverUrl}), fordi brugere, institutioner og rammeversioner
            ændres dér, så alle får den samme ændring. Det, du har skrevet, bliver stående; gem igen, når du er online.
          </p>
        )}
      </div>
      <nav className="admin-tabs" aria-label="Administration">
        {SECTIONS.map((s) => (
          <a key={s.id} href={href({ name: 'admin', section: s.id })} aria-current={s.id === section ? 'page' : undefined}>
            {s.label}
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
