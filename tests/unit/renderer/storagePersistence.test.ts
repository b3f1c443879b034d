import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { afterEach, describe, expect, it } from 'vitest';
import { StorageWarning } from '../../../renderer/app/StorageWarning';
import { setPlatformForTests, type PlatformBridge } from '../../../renderer/platform/bridge';
import { persistenceWarning, requestPersistentStorage } from '../../../renderer/state/storagePersistence';

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
    expect(renderToStaticMarkup(createElement(StorageWarning))).toBe('');
    await requestPersistentStorage(storage({ persisted: false, grants: false }));
    const html = renderToStaticMarkup(createElement(StorageWarning));
    expect(html).toContain('data-testid="storage-warning"');
    expect(html).toContain('Dine data er ikke sikret i browseren.');
    setPlatformForTests(platform('desktop'));
    expect(renderToStaticMarkup(createElement(StorageWarning))).toBe('');
  });
});
