import { expect, it } from 'vitest';
import { uuidv7 } from '../../../shared/ids';
import { themeScoreId } from '../../../shared/inspection';
import { api, countRows, describeDialects, mutation, newInspection, pushBody, useServer } from './helpers';

/**
 * Push as docs/sync-protocol.md §3 describes it, for the cases a second client written from the
 * doc found the server disagreeing with it (issue 8).
 */
const DEVICE_1 = 'device-one-0001';
const DEVICE_2 = 'device-two-0002';

describeDialects('push follows the protocol', (d) => {
  const s = useServer(d, {}, { world: true });

  const inspectionFields = (over: Parameters<typeof newInspection>[1] = {}) => {
    const { id, rev: _rev, updatedAt: _u, ...fields } = newInspection('INST-A', over);
    return { id, fields };
  };

  it('a batch that creates an inspection and then changes its status is applied in order (the app\'s own outbox makes it offline)', async () => {
    const k = api(s.app, s.world.konsulentA);
    const { id, fields } = inspectionFields({ status: 'planlagt' });
    const res = await k.push(DEVICE_1, [mutation('inspection', id, 0, fields), mutation('inspection', id, 0, { status: 'i_gang' }), mutation('inspection', id, 0, { status: 'udkast' })]);
    const body = pushBody(res);
    expect(body.results.map((r) => [r.status, r.rev])).toEqual([['applied', 1], ['applied', 2], ['applied', 3]]);
    expect(body.records[0]!.state!.data.status).toBe('udkast');
  });

  it('a batch that creates a finding and then edits it is applied in order: no 400', async () => {
    const k = api(s.app, s.world.konsulentA);
    const { id, fields } = inspectionFields();
    const finding = uuidv7();
    const body = pushBody(
      await k.push(DEVICE_1, [
        mutation('inspection', id, 0, fields),
        mutation('anbefaling', finding, 0, { inspectionId: id, themeId: 'leg', text: 'Mere', createdAt: '2025-03-04T10:00:00.000Z' }),
        mutation('anbefaling', finding, 0, { text: 'Mere leg ude' }),
        mutation('themeScore', themeScoreId(id, 'leg'), 0, { inspectionId: id, themeId: 'leg', step: 2 }),
        mutation('themeScore', themeScoreId(id, 'leg'), 0, { step: 3, note: '' }),
      ]),
    );
    expect(body.results.map((r) => r.status)).toEqual(['applied', 'applied', 'applied', 'applied', 'applied']);
    expect(body.records.find((r) => r.recordId === finding)!.state!.data.text).toBe('Mere leg ude');
    expect(body.records.find((r) => r.recordType === 'themeScore')!.state!.data.step).toBe(3);
  });

  it('a change to a record whose creation was rejected earlier in the batch is rejected, saying so', async () => {
    const k = api(s.app, s.world.konsulentA);
    const { id, fields } = inspectionFields({ status: 'endelig' });
    const body = pushBody(
      await k.push(DEVICE_1, [
        mutation('inspection', id, 0, fields),
        mutation('inspection', id, 0, { participants: ['Anna'] }),
        mutation('themeScore', themeScoreId(id, 'leg'), 0, { inspectionId: id, themeId: 'leg', step: 2 }),
      ]),
    );
    expect(body.results[0]).toMatchObject({ status: 'rejected', reason: 'Et nyt tilsyn skal starte som planlagt, i gang, udkast eller i høring (ikke "Endelig")' });
    expect(body.results[1]).toMatchObject({ status: 'rejected', rev: null, reason: 'Posten blev ikke oprettet: oprettelsen blev afvist tidligere i samme sending' });
    expect(body.results[2]).toMatchObject({ status: 'rejected', rev: null, code: 'parent_not_created', reason: 'Tilsynet findes ikke på serveren (det blev ikke oprettet)' });
    expect(body.records[0]!.state).toBeNull();
  });

  for (const order of ['typed first', 'default first'] as const) {
    it(`a record created on two devices: a typed value and the other device's untyped default (note "", step null) do not conflict (${order})`, async () => {
      const k = api(s.app, s.world.konsulentA);
      const { id, fields } = inspectionFields();
      pushBody(await k.push(DEVICE_1, [mutation('inspection', id, 0, fields)]));
      const sid = themeScoreId(id, 'leg');
      const typedStep = { inspectionId: id, themeId: 'leg', step: 3, note: '' };
      const typedNote = { inspectionId: id, themeId: 'leg', step: null, note: 'Børnene leger ude' };
      const [first, second] = order === 'typed first' ? [typedStep, typedNote] : [typedNote, typedStep];
      expect(pushBody(await k.push(DEVICE_1, [mutation('themeScore', sid, 0, first)])).results[0]!.status).toBe('applied');
      const res = pushBody(await k.push(DEVICE_2, [mutation('themeScore', sid, 0, second)]));
      expect(res.results[0]).toMatchObject({ status: 'applied', conflicts: [] });
      expect(res.records[0]!.state!.data).toMatchObject({ step: 3, note: 'Børnene leger ude' });
      expect(await countRows(s.app, 'conflicts')).toBe(0);
    });
  }

  it('field names like toString, constructor, valueOf, hasOwnProperty are ordinary (unknown) fields: kept, never a 500', async () => {
    const k = api(s.app, s.world.konsulentA);
    const { id, fields } = inspectionFields();
    pushBody(await k.push(DEVICE_1, [mutation('inspection', id, 0, fields)]));
    const odd = { toString: 'a', constructor: 'b', valueOf: 'c', hasOwnProperty: 'd' };
    const res = await k.push(DEVICE_1, [mutation('inspection', id, 1, odd)]);
    expect(res.statusCode).toBe(200);
    const body = pushBody(res);
    expect(body.results[0]).toMatchObject({ status: 'applied', rev: 2, applied: ['constructor', 'hasOwnProperty', 'toString', 'valueOf'] });
    expect(body.records[0]!.state!.data).toMatchObject(odd);
    // And again from another device on the old base: its own values conflict, they do not crash.
    const again = await k.push(DEVICE_2, [mutation('inspection', id, 1, { toString: 'z' })]);
    expect(again.statusCode).toBe(200);
    expect(pushBody(again).results[0]).toMatchObject({ status: 'conflict' });
    const created = await k.push(DEVICE_1, [mutation('anbefaling', uuidv7(), 0, { inspectionId: id, themeId: 'leg', text: 'x', createdAt: '2025-03-04T10:00:00.000Z', valueOf: 1 })]);
    expect(created.statusCode).toBe(200);
  });

  it('a baseRev ahead of the server is rejected (a restored server backup): it never overwrites', async () => {
    const k = api(s.app, s.world.konsulentA);
    const { id, fields } = inspectionFields();
    pushBody(await k.push(DEVICE_1, [mutation('inspection', id, 0, fields)]));
    const res = pushBody(await k.push(DEVICE_2, [mutation('inspection', id, 5, { date: '2025-06-01' })]));
    expect(res.results[0]).toMatchObject({ status: 'rejected', rev: 1, reason: 'Ændringen bygger på version 5 af posten, men serveren har kun version 1. Den blev ikke gemt.' });
    expect(res.records[0]!.state!.data.date).toBe(fields.date);
  });

  it('a change (baseRev > 0) to a record that does not exist is a 404, as for one the user may not see', async () => {
    const k = api(s.app, s.world.konsulentA);
    const { id, fields } = inspectionFields();
    pushBody(await k.push(DEVICE_1, [mutation('inspection', id, 0, fields)]));
    for (const m of [
      mutation('themeScore', themeScoreId(id, 'leg'), 2, { inspectionId: id, themeId: 'leg', step: 2 }),
      mutation('inspection', uuidv7(), 3, { date: '2025-06-01' }),
    ]) {
      const res = await k.push(DEVICE_1, [m]);
      expect(res.statusCode).toBe(404);
      expect(res.json()).toMatchObject({ error: 'Posten findes ikke, eller du har ikke adgang til den', code: 'ugyldig_aendring', records: [{ recordId: m.recordId, state: null }] });
    }
  });

  it('an uppercase mutationId is refused (400): ids are lowercase UUIDv7', async () => {
    const k = api(s.app, s.world.konsulentA);
    const { id, fields } = inspectionFields();
    const res = await k.push(DEVICE_1, [mutation('inspection', id, 0, fields, { mutationId: uuidv7().toUpperCase() })]);
    expect(res.statusCode).toBe(400);
    expect(res.json().error).toMatch(/mutationId skal være en UUIDv7 med små bogstaver/);
  });
});
