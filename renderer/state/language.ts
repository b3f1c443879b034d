import { DEFAULT_LANGUAGE, i18n, LanguageSchema, type Language } from '../../shared/i18n/i18n';

/*
 * The UI language: chosen in the header, remembered on this computer (localStorage: a preference of
 * the person at this computer, not a fact to sync), Danish until someone picks another.
 */

const KEY = 'tilsyn.sprog';

function stored(): Language {
  try {
    const parsed = LanguageSchema.safeParse(localStorage.getItem(KEY));
    return parsed.success ? parsed.data : DEFAULT_LANGUAGE;
  } catch {
    return DEFAULT_LANGUAGE;
  }
}

function apply(language: Language): void {
  void i18n.changeLanguage(language);
  // Screen readers and the browser's hyphenation follow the page's language.
  document.documentElement.lang = language;
}

/** Before the first render: the remembered language. */
export function applyStoredLanguage(): void {
  apply(stored());
}

export function chooseLanguage(language: Language): void {
  try {
    localStorage.setItem(KEY, language);
  } catch {
    // Storage refused (private window): the choice holds until the window closes.
  }
  apply(language);
}
