import { buildApp } from './app';
import { NoAdminError, WeakAdminPasswordError } from './auth/bootstrapAdmin';
import { parseProviderConfig, type ProviderConfig } from './auth/identity/providerConfig';
import { DatabaseOpenError } from './db/connect';
import { logLevelFromEnv } from './logging';
import { resetAdminFromCommandLine } from './resetAdminCommand';

const port = Number(process.env.PORT ?? 5173);
const host = process.env.HOST ?? '127.0.0.1';
// --oidc-demo: a local OpenID provider stands in for the municipality's Entra ID (docs/login.md).
const oidcDemo = process.argv.includes('--oidc-demo');
const demo = process.argv.includes('--demo') || oidcDemo;
const appUrl = `http://${host === '0.0.0.0' ? '127.0.0.1' : host}:${port}`;

if (process.argv.includes('--reset-admin-password')) {
  process.exit(await resetAdminFromCommandLine());
}

let app: Awaited<ReturnType<typeof buildApp>>;
let stopDemoProvider: (() => Promise<void>) | null = null;
try {
  let identityProvider: ProviderConfig | undefined;
  if (oidcDemo) {
    // Imported only here: the demo provider (oidc-provider) is a development dependency.
    const { startDemoProvider } = await import('./auth/identity/demoProvider');
    const provider = await startDemoProvider({ appUrl, port: Number(process.env.TILSYN_OIDC_DEMO_PORT ?? port + 1) });
    stopDemoProvider = provider.close;
    identityProvider = parseProviderConfig(provider.tilsynConfig({ publicUrl: appUrl }), { production: false });
    console.log(`Demo-login (en lokal OpenID-udbyder i stedet for kommunens Entra ID) kører på ${provider.issuer}`);
  }
  // One JSON line per request on stdout; the level from TILSYN_LOG_LEVEL (default info).
  app = await buildApp({ logger: true, logLevel: logLevelFromEnv(process.env.TILSYN_LOG_LEVEL), demo, ...(identityProvider ? { identityProvider } : {}) });
  await app.listen({ port, host });
} catch (error) {
  // An operator's problem (read-only folder, weak admin password, bad setting): say it, no stack trace.
  const known = error instanceof DatabaseOpenError || error instanceof WeakAdminPasswordError || error instanceof NoAdminError || /^(TILSYN_|DATABASE_URL|Databasemigrering)/.test((error as Error).message);
  console.error(known ? `Tilsyn kan ikke starte: ${(error as Error).message}` : error);
  await stopDemoProvider?.();
  process.exit(1);
}
const url = `http://${host === '0.0.0.0' ? 'localhost' : host}:${port}/${demo ? '#/?demo=1' : ''}`;
if (oidcDemo) console.log('Log ind under Synkronisering med "Log ind med kommunens login" og vælg en demo-bruger.');
console.log(`Tilsyn kører på ${url}`);
console.log(`Database: ${app.tilsyn.location}`);
if (demo) console.log('Demodata (40 institutioner, tilsyn 2019–2025) indlæses i browseren første gang siden åbnes.');

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    void app
      .close()
      .then(() => stopDemoProvider?.())
      .then(() => process.exit(0));
  });
}
