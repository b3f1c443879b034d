import { useLiveQuery } from 'dexie-react-hooks';
import { useEffect, useId, useState } from 'react';
import { Trans, useTranslation } from 'react-i18next';
import { formatLongDate, todayIso } from '../../../shared/dates';
import { BOARD_FORM_LABELS, BOARD_FORMS, publicationId, publicationPrivacyHits, publishedTexts, type BoardForm } from '../../../shared/publication';
import { withdrawalId } from '../../../shared/publicationWithdrawal';
import type { Rapportversion } from '../../../shared/reportVersion';
import { publicationDraft, publishVersion, saveBoardOrientation } from '../../db/publicationRepository';
import { ValidationError } from '../../db/validation';
import { useDatabase } from '../../state/context';
import { useActor } from '../../state/useActor';
import { getMunicipality } from '../../sync/municipality';
import { DateInput } from '../../ui/DateInput';
import { FieldError } from '../../ui/FieldError';
import { SelectField } from '../../ui/SelectField';
import { TextField } from '../../ui/TextField';
import { WithdrawalSection } from './WithdrawalSection';

/**
 * After the report is final: the forældrebestyrelse's orientation (§ 5 b stk. 1; the consultant
 * or the institution's leder records it) and the publication (§ 5 stk. 3; the consultant or
 * forvaltning), with the privacy check's findings and the override reason it needs.
 */
export function PublicationPanel({ version }: { version: Rapportversion }) {
  const { t } = useTranslation('report');
  const db = useDatabase();
  const actor = useActor();
  const data = useLiveQuery(async () => {
    const [orientation, publication, draft, municipality, withdrawn] = await Promise.all([
      db.bestyrelsesorienteringer.get(version.inspectionId),
      db.publiceringer.get(publicationId(version.inspectionId, version.version)),
      publicationDraft(db, version),
      getMunicipality(db),
      db.tilbagetraekninger.get(withdrawalId(version.inspectionId, version.version)),
    ]);
    return { orientation, publication, draft, municipality, withdrawn: !!withdrawn };
  }, [db, version]);
  if (!data) return null;
  const isLeder = actor?.role === 'leder';
  const { publication, municipality } = data;
  const publicLink = municipality ? `${municipality.serverUrl}${municipality.publicPath}/${encodeURIComponent(version.snapshot.institutionId)}` : null;

  return (
    <section className="publication-panel no-print" aria-labelledby="publication-heading" data-testid="publication-panel">
      <h2 id="publication-heading">{t('publication.title')}</h2>
      <BoardForm inspectionId={version.inspectionId} orientation={data.orientation ?? null} readOnly={!!publication} />
      {publication ? (
        <p className="ok-note" data-testid="publication-status">
          <Trans
            t={t}
            i18nKey="publication.published"
            values={{ date: formatLongDate(publication.publishedOn), name: publication.publishedBy, url: publication.url }}
            components={{ site: <a href={publication.url} /> }}
          />
          {publicLink && !data.withdrawn && (
            <>
              {' '}
              <Trans t={t} i18nKey="publication.publicPage" values={{ url: publicLink }} components={{ site: <a href={publicLink} />, pdf: <a href={`${publicLink}.pdf`} /> }} />
            </>
          )}
        </p>
      ) : null}
      {publication && <WithdrawalSection publication={publication} />}
      {publication ? null : isLeder ? (
        <p>{t('publication.notYet')}</p>
      ) : (
        <PublishForm version={version} texts={publishedTexts(version.snapshot, data.draft.board, data.draft.followUp)} />
      )}
    </section>
  );
}

function BoardForm({ inspectionId, orientation, readOnly }: { inspectionId: string; orientation: { informedOn: string; form: BoardForm; comment: string } | null; readOnly: boolean }) {
  const { t } = useTranslation('report');
  const db = useDatabase();
  const id = useId();
  const [informedOn, setInformedOn] = useState<string | null>(orientation?.informedOn ?? null);
  const [form, setForm] = useState<BoardForm>(orientation?.form ?? 'bestyrelsesmoede');
  const [comment, setComment] = useState(orientation?.comment ?? '');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [saved, setSaved] = useState(false);
  useEffect(() => {
    if (!orientation) return;
    setInformedOn(orientation.informedOn);
    setForm(orientation.form);
    setComment(orientation.comment);
  }, [orientation?.informedOn, orientation?.form, orientation?.comment]);

  if (readOnly)
    return orientation ? (
      <p data-testid="board-status">
        {t('publication.boardInformed', { date: formatLongDate(orientation.informedOn), form: BOARD_FORM_LABELS[orientation.form].toLowerCase() })}
        {orientation.comment ? t('publication.boardComment', { comment: orientation.comment }) : ''}
      </p>
    ) : (
      <p data-testid="board-status">{t('publication.publishedBeforeBoard')}</p>
    );

  const save = async () => {
    setSaved(false);
    if (!informedOn) {
      setErrors({ informedOn: t('publication.needBoardDate') });
      return;
    }
    try {
      await saveBoardOrientation(db, inspectionId, { informedOn, form, comment });
      setErrors({});
      setSaved(true);
    } catch (e) {
      setErrors(e instanceof ValidationError ? e.fieldErrors : { _: t('publication.boardSaveFailed') });
    }
  };

  return (
    <fieldset className="board-form">
      <legend>{t('publication.boardLegend')}</legend>
      <div className="field">
        <label htmlFor={`${id}-date`}>{t('publication.boardDate')}</label>
        <DateInput id={`${id}-date`} value={informedOn} onChange={setInformedOn} optional={false} aria-describedby={`${id}-date-error2`} />
        <FieldError id={`${id}-date-error2`} message={errors.informedOn} />
      </div>
      <SelectField id={`${id}-form`} label={t('publication.boardHow')} options={BOARD_FORMS} labels={BOARD_FORM_LABELS} value={form} onChange={(e) => setForm(e.target.value as BoardForm)} error={errors.form} />
      <TextField id={`${id}-comment`} label={t('publication.boardCommentField')} rows={3} value={comment} onChange={(e) => setComment(e.target.value)} error={errors.comment} />
      <FieldError message={errors._} />
      <button type="button" className="secondary" onClick={() => void save()}>
        {t('publication.saveBoard')}
      </button>
      {saved && (
        <span className="ok-note" role="status">
          {' '}
          {t('publication.saved')}
        </span>
      )}
    </fieldset>
  );
}

function PublishForm({ version, texts }: { version: Rapportversion; texts: string[] }) {
  const { t } = useTranslation('report');
  const db = useDatabase();
  const id = useId();
  const [publishedOn, setPublishedOn] = useState<string | null>(todayIso());
  const [url, setUrl] = useState('');
  const [reason, setReason] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const hits = publicationPrivacyHits(texts);

  const publish = async () => {
    if (!publishedOn) {
      setErrors({ publishedOn: t('publication.needPublishDate') });
      return;
    }
    try {
      await publishVersion(db, version, { publishedOn, url, privacyOverrideReason: reason });
      setErrors({});
    } catch (e) {
      setErrors(e instanceof ValidationError ? e.fieldErrors : { _: t('publication.publishFailed') });
    }
  };

  return (
    <fieldset className="publish-form">
      <legend>{t('publication.publishLegend', { version: version.version })}</legend>
      <div className="field">
        <label htmlFor={`${id}-date`}>{t('publication.publishDate')}</label>
        <DateInput id={`${id}-date`} value={publishedOn} onChange={setPublishedOn} optional={false} aria-describedby={`${id}-date-error2`} />
        <FieldError id={`${id}-date-error2`} message={errors.publishedOn} />
      </div>
      <TextField id={`${id}-url`} label={t('publication.url')} type="url" placeholder={t('publication.urlPlaceholder')} value={url} onChange={(e) => setUrl(e.target.value)} error={errors.url} />
      {hits.length > 0 && (
        <div className="notice privacy-hits" data-testid="privacy-hits">
          <p>{t('publication.privacyFound')}</p>
          <ul>
            {hits.map((h) => (
              <li key={h.kind}>
                {h.label}: {h.texts.join(', ')}
              </li>
            ))}
          </ul>
          <p>{t('publication.privacyAdvice')}</p>
        </div>
      )}
      {hits.length > 0 && <TextField id={`${id}-reason`} label={t('publication.overrideReason')} rows={2} value={reason} onChange={(e) => setReason(e.target.value)} error={errors.privacyOverrideReason} />}
      <FieldError message={errors.board} />
      <FieldError message={errors._} />
      <button type="button" onClick={() => void publish()}>
        {t('publication.publish')}
      </button>
    </fieldset>
  );
}
