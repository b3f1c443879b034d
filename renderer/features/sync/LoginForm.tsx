import { zodResolver } from '@hookform/resolvers/zod';
import { useEffect, useState } from 'react';
import { useForm } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { msg } from '../../../shared/i18n/i18n';
import type { AuthConfig } from '../../../shared/identityLogin';
import { z } from 'zod';
import { useDatabase } from '../../state/context';
import { notify, words } from '../../state/notices';
import { fetchAuthConfig, startProviderLogin } from '../../sync/providerSession';
import { LoginError, login } from '../../sync/session';
import { FieldError } from '../../ui/FieldError';

const FormSchema = z.object({
  serverUrl: z.string().trim().min(1, { error: msg('sync:login.needServerUrl') }),
  username: z.string().trim().min(1, { error: msg('sync:login.needUsername') }),
  password: z.string().min(1, { error: msg('sync:login.needPassword') }),
  remember: z.boolean(),
});
type FormValues = z.infer<typeof FormSchema>;

/** In web mode the app is served by its own server, which is the natural default address. */
function defaultServer(): string {
  return location.protocol.startsWith('http') ? location.origin : '';
}

export function LoginForm({ onLoggedIn }: { onLoggedIn: () => void }) {
  const { t } = useTranslation('sync');
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
      notify(result.tokenPersisted ? words('sync:login.loggedInAs', { name: result.session.user.displayName }) : words('sync:login.loggedInNotRemembered', { reason: result.reason ?? words('sync:login.notRemembered') }));
      onLoggedIn();
    } catch (e) {
      setError(e instanceof LoginError && e.field === 'serverUrl' ? 'serverUrl' : 'root', { message: e instanceof Error ? e.message : t('login.failed') });
    } finally {
      setProviderBusy(false);
    }
  };

  const onSubmit = async (v: FormValues) => {
    try {
      const result = await login(db, v);
      notify(result.tokenPersisted ? words('sync:login.loggedInAs', { name: result.session.user.displayName }) : words('sync:login.loggedInNotRemembered', { reason: result.reason ?? words('sync:login.notRemembered') }));
      onLoggedIn();
    } catch (e) {
      if (e instanceof LoginError) setError(e.field, { message: e.message });
      else setError('root', { message: t('login.failed') });
    }
  };

  return (
    <form className="login-form" onSubmit={handleSubmit(onSubmit)} noValidate aria-labelledby="login-title">
      <h2 id="login-title">{t('login.title')}</h2>
      <p className="muted">{t('login.intro')}</p>
      <div className="field">
        <label htmlFor="serverUrl">{t('login.serverUrl')}</label>
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
            {providerBusy ? t('login.waitingForProvider') : t('login.withProvider', { label: config.provider.label })}
          </button>
          <p className="muted">
            {config.passwordLogin === 'exempt_only'
              ? t('login.exemptOnly')
              : t('login.orPassword')}
          </p>
        </div>
      )}
      <div className="field">
        <label htmlFor="username">{t('login.username')}</label>
        <input id="username" type="text" autoComplete="username" {...register('username')} aria-invalid={!!errors.username} aria-describedby="username-error" />
        <FieldError id="username-error" message={errors.username?.message} />
      </div>
      <div className="field">
        <label htmlFor="password">{t('login.password')}</label>
        <input id="password" type="password" autoComplete="current-password" {...register('password')} aria-invalid={!!errors.password} aria-describedby="password-error" />
        <FieldError id="password-error" message={errors.password?.message} />
      </div>
      <div className="field checkbox">
        <input id="remember" type="checkbox" {...register('remember')} />
        <label htmlFor="remember">{t('login.remember')}</label>
      </div>
      <FieldError message={errors.root?.message} />
      <button type="submit" className="primary" disabled={isSubmitting}>
        {isSubmitting ? t('login.submitting') : t('login.submit')}
      </button>
    </form>
  );
}
