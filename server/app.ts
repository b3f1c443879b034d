import path from 'node:path';
import { existsSync } from 'node:fs';
import Fastify, { type FastifyInstance } from 'fastify';
import fastifyStatic from '@fastify/static';

export interface AppOptions {
  /** Folder with the built renderer; served at / when present. */
  rendererDir?: string;
  logger?: boolean;
}

export async function buildApp(opts: AppOptions = {}): Promise<FastifyInstance> {
  const app = Fastify({ logger: opts.logger ?? false, bodyLimit: 1024 * 1024 });
  app.get('/api/health', async () => ({ ok: true }));
  const dir = opts.rendererDir ?? path.resolve('dist/renderer');
  if (existsSync(path.join(dir, 'index.html'))) {
    await app.register(fastifyStatic, { root: dir, index: 'index.html' });
  }
  return app;
}
