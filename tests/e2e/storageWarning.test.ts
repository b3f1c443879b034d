import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newProfileDir, openProfile } from './support/browser';
import { startServer, type RunningServer } from './support/server';

let server: RunningServer;
beforeAll(async () => {
  server = await startServer();
});
afterAll(async () => {
  await server?.stop();
});

describe('the warning when the browser may delete the local data', () => {
  it('shows a Danish warning when navigator.storage.persist() is refused, and none when it is granted', async () => {
    const ctx = await openProfile(newProfileDir());
    try {
      const refused = await ctx.newPage();
      await refused.addInitScript(() => {
        Object.defineProperty(StorageManager.prototype, 'persisted', { value: async () => false });
        Object.defineProperty(StorageManager.prototype, 'persist', { value: async () => false });
      });
      await refused.goto(server.url);
      const warning = refused.getByTestId('storage-warning');
      await warning.waitFor();
      expect(await warning.innerText()).toMatch(/Dine data er ikke sikret i browseren\. Browseren har ikke lovet/);
      await warning.getByRole('button', { name: 'Luk' }).click();
      await expect.poll(() => warning.count()).toBe(0);

      const granted = await ctx.newPage();
      await granted.addInitScript(() => {
        Object.defineProperty(StorageManager.prototype, 'persisted', { value: async () => false });
        Object.defineProperty(StorageManager.prototype, 'persist', { value: async () => true });
      });
      await granted.goto(server.url);
      await granted.getByRole('button', { name: 'Indlæs demodata' }).waitFor();
      expect(await granted.getByTestId('storage-warning').count()).toBe(0);
    } finally {
      await ctx.close();
    }
  });
});
