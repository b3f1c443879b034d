import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { expect, it } from 'vitest';
import { COMPRESSION_THRESHOLD } from '../../../server/compression';
import { seedInstitutions, seedRecords, type SeedRecord } from '../../../server/seed/records';
import { THEME_IDS } from '../../../shared/framework';
import { uuidv7 } from '../../../shared/ids';
import { themeScoreId } from '../../../shared/inspection';
import { PROTOCOL_VERSION } from '../../../shared/sync/wire';
import { DEVICE_ACCEPT_ENCODING, unpacked } from '../../support/wireClient';
import { describeDialects, institution, mutation, newInspection, pushBody, startApp, useServer } from './helpers';

/** What the desktop app's Chromium asks for over HTTPS, and over plain HTTP (and Node's fetch). */
const CHROMIUM_HTTPS = DEVICE_ACCEPT_ENCODING;
const PLAIN_HTTP = 'gzip, deflate';

const unpack = (res: LightMyRequestResponse): Buffer => unpacked(res.rawPayload, res.headers['content-encoding'] as string | undefined);

/** Institutions with a final inspection each, seven scores with notes: a first pull's worth of records (~100 KB unpacked). */
async function seedMunicipality(app: FastifyInstance, institutions: number) {
  const ids = Array.from({ length: institutions }, (_, k) => `KOMP-${String(k).padStart(3, '0')}`);
  await seedInstitutions(app.tilsyn.db, ids.map((id) => institution(id)));
  const items: SeedRecord[] = [];
  ids.forEach((id, k) => {
    const inspection = newInspection(id, { status: 'endelig', date: `2025-0${1 + (k % 9)}-1${k % 10}` });
    items.push({ type: 'inspection', data: inspection });
    THEME_IDS.forEach((themeId, t) =>
      items.push({ type: 'themeScore', data: { id: themeScoreId(inspection.id, themeId), inspectionId: inspection.id, themeId, step: 1 + ((k + t) % 4), note: `Observation ${k}.${t}: børnene inddrog egne forslag i legen, og personalet fulgte op på dem.` } }),
    );
  });
  await seedRecords(app.tilsyn.db, items);
}

describeDialects('compressed answers (server/compression.ts)', (d) => {
  const s = useServer(d, {}, { world: true });
  const get = (url: string, acceptEncoding?: string, token = s.world.admin) =>
    s.app.inject({ method: 'GET', url, headers: { authorization: `Bearer ${token}`, ...(acceptEncoding ? { 'accept-encoding': acceptEncoding } : {}) } });

  it("a first pull's page comes compressed, br for Chromium over HTTPS and gzip over plain HTTP, and unpacks to the same bytes", async () => {
    await seedMunicipality(s.app, 150);
    const url = `/api/sync/pull?v=${PROTOCOL_VERSION}&cursor=0&limit=2000`;
    const plain = await get(url);
    expect(plain.statusCode).toBe(200);
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.rawPayload.length).toBeGreaterThan(3 * COMPRESSION_THRESHOLD);

    const br = await get(url, CHROMIUM_HTTPS);
    expect(br.statusCode).toBe(200);
    expect(br.headers['content-encoding']).toBe('br');
    expect(br.headers.vary).toMatch(/accept-encoding/i);
    expect(br.headers['cache-control']).toBe('no-store');
    expect(br.rawPayload.length).toBeLessThan(plain.rawPayload.length / 4);
    expect(unpack(br).equals(plain.rawPayload)).toBe(true);

    const gz = await get(url, PLAIN_HTTP);
    expect(gz.headers['content-encoding']).toBe('gzip');
    expect(gz.rawPayload.length).toBeLessThan(plain.rawPayload.length / 4);
    expect(unpack(gz).equals(plain.rawPayload)).toBe(true);

    // A client that asks for none (or only identity) gets the page as it is.
    expect((await get(url, 'identity')).headers['content-encoding']).toBeUndefined();
  });

  it("a routine sync's small answers go out as they are, even to a client that accepts br", async () => {
    const inspection = newInspection('INST-A');
    const mutations = [mutation('inspection', inspection.id, 0, { institutionId: 'INST-A', frameworkId: 'v1', visitType: 'anmeldt', kind: 'ordinaer', date: '2026-03-03', consultants: ['K'], participants: [], status: 'i_gang' })];
    for (const themeId of THEME_IDS.slice(0, 4)) mutations.push(mutation('themeScore', themeScoreId(inspection.id, themeId), 0, { inspectionId: inspection.id, themeId, step: 2 }));
    const push = await s.app.inject({ method: 'POST', url: '/api/sync/push', headers: { authorization: `Bearer ${s.world.konsulentA}`, 'accept-encoding': CHROMIUM_HTTPS }, payload: { clientId: uuidv7(), mutations } });
    expect(pushBody(push).results.every((r) => r.status === 'applied')).toBe(true);
    expect(push.headers['content-encoding']).toBeUndefined();
    const pull = await get(`/api/sync/pull?v=${PROTOCOL_VERSION}&cursor=0&limit=2000`, CHROMIUM_HTTPS, s.world.konsulentA);
    expect(pull.statusCode).toBe(200);
    expect((pull.json() as { changes: unknown[] }).changes.length).toBeGreaterThanOrEqual(5);
    expect(pull.rawPayload.length).toBeLessThan(COMPRESSION_THRESHOLD);
    expect(pull.headers['content-encoding']).toBeUndefined();
    expect((await get('/api/health', CHROMIUM_HTTPS)).headers['content-encoding']).toBeUndefined();
    expect((await get('/api/stats/theme-averages', CHROMIUM_HTTPS, s.world.konsulentA)).headers['content-encoding']).toBeUndefined();
  });

  it('an exported CSV file unpacks to the same bytes, and is still streamed (no length known in advance)', async () => {
    await seedMunicipality(s.app, 60);
    const url = '/api/export/theme-scores.csv';
    const plain = await get(url);
    expect(plain.statusCode).toBe(200);
    expect(plain.rawPayload.length).toBeGreaterThan(COMPRESSION_THRESHOLD);
    for (const accept of [CHROMIUM_HTTPS, PLAIN_HTTP]) {
      const res = await get(url, accept);
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-encoding']).toBe(accept === PLAIN_HTTP ? 'gzip' : 'br');
      expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
      expect(res.headers['content-disposition']).toMatch(/^attachment; filename="tilsyn-temascorer-/);
      expect(res.headers['content-length']).toBeUndefined();
      expect(res.headers['transfer-encoding']).toBe('chunked');
      expect(res.rawPayload.length).toBeLessThan(plain.rawPayload.length / 4);
      expect(unpack(res).equals(plain.rawPayload)).toBe(true);
    }
  });

  it('a page of the JSON export unpacks to the same page, next link included', async () => {
    await seedMunicipality(s.app, 60);
    const url = '/api/export/theme-scores?limit=300';
    const plain = await get(url);
    const br = await get(url, CHROMIUM_HTTPS);
    expect(br.headers['content-encoding']).toBe('br');
    const a = JSON.parse(plain.body) as { rows: unknown[]; next: string | null; generatedAt: string };
    const b = JSON.parse(unpack(br).toString('utf8')) as typeof a;
    expect(b.rows.length).toBe(300);
    expect({ ...b, generatedAt: '' }).toEqual({ ...a, generatedAt: '' });
    expect(b.next).not.toBeNull();
  });

  it('the built files keep their own settings beside the API (compressed from 1 KB)', async () => {
    const root = mkdtempSync(path.join(tmpdir(), 'tilsyn-komp-'));
    mkdirSync(path.join(root, 'assets'));
    const js = `export const x = ${JSON.stringify('Tilsyn '.repeat(400))};\n`;
    writeFileSync(path.join(root, 'index.html'), '<!doctype html><title>Tilsyn</title>');
    writeFileSync(path.join(root, 'assets/index-Komp1.js'), js);
    const app = await startApp(s.database, { rendererDir: root });
    try {
      const res = await app.inject({ url: '/assets/index-Komp1.js', headers: { 'accept-encoding': CHROMIUM_HTTPS } });
      expect(js.length).toBeLessThan(COMPRESSION_THRESHOLD);
      expect(res.headers['content-encoding']).toBe('br');
      expect(res.headers['cache-control']).toBe('public, max-age=31536000, immutable');
      expect(unpack(res).toString('utf8')).toBe(js);
    } finally {
      await app.close();
    }
  });
});
