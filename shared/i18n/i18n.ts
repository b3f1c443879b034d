import i18next, { type TOptions } from 'i18next';
import { z } from 'zod';
import { da } from './locales/da';
import { en } from './locales/en';

/*
 * The one i18next instance of a process. The renderer hands it to react-i18next (useTranslation) and
 * switches its language; the server never switches it, so what the server writes (error messages,
 * published reports) is Danish. Shared code (rule messages, zod messages) translates through it.
 * Why i18next: plurals by Intl.PluralRules, interpolation, namespaces, and react-i18next re-renders
 * on a language change; a hand-written table would do none of that.
 */

export const LANGUAGES = ['da', 'en'] as const;
export type Language = (typeof LANGUAGES)[number];
export const LanguageSchema = z.enum(LANGUAGES);
export const DEFAULT_LANGUAGE: Language = 'da';

/** The Intl locale of each language: Danish dates and numbers as Danes write them (30.06.2021, 2,68). */
const INTL_LOCALES: Record<Language, string> = { da: 'da-DK', en: 'en-GB' };

export const resources = { da, en };
export type Namespace = keyof typeof da;
const NAMESPACES = Object.keys(da) as Namespace[];

export const i18n = i18next.createInstance();
void i18n.init({
  resources,
  lng: DEFAULT_LANGUAGE,
  fallbackLng: DEFAULT_LANGUAGE,
  supportedLngs: [...LANGUAGES],
  ns: NAMESPACES,
  defaultNS: 'common',
  // Synchronous: the resources are bundled, and a server or a test may translate at once.
  initAsync: false,
  // React escapes what it renders; the server's HTML escapes on its own.
  interpolation: { escapeValue: false },
  returnNull: false,
});

/** The language in use ("da" until the renderer switches). */
export function currentLanguage(): Language {
  const parsed = LanguageSchema.safeParse(i18n.resolvedLanguage ?? i18n.language);
  return parsed.success ? parsed.data : DEFAULT_LANGUAGE;
}

/** The Intl locale of the language in use, for Intl.DateTimeFormat and Intl.NumberFormat. */
export function currentLocale(): string {
  return intlLocale(currentLanguage());
}

/** The Intl locale of `lng` ("da-DK", "en-GB"), for text built in a given language whatever the one in use. */
export function intlLocale(lng: Language): string {
  return INTL_LOCALES[lng];
}

/**
 * A key translated in the language in use. Keys are "namespace:path"; use this outside React
 * (shared rules, notices); components use react-i18next's useTranslation.
 */
export function translate(key: string, options?: TOptions): string {
  return i18n.t(key, options ?? {}) as string;
}

/**
 * A message kept as its key and params, so that a screen words it in the language in use when it is
 * drawn, not when it arose (a notice, a sync error). A param may itself be a MessageRef (a label, a count phrase).
 */
export interface MessageRef {
  key: string;
  params?: Record<string, string | number | boolean | MessageRef | undefined>;
}

/** A MessageRef worded in the language in use, its MessageRef params first. */
export function worded(m: MessageRef): string {
  const params: TOptions = {};
  for (const [k, v] of Object.entries(m.params ?? {})) params[k] = typeof v === 'object' && v !== null ? worded(v) : v;
  return translate(m.key, params);
}

/** The message to show now: its key worded in the language in use, else the text as it was given (e.g. the server's own Danish words). */
export function shownMessage(m: { message: string; text?: MessageRef }): string {
  return m.text ? worded(m.text) : m.message;
}

/** A translated message that remembers its key (see MessageRef). */
export function keyed(key: string, params?: MessageRef['params']): { message: string; text: MessageRef } {
  const text: MessageRef = params ? { key, params } : { key };
  return { message: worded(text), text };
}

/**
 * A zod message from the resources, translated when the value is checked (zod calls the function
 * on each failing parse), so one schema speaks the language of whoever parses: the form in English,
 * the server in Danish. Usage: `z.string().min(1, { error: msg('validation:required') })`.
 */
export function msg(key: string, options?: TOptions): () => string {
  return () => {
    const text = translate(key, options);
    rememberSource(text, key, options);
    return text;
  };
}

/**
 * The key and params each recent msg() text was worded from: a message that is kept and shown later
 * (an import's problem list, the server's answer to another client) keeps them, to be worded again in
 * the language of whoever reads it. Bounded: only failed checks word a message.
 */
const sources = new Map<string, { key: string; params?: Record<string, string | number> }>();

function rememberSource(text: string, key: string, options?: TOptions): void {
  if (sources.size >= 2000) sources.clear();
  const params = Object.fromEntries(Object.entries(options ?? {}).filter(([k, v]) => k !== 'lng' && (typeof v === 'string' || typeof v === 'number'))) as Record<string, string | number>;
  sources.set(text, Object.keys(params).length ? { key, params } : { key });
}

/** The key and params of a text msg() worded (see above); undefined for other text. */
export function msgSource(text: string): { key: string; params?: Record<string, string | number> } | undefined {
  return sources.get(text);
}
