import { buildApp } from './app';
import { logLevelFromEnv } from './logging';

const port = Number(process.env.PORT ?? 5173);
const host = process.env.HOST ?? '127.0.0.1';
const demo = process.argv.includes('--demo');

// One JSON line per request on stdout; the level from TILSYN_LOG_LEVEL (default info).
const app = await buildApp({ logger: true, logLevel: logLevelFromEnv(process.env.TILSYN_LOG_LEVEL), demo });
await app.listen({ port, host });
const url = `http://${host === '0.0.0.0' ? 'localhost' : host}:${port}/${demo ? '#/?demo=1' : ''}`;
console.log(`Tilsyn kører på ${url}`);
console.log(`Database: ${app.tilsyn.location}`);
if (demo) console.log('Demodata (40 institutioner, tilsyn 2019–2025) indlæses i browseren første gang siden åbnes.');

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    void app.close().then(() => process.exit(0));
  });
}
