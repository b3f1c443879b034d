import { buildApp } from './app';
import { NoAdminError, WeakAdminPasswordError } from './auth/bootstrapAdmin';
import { DatabaseOpenError } from './db/connect';
import { logLevelFromEnv } from './logging';
import { resetAdminFromCommandLine } from './resetAdminCommand';

const port = Number(process.env.PORT ?? 5173);
const host = process.env.HOST ?? '127.0.0.1';
const demo = process.argv.includes('--demo');

if (process.argv.includes('--reset-admin-password')) {
  process.exit(await resetAdminFromCommandLine());
}

let app: Awaited<ReturnType<typeof buildApp>>;
try {
  // One JSON line per request on stdout; the level from TILSYN_LOG_LEVEL (default info).
  app = await buildApp({ logger: true, logLevel: logLevelFromEnv(process.env.TILSYN_LOG_LEVEL), demo });
  await app.listen({ port, host });
} catch (error) {
  // An operator's problem (read-only folder, weak admin password, bad setting): say it, no stack trace.
  const known = error instanceof DatabaseOpenError || error instanceof WeakAdminPasswordError || error instanceof NoAdminError || /^(TILSYN_|DATABASE_URL|Databasemigrering)/.test((error as Error).message);
  console.error(known ? `Tilsyn kan ikke starte: ${(error as Error).message}` : error);
  process.exit(1);
}
const url = `http://${host === '0.0.0.0' ? 'localhost' : host}:${port}/${demo ? '#/?demo=1' : ''}`;
console.log(`Tilsyn kører på ${url}`);
console.log(`Database: ${app.tilsyn.location}`);
if (demo) console.log('Demodata (40 institutioner, tilsyn 2019–2025) indlæses i browseren første gang siden åbnes.');

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    void app.close().then(() => process.exit(0));
  });
}
