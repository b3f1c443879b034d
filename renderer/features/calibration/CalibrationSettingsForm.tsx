import { useEffect, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { CalibrationAccessSettingsSchema, CalibrationSettingsStateSchema } from '../../../shared/calibration/figuresAccess';
import type { CalibrationSettings } from '../../../shared/calibration/warnings';
import { notify, words } from '../../state/notices';
import type { ServerClient } from '../../sync/serverClient';
import { FieldError } from '../../ui/FieldError';
import { TextField } from '../../ui/TextField';

const NUMBER_FIELDS = [
  'windowMonths',
  'minPairsForWarnings',
  'minPairsForCoefficients',
  'themeExactBelow',
  'themeAlphaBelow',
  'consultantExactBelow',
  'consultantWithinOneBelow',
  'leniencyAtLeast',
  'driftAtLeast',
  'minVignetteAnswers',
] as const satisfies readonly (keyof CalibrationSettings)[];

/** Forvaltning's calibration settings: the warning thresholds and whether management sees named figures (audited on the server). */
export function CalibrationSettingsForm({ client }: { client: ServerClient }) {
  const { t } = useTranslation('kalibrering');
  const id = useId();
  const [values, setValues] = useState<Record<string, string> | null>(null);
  const [named, setNamed] = useState(false);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    client.get('/api/kalibrering/indstillinger', CalibrationSettingsStateSchema).then(
      (s) => {
        setValues(Object.fromEntries(NUMBER_FIELDS.map((f) => [f, String(s.thresholds[f]).replace('.', ',')])));
        setNamed(s.namedFiguresForManagement);
      },
      (e: unknown) => setErrors({ root: e instanceof Error ? e.message : String(e) }),
    );
  }, [client]);
  if (!values) return errors.root ? <FieldError message={errors.root} /> : null;

  const save = async () => {
    const thresholds = Object.fromEntries(NUMBER_FIELDS.map((f) => [f, Number(values[f]!.trim().replace(',', '.'))]));
    const parsed = CalibrationAccessSettingsSchema.safeParse({ thresholds, namedFiguresForManagement: named });
    if (!parsed.success) {
      const next: Record<string, string> = {};
      for (const issue of parsed.error.issues) next[String(issue.path.at(-1))] ??= issue.message;
      setErrors(next);
      const first = NUMBER_FIELDS.find((f) => next[f]);
      if (first) document.getElementById(`${id}-${first}`)?.focus();
      return;
    }
    setBusy(true);
    setErrors({});
    try {
      await client.patch('/api/kalibrering/indstillinger', parsed.data, CalibrationSettingsStateSchema);
      notify(words('kalibrering:settings.saved'));
    } catch (e) {
      setErrors({ root: e instanceof Error ? e.message : String(e) });
    } finally {
      setBusy(false);
    }
  };

  return (
    <details className="card">
      <summary>{t('settings.title')}</summary>
      <form
        aria-label={t('settings.title')}
        onSubmit={(e) => {
          e.preventDefault();
          void save();
        }}
      >
        <div className="field checkbox">
          <input type="checkbox" id={`${id}-named`} checked={named} onChange={(e) => setNamed(e.target.checked)} />
          <label htmlFor={`${id}-named`}>{t('settings.named')}</label>
        </div>
        {NUMBER_FIELDS.map((f) => (
          <TextField key={f} id={`${id}-${f}`} label={t(`settings.${f}`)} inputMode="decimal" value={values[f]} onChange={(e) => setValues((v) => v && { ...v, [f]: e.target.value })} error={errors[f]} />
        ))}
        <button type="submit" disabled={busy}>
          {t('settings.save')}
        </button>
        <FieldError message={errors.root} />
      </form>
    </details>
  );
}
