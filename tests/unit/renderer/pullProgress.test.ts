import { expect, it } from 'vitest';
import { pullProgressText } from '../../../renderer/sync/syncEngine';

it('a first pull says how far it has come, in Danish, with the total when the server counted', () => {
  expect(pullProgressText({ received: 12400, total: 40000 })).toBe('Henter 12.400 af 40.000 …');
  expect(pullProgressText({ received: 500 })).toBe('Henter 500 …');
});
