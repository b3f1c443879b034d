import { useEffect, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { z } from 'zod';
import type { AdminUser } from '../../../shared/accounts';
import { CalibrationSettingsStateSchema } from '../../../shared/calibration/figuresAccess';
import type { ServerClient } from '../../sync/serverClient';
import { FieldError } from '../../ui/FieldError';

/** Administration › Brugere: who is calibration lead (a konsulent or forvaltning user; audited on the server). */
export function CalibrationLeadPanel({ client, users }: { client: ServerClient; users: readonly AdminUser[] }) {
  const { t } = useTranslation('kalibrering');
  const id = useId();
  const [leads, setLeads] = useState<string[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    client.get('/api/kalibrering/indstillinger', CalibrationSettingsStateSchema).then(
      (s) => setLeads(s.calibrationLeadUserIds),
      (e: unknown) => setError(e instanceof Error ? e.message : String(e)),
    );
  }, [client]);
  if (!leads) return error ? <FieldError message={error} /> : null;
  const mark = (userId: string, lead: boolean) => setLeads((l) => l && (lead ? [...l.filter((u) => u !== userId), userId] : l.filter((u) => u !== userId)));
  const setLead = async (user: AdminUser, lead: boolean) => {
    setError(null);
    // Shown at once; put back if the server refuses.
    mark(user.id, lead);
    try {
      await client.post(`/api/kalibrering/brugere/${encodeURIComponent(user.id)}/kalibreringsansvarlig`, { lead }, z.object({ lead: z.boolean() }));
    } catch (e) {
      mark(user.id, !lead);
      setError(e instanceof Error ? e.message : String(e));
    }
  };
  const eligible = users.filter((u) => u.role !== 'leder');
  return (
    <section className="card" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>{t('lead.title')}</h2>
      <details>
        <summary>{t('lead.count', { count: leads.length })}</summary>
        <p className="muted">{t('lead.hint')}</p>
        <ul className="plain-list">
          {eligible.map((u) => (
            <li key={u.id} className="field checkbox">
              <input type="checkbox" id={`${id}-u-${u.id}`} checked={leads.includes(u.id)} onChange={(e) => void setLead(u, e.target.checked)} />
              <label htmlFor={`${id}-u-${u.id}`}>{t('lead.label', { name: u.displayName, username: u.username })}</label>
            </li>
          ))}
        </ul>
      </details>
      <FieldError message={error ?? undefined} />
    </section>
  );
}
