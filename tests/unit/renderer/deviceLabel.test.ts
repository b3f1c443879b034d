import { afterEach, expect, it } from 'vitest';
import { i18n } from '../../../shared/i18n/i18n';
import { deviceLabel } from '../../../renderer/sync/deviceLabel';

it('names the browser and the system, nothing more', () => {
  expect(deviceLabel('Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36')).toBe('Chrome på Windows');
  expect(deviceLabel('Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5) AppleWebKit/537.36 (KHTML, like Gecko) Tilsyn/0.1.0 Chrome/130.0.0.0 Electron/33.0.0 Safari/537.36')).toBe('Tilsyn-appen på Mac');
  expect(deviceLabel('Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36 Edg/131.0.0.0')).toBe('Edge på Windows');
  expect(deviceLabel('Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0')).toBe('Firefox på Linux');
  expect(deviceLabel('Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1')).toBe('Safari på iOS');
  expect(deviceLabel('')).toBe('Browser');
});

afterEach(() => void i18n.changeLanguage('da'));

it('in the language of the one who logs in', async () => {
  await i18n.changeLanguage('en');
  expect(deviceLabel('Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0')).toBe('Firefox on Linux');
  expect(deviceLabel('Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5) AppleWebKit/537.36 (KHTML, like Gecko) Tilsyn/0.1.0 Chrome/130.0.0.0 Electron/33.0.0 Safari/537.36')).toBe('The Tilsyn app on Mac');
});
