import { useCallback, useEffect, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { z } from 'zod';
import { VignetteAnswerSchema, VignetteListSchema, type VignetteView } from '../../../shared/calibration/vignettes';
import { formatDateTime } from '../../../shared/dates';
import { THEME_IDS } from '../../../shared/framework';
import type { ServerClient } from '../../sync/serverClient';
import { FieldError } from '../../ui/FieldError';
import { themeName } from './calibrationTexts';
import { PublishVignetteForm } from './PublishVignetteForm';
import { StepSelect } from './StepSelect';

/**
 * Calibration sessions: a konsulent scores each vignette once; the server sends the master score and
 * the colleagues' spread only after that. Forvaltning publishes vignettes and sees every result.
 */
export function VignettesSection({ client, role }: { client: ServerClient; role: 'konsulent' | 'forvaltning' }) {
  const { t } = useTranslation('kalibrering');
  const [list, setList] = useState<VignetteView[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const headingId = useId();
  const load = useCallback(() => {
    client.get('/api/kalibrering/vignetter', VignetteListSchema).then(
      (l) => {
        setList(l.vignettes);
        setError(null);
      },
      (e: unknown) => setError(e instanceof Error ? e.message : String(e)),
    );
  }, [client]);
  useEffect(load, [load]);

  return (
    <section className="card" aria-labelledby={headingId}>
      <h2 id={headingId}>{t('vignettes.title')}</h2>
      <p className="hint">{t('vignettes.intro')}</p>
      {error && <FieldError message={error} />}
      {role === 'forvaltning' && <PublishVignetteForm client={client} onPublished={load} />}
      {list && list.length === 0 && <p>{t('vignettes.empty')}</p>}
      {list?.map((v) => <Vignette key={v.id} v={v} client={client} role={role} onAnswered={load} />)}
    </section>
  );
}

function Vignette({ v, client, role, onAnswered }: { v: VignetteView; client: ServerClient; role: 'konsulent' | 'forvaltning'; onAnswered: () => void }) {
  const { t } = useTranslation('kalibrering');
  const id = useId();
  return (
    <article className="card vignette" aria-labelledby={`${id}-title`} data-testid="vignette">
      <h3 id={`${id}-title`}>{v.title}</h3>
      <p className="muted">{t('vignettes.published', { date: formatDateTime(v.publishedAt, { dateStyle: 'long' }) })}</p>
      <p className="vignette-situation">{v.situation}</p>
      {role === 'konsulent' && !v.own && <AnswerForm vignetteId={v.id} client={client} onAnswered={onAnswered} />}
      {v.own && <p data-testid="vignette-locked">{t('vignettes.submitted', { date: formatDateTime(v.own.submittedAt) })}</p>}
      {v.result && <ResultTable v={v} role={role} />}
    </article>
  );
}

function AnswerForm({ vignetteId, client, onAnswered }: { vignetteId: string; client: ServerClient; onAnswered: () => void }) {
  const { t } = useTranslation('kalibrering');
  const id = useId();
  const [scores, setScores] = useState<Record<string, number | null>>({});
  const [missing, setMissing] = useState<ReadonlySet<string>>(new Set());
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = async () => {
    const parsed = VignetteAnswerSchema.safeParse({ scores });
    if (!parsed.success) {
      const gaps = new Set(THEME_IDS.filter((th) => scores[th] == null));
      setMissing(gaps);
      document.getElementById(`${id}-${[...gaps][0] ?? THEME_IDS[0]}`)?.focus();
      return;
    }
    setBusy(true);
    setError(null);
    try {
      await client.post(`/api/kalibrering/vignetter/${encodeURIComponent(vignetteId)}/svar`, parsed.data, z.object({ ok: z.literal(true) }));
      onAnswered();
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <form
      aria-label={t('vignettes.yourScores')}
      onSubmit={(e) => {
        e.preventDefault();
        void submit();
      }}
    >
      <fieldset>
        <legend>{t('vignettes.yourScores')}</legend>
        <div className="vignette-steps">
          {THEME_IDS.map((th) => (
            <StepSelect
              key={th}
              id={`${id}-${th}`}
              label={t('vignettes.step', { theme: themeName(th) })}
              value={scores[th] ?? null}
              error={missing.has(th) && scores[th] == null ? t('vignettes.missing') : undefined}
              onChange={(step) => setScores((s) => ({ ...s, [th]: step }))}
            />
          ))}
        </div>
      </fieldset>
      <button type="submit" disabled={busy}>
        {busy ? t('vignettes.submitting') : t('vignettes.submit')}
      </button>
      <FieldError message={error ?? undefined} />
    </form>
  );
}

function ResultTable({ v, role }: { v: VignetteView; role: 'konsulent' | 'forvaltning' }) {
  const { t } = useTranslation('kalibrering');
  const result = v.result!;
  return (
    <div className="table-scroll" role="region" aria-label={t('vignettes.result.caption')} tabIndex={0}>
      <table className="data-table" data-testid="vignette-result">
        <caption>
          {t('vignettes.result.caption')} · {role === 'forvaltning' ? t('vignettes.result.allAnswers', { count: result.answers }) : t('vignettes.result.answers', { count: result.answers })}
        </caption>
        <thead>
          <tr>
            <th scope="col">{t('vignettes.result.theme')}</th>
            {v.own && <th scope="col" className="num">{t('vignettes.result.own')}</th>}
            <th scope="col" className="num">{t('vignettes.result.master')}</th>
            {result.spread && <th scope="col" className="num">{t('vignettes.result.spread')}</th>}
          </tr>
        </thead>
        <tbody>
          {THEME_IDS.map((th) => {
            const [s1, s2, s3, s4] = result.spread?.[th] ?? [0, 0, 0, 0];
            return (
              <tr key={th}>
                <th scope="row">{themeName(th)}</th>
                {v.own && <td className="num">{v.own.scores[th]}</td>}
                <td className="num" data-testid={`master-${th}`}>{result.masterScores[th]}</td>
                {result.spread && <td className="num">{t('vignettes.result.spreadCell', { s1, s2, s3, s4 })}</td>}
              </tr>
            );
          })}
        </tbody>
      </table>
      {!result.spread && (
        <p className="hint" data-testid="spread-hidden">
          {t('vignettes.result.spreadHidden', { min: result.minAnswers, answered: result.answers })}
        </p>
      )}
    </div>
  );
}

