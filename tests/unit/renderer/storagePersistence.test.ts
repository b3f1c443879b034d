import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { I18nextProvider } from 'react-i18next';
import { i18n } from '../../../shared/i18n/i18n';
import { afterEach, describe, expect, it } from 'vitest';
import { StorageWarning } from '../../../renderer/app/StorageWarning';
import { setPlatformForTests, type PlatformBridge } from '../../../renderer/platform/bridge';
import { persistenceWarning, requestPersistentStorage } from '../../../renderer/state/storagePersistence';

/** The warning as the app renders it: inside the app's i18next instance (renderer/main.tsx). */
const warning = () => createElement(I18nextProvider, { i18n }, createElement(StorageWarning));

function storage(opts: { persisted: boolean; grants: boolean | Error }) {
  const calls: string[] = [];
  return {
    calls,
    persisted: async () => (calls.push('persisted'), opts.persisted),
    persist: async () => {
      calls.push('persist');
      if (opts.grants instanceof Error) throw opts.grants;
      return opts.grants;
    },
  };
}

const platform = (kind: 'desktop' | 'browser') => ({ kind }) as PlatformBridge;
afterEach(() => setPlatformForTests(null));

describe('navigator.storage.persist() and the warning when it is refused', () => {
  it('asks only when not yet persisted, and remembers the answer', async () => {
    const already = storage({ persisted: true, grants: false });
    expect(await requestPersistentStorage(already)).toBe('persisted');
    expect(already.calls).toEqual(['persisted']);
    expect(await requestPersistentStorage(storage({ persisted: false, grants: true }))).toBe('persisted');
    expect(await requestPersistentStorage(storage({ persisted: false, grants: false }))).toBe('refused');
    expect(await requestPersistentStorage(storage({ persisted: false, grants: new Error('SecurityError') }))).toBe('refused');
    expect(await requestPersistentStorage(undefined)).toBe('unsupported');
  });

  it('warns in Danish in the browser when refused or unsupported, never on the desktop or when granted', () => {
    expect(persistenceWarning('refused', 'browser')).toMatch(/^Browseren har ikke lovet at gemme Tilsyns data varigt\. .*ændringer, der endnu ikke er sendt/);
    expect(persistenceWarning('unsupported', 'browser')).toMatch(/kræver en nyere browser og en https-adresse/);
    expect(persistenceWarning('persisted', 'browser')).toBeNull();
    expect(persistenceWarning('pending', 'browser')).toBeNull();
    expect(persistenceWarning('refused', 'desktop')).toBeNull();
  });

  it('shows the warning on the page after a refusal, and not after a grant or on the desktop', async () => {
    setPlatformForTests(platform('browser'));
    await requestPersistentStorage(storage({ persisted: false, grants: true }));
    expect(renderToStaticMarkup(warning())).toBe('');
    await requestPersistentStorage(storage({ persisted: false, grants: false }));
    const html = renderToStaticMarkup(warning());
    expect(html).toContain('data-testid="storage-warning"');
    expect(html).toContain('Dine data er ikke sikret i browseren.');
    setPlatformForTests(platform('desktop'));
    expect(renderToStaticMarkup(warning())).toBe('');
  });
});
