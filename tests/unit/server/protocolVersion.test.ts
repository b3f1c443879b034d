import { expect, it } from 'vitest';
import { HttpError } from '../../../server/errors';
import { checkProtocolVersion } from '../../../server/sync/protocolVersion';
import { syncOnce } from '../../../shared/sync/clientCore';
import { MemoryStorage } from '../../../shared/sync/memoryStorage';
import { PROTOCOL_VERSION, type PullResponse } from '../../../shared/sync/wire';
import { api, describeDialects, injectFetch, mutation, newInspection, pushBody, useServer } from './helpers';

describeDialects('the wire format carries its version', (d) => {
  const s = useServer(d, {}, { world: true });

  const inspection = () => {
    const { id, rev: _r, updatedAt: _u, ...fields } = newInspection('INST-A');
    return mutation('inspection', id, 0, fields);
  };
  const push = (body: unknown) => s.app.inject({ method: 'POST', url: '/api/sync/push', headers: { authorization: `Bearer ${s.world.konsulentA}` }, payload: body as object });

  it('a push or pull without a version is version 1, and version 1 is spoken', async () => {
    expect(pushBody(await push({ clientId: 'device-one-0001', mutations: [inspection()] })).results[0]!.status).toBe('applied');
    expect(pushBody(await push({ protocolVersion: 1, clientId: 'device-one-0001', mutations: [inspection()] })).results[0]!.status).toBe('applied');
    const k = api(s.app, s.world.konsulentA);
    expect((await k.get('/api/sync/pull?cursor=0')).statusCode).toBe(200);
    expect(((await k.get('/api/sync/pull?v=1&cursor=0')).json() as PullResponse).changes).toHaveLength(2);
  });

  it('a major version the server does not speak is refused in Danish (the body may not even parse as version 1)', async () => {
    const res = await push({ protocolVersion: 2, clientId: 'device-one-0001', changes: 'a newer shape' });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toEqual({ error: 'Appen bruger en nyere version af synkroniseringen (2) end serveren (1). Serveren skal opdateres; kontakt forvaltningen.', code: 'opdater_serveren' });
    const pull = await api(s.app, s.world.konsulentA).get('/api/sync/pull?v=7&cursor=0');
    expect(pull.statusCode).toBe(400);
    expect(pull.json().code).toBe('opdater_serveren');
    expect((await push({ protocolVersion: 'to', clientId: 'device-one-0001', mutations: [inspection()] })).json().code).toBe('ugyldig');
  });

  it('the client sends its version, and stops (keeping its outbox) when the server refuses it', async () => {
    const storage = new MemoryStorage();
    const seen: string[] = [];
    const real = injectFetch(() => s.app, s.world.konsulentA);
    const report = await syncOnce(storage, async (path, init) => {
      seen.push(init.body === undefined ? path : `${path} ${String((JSON.parse(init.body) as { protocolVersion?: number }).protocolVersion)}`);
      return real(path, init);
    }, 'client-version-1');
    expect(report.ok).toBe(true);
    expect(seen).toEqual([`/api/sync/pull?v=${PROTOCOL_VERSION}&cursor=0&limit=500&count=1`]);

    const m = inspection();
    await storage.write('inspection', m.recordId, m.fields);
    const refused = await syncOnce(storage, async () => ({ status: 400, json: async () => ({ error: 'Serveren bruger en nyere version af synkroniseringen (2). Opdater appen.', code: 'opdater_appen' }) }), 'client-version-1');
    expect(refused.error).toMatchObject({ retryable: false, status: 400, message: 'Serveren bruger en nyere version af synkroniseringen (2). Opdater appen.' });
    expect(await storage.readOutbox(10)).toHaveLength(1);
  });
});

it('a server that no longer speaks the app\'s version says: opdater appen', () => {
  let error: unknown;
  try {
    checkProtocolVersion(1, [2, 3]);
  } catch (e) {
    error = e;
  }
  expect(error).toBeInstanceOf(HttpError);
  expect((error as HttpError).message).toBe('Serveren bruger en nyere version af synkroniseringen (3). Opdater appen.');
  expect((error as HttpError).extra.code).toBe('opdater_appen');
  expect(() => checkProtocolVersion(undefined, [2, 3])).toThrow('Opdater appen'); // absent = version 1
  expect(() => checkProtocolVersion('2', [2, 3])).not.toThrow();
});
