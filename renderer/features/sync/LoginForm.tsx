import { zodResolver } from '@hookform/resolvers/zod';
import { useEffect, useState } from 'react';
import { useForm } from 'react-hook-form';
import type { AuthConfig } from '../../../shared/identityLogin';
import { z } from 'zod';
import { useDatabase } from '../../state/context';
import { notify } from '../../state/notices';
import { fetchAuthConfig, startProviderLogin } from '../../sync/providerSession';
import { LoginError, login } from '../../sync/session';
import { FieldError } from '../../ui/FieldError';

const FormSchema = z.object({
  serverUrl: z.string().trim().min(1, { error: 'Skriv serverens adresse' }),
  username: z.string().trim().min(1, { error: 'Skriv dit brugernavn' }),
  password: z.string().min(1, { error: 'Skriv din adgangskode' }),
  remember: z.boolean(),
});
type FormValues = z.infer<typeof FormSchema>;

/** In web mode the app is served by its own server, which is the natural default address. */
function defaultServer(): string {
  return location.protocol.startsWith('http') ? location.origin : '';
}

export function LoginForm({ onLoggedIn }: { onLoggedIn: () => void }) {
  const db = useDatabase();
  const {
    register,
    handleSubmit,
    setError,
    getValues,
    formState: { errors, isSubmitting },
  } = useForm<FormValues>({ resolver: zodResolver(FormSchema), defaultValues: { serverUrl: defaultServer(), username: '', password: '', remember: true } });
  // What the server offers: the provider button appears only where one is configured.
  const [config, setConfig] = useState<AuthConfig | null>(null);
  const [providerBusy, setProviderBusy] = useState(false);
  const askServer = (url: string) => {
    if (url.trim()) void fetchAuthConfig(url).then(setConfig);
  };
  useEffect(() => askServer(defaultServer()), []);

  const providerLogin = async () => {
    setProviderBusy(true);
    try {
      const result = await startProviderLogin(db, { serverUrl: getValues('serverUrl'), remember: getValues('remember') });
      if (result === 'redirected') return;
      notify(result.tokenPersisted ? `Logget ind som ${result.session.user.displayName}.` : `Logget ind. ${result.reason ?? 'Du skal logge ind igen, næste gang appen startes.'}`);
      onLoggedIn();
    } catch (e) {
      setError(e instanceof LoginError && e.field === 'serverUrl' ? 'serverUrl' : 'root', { message: e instanceof Error ? e.message : 'Login mislykkedes. Prøv igen.' });
    } finally {
      setProviderBusy(false);
    }
  };

  const onSubmit = async (v: FormValues) => {
    try {
      const result = await login(db, v);
      notify(result.tokenPersisted ? `Logget ind som ${result.session.user.displayName}.` : `Logget ind. ${result.reason ?? 'Du skal logge ind igen, næste gang appen startes.'}`);
      onLoggedIn();
    } catch (e) {
      if (e instanceof LoginError) setError(e.field, { message: e.message });
      else setError('root', { message: 'Login mislykkedes. Prøv igen.' });
    }
  };

  return (
    <form className="login-form" onSubmit={handleSubmit(onSubmit)} noValidate aria-labelledby="login-title">
      <h2 id="login-title">Log ind for at synkronisere</h2>
      <p className="muted">Alt, du har lavet uden at være logget ind, bliver sendt til serveren, når du logger ind.</p>
      <div className="field">
        <label htmlFor="serverUrl">Serverens adresse</label>
        <input
          id="serverUrl"
          type="text"
          inputMode="url"
          autoComplete="url"
          {...register('serverUrl', { onBlur: (e: React.FocusEvent<HTMLInputElement>) => askServer(e.target.value) })}
          aria-invalid={!!errors.serverUrl}
          aria-describedby="serverUrl-error"
        />
        <FieldError id="serverUrl-error" message={errors.serverUrl?.message} />
      </div>
      {config?.provider && (
        <div className="provider-login">
          <button type="button" className="primary" onClick={() => void providerLogin()} disabled={providerBusy || isSubmitting}>
            {providerBusy ? 'Venter på kommunens login…' : `Log ind med ${config.provider.label}`}
          </button>
          <p className="muted">
            {config.passwordLogin === 'exempt_only'
              ? 'Adgangskoder bruges kun af brugere uden for kommunens login (fx ledere af private institutioner).'
              : 'Eller log ind med dit Tilsyn-brugernavn og din adgangskode:'}
          </p>
        </div>
      )}
      <div className="field">
        <label htmlFor="username">Brugernavn</label>
        <input id="username" type="text" autoComplete="username" {...register('username')} aria-invalid={!!errors.username} aria-describedby="username-error" />
        <FieldError id="username-error" message={errors.username?.message} />
      </div>
      <div className="field">
        <label htmlFor="password">Adgangskode</label>
        <input id="password" type="password" autoComplete="current-password" {...register('password')} aria-invalid={!!errors.password} aria-describedby="password-error" />
        <FieldError id="password-error" message={errors.password?.message} />
      </div>
      <div className="field checkbox">
        <input id="remember" type="checkbox" {...register('remember')} />
        <label htmlFor="remember">Husk mig på denne computer (så du kan arbejde offline i ugevis)</label>
      </div>
      <FieldError message={errors.root?.message} />
      <button type="submit" className="primary" disabled={isSubmitting}>
        {isSubmitting ? 'Logger ind…' : 'Log ind'}
      </button>
    </form>
  );
}
