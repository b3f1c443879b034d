import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { CaseFileSchema } from '../../../shared/caseFile';
import { todayIso } from '../../../shared/dates';
import { ServerError } from '../../../shared/serverError';
import { useAdminAccess } from '../admin/adminApi';
import { downloadBlob } from '../dashboard/download';

type Format = 'pdf' | 'html' | 'json';

/**
 * Forvaltning downloads one institution's case file for the state's tilsynsrejsehold, built on the
 * server (docs/skaerpet-tilsyn.md): a PDF or HTML document to read, or the records as JSON.
 */
export function CaseFileButton({ institutionId }: { institutionId: string }) {
  const { t } = useTranslation('efterbesoeg');
  const access = useAdminAccess();
  const [error, setError] = useState('');
  const [busy, setBusy] = useState<Format | null>(null);
  if (access.state !== 'ready') return null;
  const base = `/api/committee/case-file/${encodeURIComponent(institutionId)}`;
  const name = `sagsmappe-${institutionId}-${todayIso()}`;
  const download = async (format: Format) => {
    setError('');
    setBusy(format);
    try {
      if (format === 'json') downloadBlob(JSON.stringify(await access.client.get(base, CaseFileSchema), null, 2), `${name}.json`, 'application/json');
      else if (format === 'pdf') downloadBlob(await access.client.getBytes(`${base}/sagsmappe.pdf`), `${name}.pdf`, 'application/pdf');
      else downloadBlob(await access.client.getText(`${base}/sagsmappe.html`), `${name}.html`, 'text/html');
    } catch (e) {
      setError(e instanceof ServerError ? e.message : t('caseFile.failed'));
    } finally {
      setBusy(null);
    }
  };
  return (
    <div className="case-file-downloads" role="group" aria-label={t('caseFile.label')} data-testid="case-file-downloads">
      {(['pdf', 'html', 'json'] as const).map((f) => (
        <button key={f} type="button" className="secondary" disabled={busy !== null} aria-busy={busy === f || undefined} onClick={() => void download(f)}>
          {t(`caseFile.${f}`)}
        </button>
      ))}
      {error && (
        <p className="field-error" role="alert">
          {error}
        </p>
      )}
    </div>
  );
}
