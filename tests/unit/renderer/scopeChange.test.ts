import 'fake-indexeddb/auto';
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { syncOnce } from '../../../shared/sync/clientCore';
import { currentActor } from '../../../renderer/db/actor';
import { getClientId } from '../../../renderer/db/clientId';
import { loadDashboardData } from '../../../renderer/db/dashboardRepository';
import { TilsynDatabase } from '../../../renderer/db/database';
import { LederDashboard } from '../../../renderer/features/dashboard/LederDashboard';
import { dexieSyncStorage } from '../../../renderer/sync/dexieSyncStorage';
import { serverClient } from '../../../renderer/sync/serverClient';
import { getSession } from '../../../renderer/sync/session';
import { api, DIALECTS, freshDatabase, setupWorld, startApp, type FreshDatabase, type World } from '../server/helpers';

/*
 * Role and institutions come from the latest pull, not from the login's snapshot: a leder linked to
 * a second institution sees it after the next sync, without logging out and in.
 */

let server: FreshDatabase;
let app: FastifyInstance;
let world: World;
let base = '';

beforeAll(async () => {
  server = await freshDatabase(DIALECTS[0]!);
  app = await startApp(server);
  world = await setupWorld(app);
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
}, 60_000);
afterAll(async () => {
  await app?.close();
  await server?.drop();
});

describe('scope from the server', () => {
  it('a leder linked to another institution (and later made konsulent) gets it with the next pull, without a new login', async () => {
    const db = new TilsynDatabase('scope-change');
    try {
      const me = (await api(app, world.lederA).get('/api/auth/me')).json();
      await db.meta.put({ key: 'session', value: { serverUrl: base, user: me.user ?? me, loggedInAt: new Date().toISOString() } });
      const client = serverClient({ baseUrl: base, token: world.lederA });
      const sync = async () => expect((await syncOnce(dexieSyncStorage(db), client.transport, await getClientId(db))).ok).toBe(true);

      await sync();
      expect(await currentActor(db)).toMatchObject({ role: 'leder', institutionIds: ['INST-A'] });
      const overblik = async () =>
        renderToStaticMarkup(createElement(LederDashboard, { data: await loadDashboardData(db), institutionIds: (await currentActor(db)).institutionIds as string[], cached: null, serverUrl: base }));
      expect(await overblik()).not.toContain('Institution INST-B');

      const linked = await api(app, world.admin).patch(`/api/admin/users/${world.users['leder-a']}`, { institutionIds: ['INST-A', 'INST-B'] });
      expect(linked.statusCode).toBe(200);
      await sync();
      // The login's snapshot is unchanged; the pulled scope wins.
      expect((await getSession(db))!.user.institutionIds).toEqual(['INST-A']);
      expect(await currentActor(db)).toMatchObject({ role: 'leder', institutionIds: ['INST-A', 'INST-B'] });
      expect((await db.institutions.toArray()).map((i) => i.id).sort()).toEqual(['INST-A', 'INST-B']);
      expect(await overblik()).toContain('Institution INST-B');

      const promoted = await api(app, world.admin).patch(`/api/admin/users/${world.users['leder-a']}`, { role: 'konsulent' });
      expect(promoted.statusCode).toBe(200);
      await sync();
      expect((await getSession(db))!.user.role).toBe('leder');
      expect(await currentActor(db)).toMatchObject({ role: 'konsulent', institutionIds: ['INST-A', 'INST-B'] });
    } finally {
      await db.delete();
    }
  });
});
