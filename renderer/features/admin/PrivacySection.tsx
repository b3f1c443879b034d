import { useEffect, useId, useRef, useState } from 'react';
import { formatDanishDate, todayIso } from '../../../shared/dates';
import { PERSONAL_DATA_LABELS } from '../../../shared/privacy';
import { PurgeRequestSchema, type PrivacyFlag } from '../../../shared/privacyFlags';
import type { FreeTextField, RecordType } from '../../../shared/records';
import { ServerError } from '../../../shared/serverError';
import { notify } from '../../state/notices';
import type { ServerClient } from '../../sync/serverClient';
import { FieldError } from '../../ui/FieldError';
import { AdminReplies, danishErrors, useAdminList } from './adminApi';
import { AdminList, useListMode } from './AdminList';

/*
 * Personoplysninger: the server's privacy flags (text the shared detector found in a stored free-text
 * field) and the purge dialog: choose what to remove, give a reason, confirm. The purge reaches the
 * server's record, its stored revisions and conflicts, and every device at its next pull; it cannot
 * reach backups or files already exported, and the dialog says so.
 */

const RECORD_LABELS: Record<RecordType, string> = {
  inspection: 'Tilsyn',
  themeScore: 'Temavurdering',
  fokuspunktNote: 'Fokuspunkt',
  anerkendelse: 'Anerkendelse',
  anbefaling: 'Anbefaling',
  hoeringssvar: 'Høringssvar',
  hoeringskommentar: 'Høringskommentar',
  rapportversion: 'Endelig rapportversion',
  opfoelgning: 'Opfølgning',
  bestyrelsesorientering: 'Orientering af forældrebestyrelsen',
  publicering: 'Offentliggørelse',
  skaerpetTilsyn: 'Skærpet tilsyn',
  handleplan: 'Handleplan',
  observation: 'Observation',
};

/** One label per field of FREE_TEXT_FIELDS (shared/records.ts): a field added there must get its label here. */
const FIELD_LABELS: Record<FreeTextField, string> = {
  participants: 'Deltagere (gammelt felt)',
  correctionReason: 'Begrundelse for rettelse',
  note: 'Note',
  notAssessedReason: 'Hvorfor ikke vurderet',
  text: 'Tekst',
  reason: 'Begrundelse',
  snapshot: 'Rapportens tekst',
  dialogue: 'Dialogens deltagere',
  evidenceReason: 'Begrundelse for manglende observation eller dialog',
  impartialityOverrides: 'Begrundelse for dispensation (uvildighed)',
  place: 'Sted eller gruppe',
  activity: 'Aktivitet',
  notes: 'Noter',
  anbefaling: 'Anbefaling',
  owner: 'Ansvarlig',
  comment: 'Bestyrelsens kommentar',
  privacyOverrideReason: 'Begrundelse for at offentliggøre trods persondatatjek',
  board: 'Bestyrelsens kommentar i den offentliggjorte rapport',
  followUp: 'Opfølgning i den offentliggjorte rapport',
  action: 'Konkret handling',
  actions: 'Handlinger',
  boardComments: 'Forældrebestyrelsens kommentarer',
  closingAssessment: 'Afsluttende vurdering',
};

const fieldLabel = (field: string) => (Object.hasOwn(FIELD_LABELS, field) ? FIELD_LABELS[field as FreeTextField] : field);

/** Fields a purge cannot empty as a whole (the report's frozen content). */
const NOT_WHOLE = new Set(['rapportversion:snapshot', 'publicering:board', 'publicering:followUp']);

const COLUMNS = [{ label: 'Fund' }, { label: 'Institution' }, { label: 'Post' }, { label: 'Felt' }, { label: 'Senest fundet' }, { label: 'Handling', hidden: true }] as const;

const dateOf = (iso: string) => formatDanishDate(todayIso(new Date(iso)));
/** The kind inside a sentence: "CPR-nummer" keeps its capitals, the others are lower case. */
const kindInText = (kind: PrivacyFlag['kind']) => (kind === 'cpr' ? PERSONAL_DATA_LABELS.cpr : PERSONAL_DATA_LABELS[kind].toLowerCase());
const versions = (n: number) => `${n} ${n === 1 ? 'gemt version' : 'gemte versioner'}`;

export function PrivacySection({ client }: { client: ServerClient }) {
  const list = useAdminList(client, '/api/admin/privacy-flags', AdminReplies.privacyFlags);
  const mode = useListMode();
  const flags = list.items ?? [];
  const chosen = flags.find((f) => f.id === mode.editingId);
  const done = () => {
    mode.showList();
    list.reload();
  };

  return (
    <AdminList
      id="admin-privacy"
      title="Personoplysninger"
      loading={list.items ? null : 'Henter fund af personoplysninger…'}
      error={list.error}
      intro={
        <p className="hint">
          Serveren afviser aldrig en tekst, men markerer tekster, der ligner personoplysninger (CPR-numre, telefonnumre, e-mailadresser, børn nævnt ved navn).
          Vælg et fund for at fjerne teksten fra posten og alle dens gemte versioner.
        </p>
      }
      form={chosen && <PurgeForm key={chosen.id} client={client} flag={chosen} onDone={done} onCancel={mode.showList} />}
      table={{
        testId: 'admin-privacy-flags',
        caption: 'Fund af personoplysninger',
        columns: COLUMNS,
        rows: flags.map((f) => (
          <tr key={f.id} aria-current={chosen?.id === f.id ? 'true' : undefined}>
            <th scope="row">{PERSONAL_DATA_LABELS[f.kind]}</th>
            <td>{f.institutionName || f.institutionId}</td>
            <td>
              {RECORD_LABELS[f.recordType]} <span className="muted mono">{f.recordId}</span>
            </td>
            <td>{fieldLabel(f.field)}</td>
            <td>{dateOf(f.lastFoundAt)}</td>
            <td className="actions">
              <button type="button" className="link" onClick={() => mode.edit(f.id)} aria-label={`Fjern ${kindInText(f.kind)} fra ${RECORD_LABELS[f.recordType].toLowerCase()}`}>
                Fjern…
              </button>
            </td>
          </tr>
        )),
      }}
      empty={flags.length === 0 && <p className="muted">Ingen fund. Serveren har ikke markeret nogen tekster.</p>}
    />
  );
}

const WHOLE = '\u0000hele-feltet';

function PurgeForm({ client, flag, onDone, onCancel }: { client: ServerClient; flag: PrivacyFlag; onDone: () => void; onCancel: () => void }) {
  const ids = { title: useId(), what: useId(), reason: useId(), warning: useId() };
  const wholeAllowed = !NOT_WHOLE.has(`${flag.recordType}:${flag.field}`);
  const [what, setWhat] = useState<string>(flag.matches[0] ?? (wholeAllowed ? WHOLE : ''));
  const [reason, setReason] = useState('');
  const [errors, setErrors] = useState<{ what?: string; reason?: string; root?: string }>({});
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const confirmRef = useRef<HTMLButtonElement>(null);
  const headingRef = useRef<HTMLHeadingElement>(null);

  useEffect(() => headingRef.current?.focus(), []);
  useEffect(() => {
    if (confirming) confirmRef.current?.focus();
  }, [confirming]);

  const body = { recordType: flag.recordType, recordId: flag.recordId, field: flag.field, reason, ...(what === WHOLE ? {} : { text: what }) };

  const check = () => {
    if (what === '') {
      setErrors({ what: 'Vælg, hvad der skal fjernes' });
      return false;
    }
    const parsed = PurgeRequestSchema.safeParse(body, { error: danishErrors });
    if (parsed.success) {
      setErrors({});
      return true;
    }
    const reasonIssue = parsed.error.issues.find((i) => i.path[0] === 'reason');
    setErrors(reasonIssue ? { reason: reasonIssue.message } : { root: parsed.error.issues[0]?.message ?? 'Ugyldig sletning' });
    return false;
  };

  const purge = async () => {
    setBusy(true);
    try {
      const result = await client.post('/api/admin/purge', body, AdminReplies.purge);
      notify(`Teksten er fjernet fra posten og ${versions(result.revisions)}${result.conflicts ? ` og ${result.conflicts} ${result.conflicts === 1 ? 'konflikt' : 'konflikter'}` : ''}. Enhederne får rettelsen ved næste synkronisering.`);
      onDone();
    } catch (e) {
      setConfirming(false);
      const issue = e instanceof ServerError ? e.problem.issues.find((i) => i.path === 'reason') : undefined;
      setErrors(issue ? { reason: issue.message } : { root: e instanceof Error ? e.message : String(e) });
    } finally {
      setBusy(false);
    }
  };

  const dismiss = async () => {
    setBusy(true);
    try {
      await client.post(`/api/admin/privacy-flags/${encodeURIComponent(flag.id)}/dismiss`, {}, AdminReplies.dismissed);
      notify('Fundet er lukket uden at slette noget. Teksten står stadig i posten.');
      onDone();
    } catch (e) {
      setErrors({ root: e instanceof Error ? e.message : String(e) });
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="card admin-form" aria-labelledby={ids.title}>
      <h3 id={ids.title} ref={headingRef} tabIndex={-1}>
        Fjern {kindInText(flag.kind)} fra {RECORD_LABELS[flag.recordType].toLowerCase()} ({fieldLabel(flag.field)})
      </h3>
      <p className="muted">
        {flag.institutionName || flag.institutionId} · post <span className="mono">{flag.recordId}</span> · først fundet {dateOf(flag.foundAt)}
      </p>
      <fieldset className="admin-fieldset" aria-describedby={errors.what ? `${ids.what}-error` : undefined}>
        <legend>Hvad skal fjernes?</legend>
        {flag.matches.length === 0 && <p className="hint">Teksten findes ikke længere i posten eller dens gemte versioner.</p>}
        {flag.matches.map((m, i) => (
          <div key={m} className="radio">
            <input type="radio" id={`${ids.what}-${i}`} name={ids.what} checked={what === m} onChange={() => setWhat(m)} />
            <label htmlFor={`${ids.what}-${i}`}>
              Teksten «<span className="mono">{m}</span>», alle steder i feltet
            </label>
          </div>
        ))}
        {wholeAllowed && (
          <div className="radio">
            <input type="radio" id={`${ids.what}-whole`} name={ids.what} checked={what === WHOLE} onChange={() => setWhat(WHOLE)} />
            <label htmlFor={`${ids.what}-whole`}>Hele feltet (det tømmes i posten og i alle gemte versioner)</label>
          </div>
        )}
        <FieldError id={`${ids.what}-error`} message={errors.what} />
      </fieldset>
      <div className="field">
        <label htmlFor={ids.reason}>Begrundelse</label>
        <textarea
          id={ids.reason}
          rows={3}
          maxLength={2000}
          value={reason}
          onChange={(e) => setReason(e.target.value)}
          aria-invalid={!!errors.reason}
          aria-describedby={`${ids.reason}-hint ${ids.reason}-error`}
        />
        <p className="hint" id={`${ids.reason}-hint`}>
          Gemmes i loggen med dit navn og tidspunktet. Gentag ikke selve teksten i begrundelsen.
        </p>
        <FieldError id={`${ids.reason}-error`} message={errors.reason} />
      </div>
      <p className="notice" id={ids.warning}>
        Teksten fjernes på serveren fra posten, alle dens gemte versioner og konflikter, og fra alle enheder ved deres næste synkronisering.{' '}
        {flag.recordType === 'rapportversion' && 'Den endelige rapportversion får en rettelse, der siger hvem, hvornår og hvorfor. '}
        <strong>Sikkerhedskopier og filer, der allerede er eksporteret eller udskrevet (PDF, CSV), kan ikke nås</strong>: de skal slettes dér, hvor de ligger.
      </p>
      <FieldError message={errors.root} />
      {confirming ? (
        <div className="confirm" role="group" aria-label="Bekræft sletning">
          <p>Er du sikker? Sletningen kan ikke fortrydes.</p>
          <div className="button-row">
            <button ref={confirmRef} type="button" className="primary danger" disabled={busy} onClick={() => void purge()} aria-describedby={ids.warning}>
              Ja, fjern teksten
            </button>
            <button type="button" className="secondary" disabled={busy} onClick={() => setConfirming(false)}>
              Fortryd
            </button>
          </div>
        </div>
      ) : (
        <div className="button-row">
          <button type="button" className="primary" onClick={() => check() && setConfirming(true)}>
            Fjern…
          </button>
          <button type="button" className="secondary" disabled={busy} onClick={() => void dismiss()}>
            Ikke en personoplysning
          </button>
          <button type="button" className="secondary" onClick={onCancel}>
            Annuller
          </button>
        </div>
      )}
    </section>
  );
}
