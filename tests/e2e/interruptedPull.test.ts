/**
 * Issue 10: an interrupted pull, a reset included, resumes where it stopped. The app in Chromium
 * with its real IndexedDB pulls from the real server (its demo data, ~1,700 records, in pages of
 * 100 here: the test shrinks the page size in the request, the app sees only pages); midway the
 * renderer is killed while the next page is on its way, and the app opened again must go on from
 * the cursor it stored with the last page it wrote, not from 0, and end with the whole copy.
 * The same for a full copy that a change of the user's institutions started (a reset): it goes on
 * in the new epoch and still drops, at its end, what the user no longer sees.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BrowserContext, Page, Route } from 'playwright-core';
import { buildDemoData } from '../../shared/demo/demoData';
import { ADMIN_PASSWORD, createUsers, loginInApp, syncNow } from './support/accounts';
import { newProfileDir, openProfile } from './support/browser';
import { startServer, type RunningServer } from './support/server';

const PW = 'pias-kode-til-tilsyn';
const PAGE = 100;
/** The request that is never answered (counted from the sync's first): the pages before it are stored, then the renderer dies. */
const HOLD_FIRST_PULL = 6;
/** The reset's copy of 10 institutions is about five pages. */
const HOLD_RESET = 3;

const demo = buildDemoData();
const allIds = demo.institutions.map((i) => i.id);
const kept = allIds.slice(0, 10);
const recordsOf = (ids: readonly string[]) => {
  const inspections = new Set(demo.inspections.filter((i) => ids.includes(i.institutionId)).map((i) => i.id));
  return { inspections: inspections.size, themeScores: demo.themeScores.filter((s) => inspections.has(s.inspectionId)).length };
};

interface PullSeen {
  cursor: number;
  epoch: string | null;
  counted: boolean;
  reset?: boolean;
  changes?: number;
  total?: number;
}

let server: RunningServer;
let ctx: BrowserContext;
const seen: PullSeen[] = [];
let holdAt = Infinity;
let onHeld: (() => void) | null = null;
const held: Route[] = [];

beforeAll(async () => {
  server = await startServer({}, ['--demo']);
  await createUsers(server.url, [{ username: 'pia', displayName: 'Pia Konsulent', role: 'konsulent', password: PW, institutionIds: allIds }]);
  ctx = await openProfile(newProfileDir());
  await ctx.route(/\/api\/sync\/pull\?/, async (route) => {
    const url = new URL(route.request().url());
    const entry: PullSeen = { cursor: Number(url.searchParams.get('cursor')), epoch: url.searchParams.get('epoch'), counted: url.searchParams.get('count') === '1' };
    seen.push(entry);
    if (seen.length === holdAt) {
      // On its way for ever: the app is killed while it waits for this page.
      held.push(route);
      onHeld?.();
      return;
    }
    url.searchParams.set('limit', String(PAGE));
    const response = await route.fetch({ url: url.toString() });
    const json = (await response.json()) as { reset: boolean; changes: unknown[]; total?: number };
    entry.reset = json.reset;
    entry.changes = json.changes.length;
    entry.total = json.total;
    await route.fulfill({ response, json });
  });
});
afterAll(async () => {
  await ctx?.close();
  await server?.stop();
});

/** The app's own stored state, read from IndexedDB as it is on disk for the app. */
async function stored(page: Page) {
  return page.evaluate(
    () =>
      new Promise<{ meta: { cursor?: number; epoch?: number; resetting?: boolean } | null; inspections: number; themeScores: number; institutions: number }>((resolve, reject) => {
        const open = indexedDB.open('tilsyn');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const db = open.result;
          const tx = db.transaction(['meta', 'inspections', 'themeScores', 'institutions'], 'readonly');
          const meta = tx.objectStore('meta').get('syncMeta');
          const counts = ['inspections', 'themeScores', 'institutions'].map((s) => tx.objectStore(s).count());
          tx.oncomplete = () => {
            db.close();
            resolve({ meta: (meta.result?.value as never) ?? null, inspections: counts[0]!.result, themeScores: counts[1]!.result, institutions: counts[2]!.result });
          };
          tx.onerror = () => reject(tx.error);
        };
      }),
  );
}

/**
 * Lets the next pull run until its `hold`-th request from now, waits until the page before it is
 * stored (the cursor the app keeps is the held request's), and kills the renderer. Returns that cursor.
 */
async function killMidway(page: Page, hold: number, start: () => Promise<void>): Promise<number> {
  const reached = new Promise<void>((resolve) => (onHeld = resolve));
  holdAt = seen.length + hold;
  await start();
  await reached;
  const heldCursor = seen[holdAt - 1]!.cursor;
  expect(heldCursor).toBeGreaterThan(0);
  await expect.poll(async () => (await stored(page)).meta?.cursor, { timeout: 30_000 }).toBe(heldCursor);
  // While it pulls, the app says how far it has come, with the server's count (Danish thousands separator).
  expect(await page.getByTestId('sync-indicator').innerText()).toMatch(/Henter \d{1,3}(\.\d{3})* af \d{1,3}(\.\d{3})* …/);
  const crashed = page.waitForEvent('crash');
  const cdp = await ctx.newCDPSession(page);
  void cdp.send('Page.crash').catch(() => undefined); // the renderer dies; this call never answers
  await crashed;
  holdAt = Infinity;
  for (const r of held.splice(0)) await r.abort().catch(() => undefined);
  return heldCursor;
}

/** What the app stored, read by a page of the same origin that does not start the app. */
async function storedNow() {
  const probe = await ctx.newPage();
  try {
    await probe.goto(`${server.url}/asset-manifest.json`);
    return await stored(probe);
  } finally {
    await probe.close();
  }
}

/** Opens the app again (it syncs on start) and waits for a sync to finish. Returns the pulls it made. */
async function reopenAndSync(): Promise<{ page: Page; pulls: PullSeen[] }> {
  const from = seen.length;
  const page = await ctx.newPage();
  await page.goto(`${server.url}/#/synkronisering`);
  await syncNow(page);
  return { page, pulls: seen.slice(from) };
}

describe('an interrupted pull', () => {
  it('a first pull killed midway goes on from the cursor it stored, and ends with the whole copy', async () => {
    // The demo holds pages enough for the kill to come midway.
    const all0 = recordsOf(allIds);
    expect(all0.inspections + all0.themeScores).toBeGreaterThan(HOLD_FIRST_PULL * PAGE);
    const page = await ctx.newPage();
    const from = seen.length;
    const cursor = await killMidway(page, HOLD_FIRST_PULL, () => loginInApp(page, server.url, 'pia', PW));
    const answered = seen.slice(from, from + HOLD_FIRST_PULL - 1);
    const before = await storedNow();
    // The pages before the held one were stored: part of the copy, not all of it.
    expect(before.inspections + before.themeScores).toBeGreaterThan(0);
    expect(before.meta).toMatchObject({ cursor });

    const { page: again, pulls } = await reopenAndSync();
    // Resumed, not restarted: the first request after the restart asks from the stored cursor, and none from 0.
    expect(pulls[0]).toMatchObject({ cursor, reset: false });
    expect(pulls.some((p) => p.cursor === 0)).toBe(false);
    const after = await stored(again);
    const all = recordsOf(allIds);
    expect({ inspections: after.inspections, themeScores: after.themeScores, institutions: after.institutions }).toEqual({ ...all, institutions: allIds.length });
    // Only what was missing came again: every record was fetched once, before the kill or after it.
    const total = answered[0]!.total!;
    expect(total).toBeGreaterThan(all.inspections + all.themeScores);
    const count = (list: PullSeen[]) => list.reduce((n, p) => n + (p.changes ?? 0), 0);
    expect(count(answered)).toBeGreaterThan(0);
    expect(count(answered) + count(pulls)).toBe(total);
    await again.close();
    for (const p of ctx.pages()) await p.close();
  });

  it('a reset (the user lost institutions) killed midway goes on in its new epoch, and still drops what the user no longer sees', async () => {
    // Forvaltning takes 30 of Pia's 40 institutions away: her next pull is a full copy of the 10 she keeps.
    const admin = (await (await fetch(`${server.url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'admin', password: ADMIN_PASSWORD }) })).json()) as { token: string };
    const auth = { authorization: `Bearer ${admin.token}`, 'content-type': 'application/json' };
    const users = (await (await fetch(`${server.url}/api/admin/users`, { headers: auth })).json()) as { users: { id: string; username: string }[] };
    const pia = users.users.find((u) => u.username === 'pia')!;
    const patched = await fetch(`${server.url}/api/admin/users/${pia.id}`, { method: 'PATCH', headers: auth, body: JSON.stringify({ institutionIds: kept }) });
    expect(patched.status).toBe(200);

    const keptRecords = recordsOf(kept);
    expect(keptRecords.inspections + keptRecords.themeScores).toBeGreaterThan(HOLD_RESET * PAGE);
    const page = await ctx.newPage();
    const from = seen.length;
    // The app syncs on start by itself.
    const cursor = await killMidway(page, HOLD_RESET, async () => void (await page.goto(`${server.url}/#/synkronisering`)));
    const copy = seen.slice(from);
    // The copy started over (the server said reset) and was cut short with its new epoch stored.
    expect(copy[0]).toMatchObject({ reset: true });
    const before = await storedNow();
    expect(before.meta).toMatchObject({ cursor, resetting: true });
    const epoch = before.meta!.epoch;

    const { page: again, pulls } = await reopenAndSync();
    expect(pulls[0]).toMatchObject({ cursor, epoch: String(epoch), reset: false });
    expect(pulls.some((p) => p.cursor === 0)).toBe(false);
    const after = await stored(again);
    // The copy's end swept what it did not contain: only the kept institutions and their records remain.
    expect({ inspections: after.inspections, themeScores: after.themeScores, institutions: after.institutions }).toEqual({ ...recordsOf(kept), institutions: kept.length });
    expect(after.meta).toMatchObject({ resetting: false });
  });
});
