import { useLiveQuery } from 'dexie-react-hooks';
import { useEffect, useId, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { z } from 'zod';
import { HandPickRequestSchema, handPickVisitProblem, secondRaterCandidates } from '../../../shared/calibration/handPick';
import { DobbeltscoringSchema } from '../../../shared/calibration/records';
import { formatNumericDate } from '../../../shared/dates';
import { ConsultantDirectorySchema, type ConsultantDirectory } from '../../../shared/impartiality';
import type { Inspection } from '../../../shared/inspection';
import { ServerError } from '../../../shared/serverError';
import { useDatabase } from '../../state/context';
import { notify, words } from '../../state/notices';
import type { ServerClient } from '../../sync/serverClient';
import { FieldError } from '../../ui/FieldError';
import { SelectField } from '../../ui/SelectField';
import { TextField } from '../../ui/TextField';

type Field = 'inspectionId' | 'secondRaterId' | 'reason';
type Errors = Partial<Record<Field | 'root', string>>;
const NONE = '';

/**
 * Forvaltning hand-picks a visit for double scoring (POST /api/calibration/handpick; marked not
 * random, audited with the reason). The lists follow the shared rules (shared/calibration/handPick.ts):
 * visits nobody has scored yet, from this device's copy; second raters from the server's consultant
 * directory. The server judges both again; its refusal is shown at the field it names.
 */
export function HandPickForm({ client }: { client: ServerClient }) {
  const { t } = useTranslation('kalibrering');
  const db = useDatabase();
  const id = useId();
  const [directory, setDirectory] = useState<ConsultantDirectory | null>(null);
  const [inspectionId, setInspectionId] = useState(NONE);
  const [secondRaterId, setSecondRaterId] = useState(NONE);
  const [reason, setReason] = useState('');
  const [errors, setErrors] = useState<Errors>({});
  const [busy, setBusy] = useState(false);
  // Picked here: the server's dobbeltscoring reaches this device at its next sync.
  const [picked, setPicked] = useState<readonly string[]>([]);

  useEffect(() => {
    client.get('/api/consultants', ConsultantDirectorySchema).then(setDirectory, (e: unknown) => setErrors({ root: e instanceof Error ? e.message : String(e) }));
  }, [client]);

  const visits = useLiveQuery(async () => {
    const open = await db.inspections.where('status').anyOf(['planlagt', 'i_gang']).toArray();
    const ids = open.map((i) => i.id);
    const [scores, doubles, institutions] = await Promise.all([
      db.themeScores.where('inspectionId').anyOf(ids).toArray(),
      db.dobbeltscoringer.where('inspectionId').anyOf(ids).toArray(),
      db.institutions.bulkGet([...new Set(open.map((i) => i.institutionId))]),
    ]);
    const names = new Map(institutions.filter((x) => x !== undefined).map((x) => [x.id, x.name]));
    return open
      .filter(
        (i) =>
          (i.consultantIds?.length ?? 0) > 0 &&
          handPickVisitProblem({
            status: i.status,
            hasOfficialStep: scores.some((s) => s.inspectionId === i.id && typeof s.step === 'number'),
            doubleScored: doubles.some((d) => d.inspectionId === i.id),
          }) === null,
      )
      .map((i) => ({ inspection: i, institutionName: names.get(i.institutionId) ?? i.institutionId }))
      .sort((a, b) => a.inspection.date.localeCompare(b.inspection.date) || a.institutionName.localeCompare(b.institutionName, 'da'));
  }, [db]);

  const shown = useMemo(() => (visits ?? []).filter((v) => !picked.includes(v.inspection.id)), [visits, picked]);
  const chosenVisit = shown.find((v) => v.inspection.id === inspectionId);
  const chosen = chosenVisit?.inspection;
  const nameOf = (userId: string) => directory?.users.find((u) => u.id === userId)?.displayName ?? userId;
  const raters = chosen && directory ? secondRaterCandidates(directory.users, directory.relations, { institutionId: chosen.institutionId, date: chosen.date, consultantIds: chosen.consultantIds ?? [] }) : [];

  if (!directory || !visits) return errors.root ? <FieldError message={errors.root} /> : null;

  const visitLabel = (v: { inspection: Inspection; institutionName: string }) =>
    t('handPick.visitOption', { institution: v.institutionName, date: formatNumericDate(v.inspection.date), consultants: (v.inspection.consultantIds ?? []).map(nameOf).join(', ') });
  const visitLabels: Record<string, string> = { [NONE]: t('handPick.chooseVisit'), ...Object.fromEntries(shown.map((v) => [v.inspection.id, visitLabel(v)])) };
  const raterLabels: Record<string, string> = { [NONE]: t('handPick.chooseRater'), ...Object.fromEntries(raters.map((u) => [u.id, u.displayName])) };

  const focus = (field: Field) => document.getElementById(`${id}-${field}`)?.focus();

  const submit = async () => {
    const next: Errors = {};
    const parsed = HandPickRequestSchema.safeParse({ inspectionId, reason, ...(secondRaterId ? { secondRaterId } : {}) });
    if (!parsed.success) for (const issue of parsed.error.issues) next[String(issue.path[0]) as Field] ??= issue.message;
    if (inspectionId && !secondRaterId) next.secondRaterId = t('handPick.raterRequired');
    const firstBad = (['inspectionId', 'secondRaterId', 'reason'] as const).find((f) => next[f]);
    if (!parsed.success || firstBad) {
      setErrors(next);
      if (firstBad) focus(firstBad);
      return;
    }
    setBusy(true);
    setErrors({});
    try {
      const { dobbeltscoring } = await client.post('/api/calibration/handpick', parsed.data, z.object({ dobbeltscoring: DobbeltscoringSchema }));
      setPicked((p) => [...p, dobbeltscoring.inspectionId]);
      notify(words('kalibrering:handPick.done', { visit: chosenVisit ? visitLabel(chosenVisit) : '', rater: nameOf(dobbeltscoring.raterIds[1]) }));
      setInspectionId(NONE);
      setSecondRaterId(NONE);
      setReason('');
    } catch (e) {
      const issue = e instanceof ServerError ? e.problem.issues.find((i): i is typeof i & { path: Field } => ['inspectionId', 'secondRaterId', 'reason'].includes(i.path)) : undefined;
      if (issue) {
        setErrors({ [issue.path]: issue.message });
        focus(issue.path);
      } else setErrors({ root: e instanceof Error ? e.message : String(e) });
    } finally {
      setBusy(false);
    }
  };

  return (
    <details className="card" data-testid="hand-pick">
      <summary>{t('handPick.title')}</summary>
      <form
        aria-label={t('handPick.title')}
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          void submit();
        }}
      >
        <p className="hint">{t('handPick.intro')}</p>
        {shown.length === 0 ? (
          <p data-testid="hand-pick-none">{t('handPick.noVisits')}</p>
        ) : (
          <>
            <SelectField
              id={`${id}-inspectionId`}
              label={t('handPick.visit')}
              options={[NONE, ...shown.map((v) => v.inspection.id)]}
              labels={visitLabels}
              value={inspectionId}
              onChange={(e) => {
                setInspectionId(e.target.value);
                setSecondRaterId(NONE);
                setErrors((x) => ({ ...x, inspectionId: undefined, secondRaterId: undefined }));
              }}
              error={errors.inspectionId}
            />
            <SelectField
              id={`${id}-secondRaterId`}
              label={t('handPick.rater')}
              options={[NONE, ...raters.map((u) => u.id)]}
              labels={raterLabels}
              value={secondRaterId}
              disabled={!chosen}
              onChange={(e) => {
                setSecondRaterId(e.target.value);
                setErrors((x) => ({ ...x, secondRaterId: undefined }));
              }}
              error={errors.secondRaterId}
              hint={chosen && raters.length === 0 ? t('handPick.noRaters') : t('handPick.raterHint')}
            />
            <TextField id={`${id}-reason`} label={t('handPick.reason')} rows={3} value={reason} onChange={(e) => setReason(e.target.value)} error={errors.reason} hint={t('handPick.reasonHint')} />
            <FieldError message={errors.root} />
            <button type="submit" className="primary" disabled={busy}>
              {t('handPick.submit')}
            </button>
          </>
        )}
      </form>
    </details>
  );
}
