/**
 * The shape every language's resources must have: the Danish files are the source, and each other
 * language's namespace is checked against it at compile time (`satisfies Messages<typeof da.x>`), so a
 * key missing in English fails `npm run typecheck`; tests/unit/shared/i18nResources.test.ts checks
 * the same at run time, plurals included.
 */
export type Messages<T> = { [K in keyof T]: T[K] extends string ? string : Messages<T[K]> };
