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

/** The label in `lng`, for text built in a given language (a report model: Danish to freeze, the UI's language on screen). */
export function labelIn<C extends string>(table: Readonly<Record<C, string>>, code: C, lng: Language): string {
  const keyOf = keysOfTable.get(table);
  return keyOf ? translate(keyOf(code), { lng }) : table[code];
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
