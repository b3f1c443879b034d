import { describe, expect, it } from 'vitest';
import { LANGUAGES, resources } from '../../../shared/i18n/i18n';

/** Every leaf of a resource tree as "ns:path.to.key" → text. */
function leaves(tree: unknown, prefix = ''): Map<string, string> {
  const out = new Map<string, string>();
  for (const [k, v] of Object.entries(tree as Record<string, unknown>)) {
    const path = prefix ? (prefix.includes(':') ? `${prefix}.${k}` : `${prefix}:${k}`) : k;
    if (typeof v === 'string') out.set(path, v);
    else for (const [p, t] of leaves(v, path)) out.set(p, t);
  }
  return out;
}

const PLURAL = /_(zero|one|two|few|many|other)$/;
const variables = (text: string) => [...text.matchAll(/\{\{\s*(\w+)[^}]*\}\}/g)].map((m) => m[1]).sort();

describe('the resource files', () => {
  const byLanguage = Object.fromEntries(LANGUAGES.map((l) => [l, leaves(resources[l])]));
  const da = byLanguage.da!;

  it.each(LANGUAGES.filter((l) => l !== 'da'))('%s has exactly the Danish keys', (language) => {
    const other = byLanguage[language]!;
    expect([...other.keys()].filter((k) => !da.has(k)), 'keys only in this language').toEqual([]);
    expect([...da.keys()].filter((k) => !other.has(k)), 'Danish keys missing in this language').toEqual([]);
  });

  it.each([...LANGUAGES])('%s: no empty text, and no {{variable}} the Danish text does not have (the code passes those)', (language) => {
    for (const [key, text] of byLanguage[language]!) {
      expect(text.trim(), key).not.toBe('');
      const danish = new Set([...variables(da.get(key) ?? ''), 'count']);
      expect(variables(text).filter((v) => !danish.has(v!)), key).toEqual([]);
    }
  });

  it.each([...LANGUAGES])('%s: a count is written {{count, number}}, so it keeps the thousands separator of the language (12.400 / 12,400)', (language) => {
    const bare = [...byLanguage[language]!].filter(([, text]) => /\{\{\s*count\s*\}\}/.test(text)).map(([key]) => key);
    expect(bare).toEqual([]);
  });

  it.each([...LANGUAGES])('%s: every plural has its "one" and "other" form', (language) => {
    const keys = [...byLanguage[language]!.keys()];
    for (const key of keys.filter((k) => PLURAL.test(k))) {
      const base = key.replace(PLURAL, '');
      expect(keys, `${base}_one`).toContain(`${base}_one`);
      expect(keys, `${base}_other`).toContain(`${base}_other`);
    }
  });
});
