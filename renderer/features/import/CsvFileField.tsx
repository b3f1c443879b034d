import { useId, type RefObject } from 'react';

/** The file picker of both import pages; `inputRef` lets the page clear it after an import. */
export function CsvFileField({ inputRef, onFile }: { inputRef: RefObject<HTMLInputElement | null>; onFile: (file: File | null) => void }) {
  const id = useId();
  return (
    <div className="field">
      <label htmlFor={id}>Vælg en CSV-fil</label>
      <input ref={inputRef} id={id} type="file" accept=".csv,text/csv" onChange={(e) => onFile(e.target.files?.[0] ?? null)} />
      <p className="hint">Komma eller semikolon som skilletegn; UTF-8 (også med BOM) eller Windows-1252, som Excel gemmer.</p>
    </div>
  );
}
