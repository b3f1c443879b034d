import { useId, type RefObject } from 'react';
import { useTranslation } from 'react-i18next';

/** The file picker of both import pages; `inputRef` lets the page clear it after an import. */
export function CsvFileField({ inputRef, onFile }: { inputRef: RefObject<HTMLInputElement | null>; onFile: (file: File | null) => void }) {
  const { t } = useTranslation('import');
  const id = useId();
  return (
    <div className="field">
      <label htmlFor={id}>{t('file.label')}</label>
      <input ref={inputRef} id={id} type="file" accept=".csv,text/csv" onChange={(e) => onFile(e.target.files?.[0] ?? null)} />
      <p className="hint">{t('file.hint')}</p>
    </div>
  );
}
