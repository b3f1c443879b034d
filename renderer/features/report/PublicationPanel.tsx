import { useLiveQuery } from 'dexie-react-hooks';
import { useEffect, useId, useState } from 'react';
import { formatDanishDate, todayIso } from '../../../shared/dates';
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
      <h2 id="publication-heading">Forældrebestyrelsen og offentliggørelse</h2>
      <BoardForm inspectionId={version.inspectionId} orientation={data.orientation ?? null} readOnly={!!publication} />
      {publication ? (
        <p className="ok-note" data-testid="publication-status">
          Offentliggjort {formatDanishDate(publication.publishedOn)} af {publication.publishedBy} på <a href={publication.url}>{publication.url}</a>.
          {publicLink && !data.withdrawn && (
            <>
              {' '}
              Kommunens offentlige side: <a href={publicLink}>{publicLink}</a> (<a href={`${publicLink}.pdf`}>PDF</a>).
            </>
          )}
        </p>
      ) : null}
      {publication && <WithdrawalSection publication={publication} />}
      {publication ? null : isLeder ? (
        <p>Rapporten er ikke offentliggjort endnu. Konsulenten offentliggør den, når forældrebestyrelsen er orienteret.</p>
      ) : (
        <PublishForm version={version} texts={publishedTexts(version.snapshot, data.draft.board, data.draft.followUp)} />
      )}
    </section>
  );
}

function BoardForm({ inspectionId, orientation, readOnly }: { inspectionId: string; orientation: { informedOn: string; form: BoardForm; comment: string } | null; readOnly: boolean }) {
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
        Forældrebestyrelsen blev orienteret {formatDanishDate(orientation.informedOn)} ({BOARD_FORM_LABELS[orientation.form].toLowerCase()}).
        {orientation.comment ? ` Bestyrelsens kommentar: ${orientation.comment}` : ''}
      </p>
    ) : (
      <p data-testid="board-status">Rapporten blev offentliggjort, før forældrebestyrelsen var orienteret.</p>
    );

  const save = async () => {
    setSaved(false);
    if (!informedOn) {
      setErrors({ informedOn: 'Angiv datoen, bestyrelsen blev orienteret' });
      return;
    }
    try {
      await saveBoardOrientation(db, inspectionId, { informedOn, form, comment });
      setErrors({});
      setSaved(true);
    } catch (e) {
      setErrors(e instanceof ValidationError ? e.fieldErrors : { _: 'Kunne ikke gemme orienteringen.' });
    }
  };

  return (
    <fieldset className="board-form">
      <legend>Orientering af forældrebestyrelsen (dagtilbudsloven § 5 b, stk. 1)</legend>
      <div className="field">
        <label htmlFor={`${id}-date`}>Dato for orienteringen</label>
        <DateInput id={`${id}-date`} value={informedOn} onChange={setInformedOn} optional={false} aria-describedby={`${id}-date-error2`} />
        <FieldError id={`${id}-date-error2`} message={errors.informedOn} />
      </div>
      <SelectField id={`${id}-form`} label="Hvordan" options={BOARD_FORMS} labels={BOARD_FORM_LABELS} value={form} onChange={(e) => setForm(e.target.value as BoardForm)} error={errors.form} />
      <TextField id={`${id}-comment`} label="Bestyrelsens kommentar (valgfri; trykkes i den offentliggjorte rapport)" rows={3} value={comment} onChange={(e) => setComment(e.target.value)} error={errors.comment} />
      <FieldError message={errors._} />
      <button type="button" className="secondary" onClick={() => void save()}>
        Gem orientering
      </button>
      {saved && (
        <span className="ok-note" role="status">
          {' '}
          Gemt
        </span>
      )}
    </fieldset>
  );
}

function PublishForm({ version, texts }: { version: Rapportversion; texts: string[] }) {
  const db = useDatabase();
  const id = useId();
  const [publishedOn, setPublishedOn] = useState<string | null>(todayIso());
  const [url, setUrl] = useState('');
  const [reason, setReason] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const hits = publicationPrivacyHits(texts);

  const publish = async () => {
    if (!publishedOn) {
      setErrors({ publishedOn: 'Angiv datoen for offentliggørelsen' });
      return;
    }
    try {
      await publishVersion(db, version, { publishedOn, url, privacyOverrideReason: reason });
      setErrors({});
    } catch (e) {
      setErrors(e instanceof ValidationError ? e.fieldErrors : { _: 'Kunne ikke offentliggøre rapporten.' });
    }
  };

  return (
    <fieldset className="publish-form">
      <legend>Offentliggør version {version.version} (dagtilbudsloven § 5, stk. 3)</legend>
      <div className="field">
        <label htmlFor={`${id}-date`}>Dato for offentliggørelsen</label>
        <DateInput id={`${id}-date`} value={publishedOn} onChange={setPublishedOn} optional={false} aria-describedby={`${id}-date-error2`} />
        <FieldError id={`${id}-date-error2`} message={errors.publishedOn} />
      </div>
      <TextField id={`${id}-url`} label="Adresse på dagtilbuddets hjemmeside" type="url" placeholder="https://" value={url} onChange={(e) => setUrl(e.target.value)} error={errors.url} />
      {hits.length > 0 && (
        <div className="notice privacy-hits" data-testid="privacy-hits">
          <p>Persondatatjekket fandt noget i rapportens tekster:</p>
          <ul>
            {hits.map((h) => (
              <li key={h.kind}>
                {h.label}: {h.texts.join(', ')}
              </li>
            ))}
          </ul>
          <p>Ret rapporten (Ret endelig rapport), eller skriv hvorfor den alligevel kan offentliggøres. Begrundelsen offentliggøres ikke.</p>
        </div>
      )}
      {hits.length > 0 && <TextField id={`${id}-reason`} label="Begrundelse for at offentliggøre alligevel" rows={2} value={reason} onChange={(e) => setReason(e.target.value)} error={errors.privacyOverrideReason} />}
      <FieldError message={errors.board} />
      <FieldError message={errors._} />
      <button type="button" onClick={() => void publish()}>
        Offentliggør rapporten
      </button>
    </fieldset>
  );
}
