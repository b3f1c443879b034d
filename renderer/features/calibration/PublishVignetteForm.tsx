import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { z } from 'zod';
import { VignetteDraftSchema } from '../../../shared/calibration/vignettes';
import { THEME_IDS } from '../../../shared/framework';
import { notify, words } from '../../state/notices';
import type { ServerClient } from '../../sync/serverClient';
import { FieldError } from '../../ui/FieldError';
import { TextField } from '../../ui/TextField';
import { themeName } from './calibrationTexts';
import { StepSelect } from './StepSelect';

/** Forvaltning writes a vignette (a described situation) with a master score per theme and publishes it. */
export function PublishVignetteForm({ client, onPublished }: { client: ServerClient; onPublished: () => void }) {
  const { t } = useTranslation('kalibrering');
  const id = useId();
  const [title, setTitle] = useState('');
  const [situation, setSituation] = useState('');
  const [master, setMaster] = useState<Record<string, number | null>>({});
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState(false);

  const submit = async () => {
    const parsed = VignetteDraftSchema.safeParse({ title, situation, masterScores: master });
    if (!parsed.success) {
      const next: Record<string, string> = {};
      for (const issue of parsed.error.issues) next[issue.path.join('.')] ??= issue.message;
      for (const th of THEME_IDS) if (master[th] == null) next[`masterScores.${th}`] = t('vignettes.missing');
      setErrors(next);
      const first = ['title', 'situation', ...THEME_IDS.map((th) => `masterScores.${th}`)].find((k) => next[k]);
      if (first) document.getElementById(`${id}-${first.replace('masterScores.', '')}`)?.focus();
      return;
    }
    setBusy(true);
    setErrors({});
    try {
      await client.post('/api/kalibrering/vignetter', parsed.data, z.object({ id: z.string() }));
      setTitle('');
      setSituation('');
      setMaster({});
      notify(words('kalibrering:vignettes.publish.done'));
      onPublished();
    } catch (e) {
      setErrors({ root: e instanceof Error ? e.message : String(e) });
    } finally {
      setBusy(false);
    }
  };

  return (
    <details className="card">
      <summary>{t('vignettes.publish.title')}</summary>
      <form
        aria-label={t('vignettes.publish.title')}
        onSubmit={(e) => {
          e.preventDefault();
          void submit();
        }}
      >
        <TextField id={`${id}-title`} label={t('vignettes.publish.titleLabel')} value={title} onChange={(e) => setTitle(e.target.value)} error={errors.title} />
        <TextField id={`${id}-situation`} label={t('vignettes.publish.situation')} rows={6} value={situation} onChange={(e) => setSituation(e.target.value)} error={errors.situation} />
        <fieldset>
          <legend>{t('vignettes.result.master')}</legend>
          <div className="vignette-steps">
            {THEME_IDS.map((th) => (
              <StepSelect
                key={th}
                id={`${id}-${th}`}
                label={t('vignettes.publish.master', { theme: themeName(th) })}
                value={master[th] ?? null}
                error={errors[`masterScores.${th}`]}
                onChange={(step) => setMaster((m) => ({ ...m, [th]: step }))}
              />
            ))}
          </div>
        </fieldset>
        <button type="submit" disabled={busy}>
          {t('vignettes.publish.submit')}
        </button>
        <FieldError message={errors.root} />
      </form>
    </details>
  );
}
