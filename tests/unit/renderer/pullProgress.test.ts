import { afterEach, expect, it } from 'vitest';
import { i18n } from '../../../shared/i18n/i18n';
import { pullProgressText } from '../../../renderer/sync/syncEngine';

afterEach(() => void i18n.changeLanguage('da'));

it('a first pull says how far it has come, in Danish, with the total when the server counted', () => {
  expect(pullProgressText({ received: 12400, total: 40000 })).toBe('Henter 12.400 af 40.000 …');
  expect(pullProgressText({ received: 500 })).toBe('Henter 500 …');
});

it('in English with English thousands separators', async () => {
  await i18n.changeLanguage('en');
  expect(pullProgressText({ received: 12400, total: 40000 })).toBe('Fetching 12,400 of 40,000 …');
  expect(pullProgressText({ received: 1500 })).toBe('Fetching 1,500 …');
});
