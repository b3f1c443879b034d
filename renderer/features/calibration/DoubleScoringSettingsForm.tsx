import { useEffect, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { DoubleScoringSettingsSchema } from '../../../shared/calibration/sampling';
import { notify, words } from '../../state/notices';
import type { ServerClient } from '../../sync/serverClient';
import { FieldError } from '../../ui/FieldError';
import { TextField } from '../../ui/TextField';

/**
 * Forvaltning switches double scoring on and sets the share and the per-consultant minimum
 * (PATCH /api/calibration/settings, audited on the server; the server draws, docs/kalibrering.md).
 * The share is typed as a percentage; the server stores a fraction.
 */
export function DoubleScoringSettingsForm({ client }: { client: ServerClient }) {
  const { t } = useTranslation('kalibrering');
  const id = useId();
  const [enabled, setEnabled] = useState(false);
  const [share, setShare] = useState<string | null>(null);
  const [minimum, setMinimum] = useState('');
  const [errors, setErrors] = useState<{ share?: string; minPerConsultant?: string; root?: string }>({});
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    client.get('/api/calibration/settings', DoubleScoringSettingsSchema).then(
      (s) => {
        setEnabled(s.enabled);
        setShare(String(Math.round(s.share * 1000) / 10).replace('.', ','));
        setMinimum(String(s.minPerConsultant));
      },
      (e: unknown) => setErrors({ root: e instanceof Error ? e.message : String(e) }),
    );
  }, [client]);
  if (share === null) return errors.root ? <FieldError message={errors.root} /> : null;

  const save = async () => {
    const percent = Number(share.trim().replace(',', '.'));
    const parsed = DoubleScoringSettingsSchema.safeParse({ enabled, share: Number.isFinite(percent) ? percent / 100 : Number.NaN, minPerConsultant: Number(minimum.trim()) });
    if (!parsed.success) {
      const next: typeof errors = {};
      for (const issue of parsed.error.issues) {
        const field = String(issue.path[0]);
        if (field === 'share') next.share ??= t('doubleScoring.shareInvalid');
        else if (field === 'minPerConsultant') next.minPerConsultant ??= t('doubleScoring.minimumInvalid');
      }
      setErrors(next);
      document.getElementById(`${id}-${next.share ? 'share' : 'minimum'}`)?.focus();
      return;
    }
    setBusy(true);
    setErrors({});
    try {
      const saved = await client.patch('/api/calibration/settings', parsed.data, DoubleScoringSettingsSchema);
      notify(saved.enabled ? words('kalibrering:doubleScoring.savedOn', { share: share, minimum: saved.minPerConsultant }) : words('kalibrering:doubleScoring.savedOff'));
    } catch (e) {
      setErrors({ root: e instanceof Error ? e.message : String(e) });
    } finally {
      setBusy(false);
    }
  };

  return (
    <details className="card" data-testid="double-scoring-settings">
      <summary>{t('doubleScoring.title')}</summary>
      <form
        aria-label={t('doubleScoring.title')}
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          void save();
        }}
      >
        <p className="hint">{t('doubleScoring.intro')}</p>
        <div className="field checkbox">
          <input type="checkbox" id={`${id}-enabled`} checked={enabled} onChange={(e) => setEnabled(e.target.checked)} />
          <label htmlFor={`${id}-enabled`}>{t('doubleScoring.enabled')}</label>
        </div>
        <TextField id={`${id}-share`} label={t('doubleScoring.share')} inputMode="decimal" value={share} onChange={(e) => setShare(e.target.value)} error={errors.share} />
        <TextField id={`${id}-minimum`} label={t('doubleScoring.minimum')} inputMode="numeric" value={minimum} onChange={(e) => setMinimum(e.target.value)} error={errors.minPerConsultant} />
        <FieldError message={errors.root} />
        <button type="submit" className="primary" disabled={busy}>
          {t('doubleScoring.save')}
        </button>
      </form>
    </details>
  );
}
