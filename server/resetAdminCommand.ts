import { NoAdminError, resetAdminPassword, WeakAdminPasswordError } from './auth/bootstrapAdmin';
import { DatabaseOpenError, openDatabase } from './db/connect';
import { migrateToLatest } from './db/migrations';

/**
 * `npm run server -- --reset-admin-password`: opens the configured database (DATABASE_URL or
 * TILSYN_DATA_DIR, as the server does), resets the admin's password and prints it. Returns the exit code.
 */
export async function resetAdminFromCommandLine(print: (line: string) => void = console.log): Promise<number> {
  let handle: ReturnType<typeof openDatabase> | null = null;
  try {
    handle = openDatabase({ databaseUrl: process.env.DATABASE_URL || undefined, dataDir: process.env.TILSYN_DATA_DIR || undefined });
    await migrateToLatest(handle.db);
    const result = await resetAdminPassword(handle.db, process.env.TILSYN_ADMIN_PASSWORD || undefined);
    print(`Adgangskoden til "${result.username}" (forvaltning) er nulstillet; brugeren er logget ud på alle enheder.`);
    print(result.generatedPassword ? `  Ny adgangskode: ${result.generatedPassword}\n  Den vises kun denne ene gang.` : '  Den nye adgangskode er den, der står i TILSYN_ADMIN_PASSWORD.');
    return 0;
  } catch (error) {
    const known = error instanceof DatabaseOpenError || error instanceof WeakAdminPasswordError || error instanceof NoAdminError;
    console.error(known ? `Adgangskoden kunne ikke nulstilles: ${(error as Error).message}` : error);
    return 1;
  } finally {
    if (handle) {
      await handle.db.destroy();
      if (handle.healthDb !== handle.db) await handle.healthDb.destroy();
    }
  }
}
