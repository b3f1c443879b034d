import { useState } from 'react';
import { CaseFileSchema } from '../../../shared/caseFile';
import { todayIso } from '../../../shared/dates';
import { ServerError } from '../../../shared/serverError';
import { useAdminAccess } from '../admin/adminApi';
import { downloadBlob } from '../dashboard/download';

/** Forvaltning downloads one institution's case file for the state's tilsynsrejsehold (built on the server, JSON). */
export function CaseFileButton({ institutionId }: { institutionId: string }) {
  const access = useAdminAccess();
  const [error, setError] = useState('');
  if (access.state !== 'ready') return null;
  const download = async () => {
    setError('');
    try {
      const file = await access.client.get(`/api/committee/case-file/${encodeURIComponent(institutionId)}`, CaseFileSchema);
      downloadBlob(JSON.stringify(file, null, 2), `sagsmappe-${institutionId}-${todayIso()}.json`, 'application/json');
    } catch (e) {
      setError(e instanceof ServerError ? e.message : 'Sagsmappen kunne ikke hentes.');
    }
  };
  return (
    <>
      <button type="button" className="secondary" onClick={() => void download()}>
        Hent sagsmappe (til tilsynsrejseholdet)
      </button>
      {error && (
        <p className="field-error" role="alert">
          {error}
        </p>
      )}
    </>
  );
}
