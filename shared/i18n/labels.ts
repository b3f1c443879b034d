import { translate, type Language } from './i18n';

/*
 * The label tables of shared/ (statuses, roles, kinds): one record per table, whose every property
 * translates when it is read, so `STATUS_LABELS[s]` reads the language in use (the renderer's choice;
 * Danish on the server) and every importer keeps its one-line lookup. What is stored or published
 * (a frozen report, an export for the committee) reads Danish whatever the UI language: `danishLabel`.
 */

const keysOfTable = new WeakMap<object, (code: string) => string>();

/** A table of `codes`, each label the resource key `keyOf(code)` ("inspection:status.udkast"). */
export function labelTable<C extends string>(codes: readonly C[], keyOf: (code: C) => string): Readonly<Record<C, string>> {
  const table = {} as Record<C, string>;
  for (const code of codes) Object.defineProperty(table, code, { enumerable: true, get: () => translate(keyOf(code)) });
  keysOfTable.set(table, keyOf as (code: string) => string);
  return table;
}

/** The Danish label, for text that is stored or published (reports stay Danish whatever the UI language). */
export function danishLabel<C extends string>(table: Readonly<Record<C, string>>, code: C): string {
  return labelIn(table, code, 'da');
}

/**
 * Labels already looked up, per language and resource key. The resources are bundled and never change
 * in a running process (shared/i18n/i18n.ts), so a label in a given language is the same every time:
 * an export of 280,000 rows asks i18next for a handful of labels, not for 1.4 million (each `t` call
 * resolves the key through namespaces and fallbacks and leaves its garbage behind).
 */
const looked = new Map<string, string>();

/** The label in `lng`, for text built in a given language (a report model: Danish to freeze, the UI's language on screen). */
export function labelIn<C extends string>(table: Readonly<Record<C, string>>, code: C, lng: Language): string {
  const keyOf = keysOfTable.get(table);
  if (!keyOf) return table[code];
  const key = keyOf(code);
  const cacheKey = `${lng}\u0000${key}`;
  let label = looked.get(cacheKey);
  if (label === undefined) {
    label = translate(key, { lng });
    // Codes come from the tables' own lists; the bound only keeps a stray code from growing the map.
    if (looked.size < 10_000) looked.set(cacheKey, label);
  }
  return label;
}

/** The code whose Danish label is `danish` (text frozen in a report version), or undefined. */
export function codeOfDanishLabel<C extends string>(table: Readonly<Record<C, string>>, danish: string): C | undefined {
  return (Object.keys(table) as C[]).find((code) => danishLabel(table, code) === danish);
}

/** Every language's label of each code (an import reads a Danish or an English file alike). */
export function labelsInEveryLanguage<C extends string>(table: Readonly<Record<C, string>>, codes: readonly C[]): Record<C, string[]> {
  const keyOf = keysOfTable.get(table);
  const out = {} as Record<C, string[]>;
  for (const c of codes) out[c] = keyOf ? ['da', 'en'].map((lng) => translate(keyOf(c), { lng })) : [table[c]];
  return out;
}
