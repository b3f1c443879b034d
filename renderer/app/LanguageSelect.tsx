import { useTranslation } from 'react-i18next';
import { LANGUAGES, LanguageSchema } from '../../shared/i18n/i18n';
import { chooseLanguage } from '../state/language';

/** Dansk / English in the header; each language is named in itself, so anyone can find their own. */
export function LanguageSelect() {
  const { t, i18n } = useTranslation();
  return (
    <label className="language-select">
      <span className="visually-hidden">{t('language.label')}</span>
      <select
        value={i18n.resolvedLanguage ?? i18n.language}
        onChange={(e) => {
          const parsed = LanguageSchema.safeParse(e.target.value);
          if (parsed.success) chooseLanguage(parsed.data);
        }}
      >
        {LANGUAGES.map((l) => (
          <option key={l} value={l} lang={l}>
            {t(`language.${l}`)}
          </option>
        ))}
      </select>
    </label>
  );
}
