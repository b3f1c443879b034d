import { useEffect, useId, useRef, useState } from 'react';
import { Trans, useTranslation } from 'react-i18next';
import { formatNumericDate, todayIso } from '../../../shared/dates';
import { personalDataLabel } from '../../../shared/privacy';
import { PurgeRequestSchema, type PrivacyFlag } from '../../../shared/privacyFlags';
import { fieldLabel, recordTypeLabel } from '../../../shared/recordLabels';
import { ServerError } from '../../../shared/serverError';
import { notify, words } from '../../state/notices';
import type { ServerClient } from '../../sync/serverClient';
import { FieldError } from '../../ui/FieldError';
import { AdminReplies, localeErrors, useAdminList } from './adminApi';
import { AdminList, useListMode } from './AdminList';

/*
 * Personoplysninger: the server's privacy flags (text the shared detector found in a stored free-text
 * field) and the purge dialog: choose what to remove, give a reason, confirm. The purge reaches the
 * server's record, its stored revisions and conflicts, and every device at its next pull; it cannot
 * reach backups or files already exported, and the dialog says so.
 */


/** Fields a purge cannot empty as a whole (the report's frozen content). */
const NOT_WHOLE = new Set(['rapportversion:snapshot', 'publicering:board', 'publicering:followUp']);

const COLUMNS = ['kind', 'institution', 'record', 'field', 'lastFound', 'action'] as const;

const dateOf = (iso: string) => formatNumericDate(todayIso(new Date(iso)));
/** The kind inside a sentence: "CPR-nummer" keeps its capitals, the others are lower case. */
const kindInText = (kind: PrivacyFlag['kind']) => (kind === 'cpr' ? personalDataLabel('cpr') : personalDataLabel(kind).toLowerCase());

export function PrivacySection({ client }: { client: ServerClient }) {
  const { t } = useTranslation('admin');
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
      title={t('privacy.title')}
      loading={list.items ? null : t('privacy.loading')}
      error={list.error}
      intro={
        <p className="hint">
          {t('privacy.intro')}
        </p>
      }
      form={chosen && <PurgeForm key={chosen.id} client={client} flag={chosen} onDone={done} onCancel={mode.showList} />}
      table={{
        testId: 'admin-privacy-flags',
        caption: t('privacy.caption'),
        columns: COLUMNS.map((c) => ({ label: t(`privacy.columns.${c}`), hidden: c === 'action' })),
        rows: flags.map((f) => (
          <tr key={f.id} aria-current={chosen?.id === f.id ? 'true' : undefined}>
            <th scope="row">{personalDataLabel(f.kind)}</th>
            <td>{f.institutionName || f.institutionId}</td>
            <td>
              {recordTypeLabel(f.recordType)} <span className="muted mono">{f.recordId}</span>
            </td>
            <td>{fieldLabel(f.field)}</td>
            <td>{dateOf(f.lastFoundAt)}</td>
            <td className="actions">
              <button type="button" className="link" onClick={() => mode.edit(f.id)} aria-label={t('privacy.removeFrom', { kind: kindInText(f.kind), record: recordTypeLabel(f.recordType).toLowerCase() })}>
                {t('privacy.remove')}
              </button>
            </td>
          </tr>
        )),
      }}
      empty={flags.length === 0 && <p className="muted">{t('privacy.none')}</p>}
    />
  );
}

const WHOLE = '\u0000hele-feltet';

function PurgeForm({ client, flag, onDone, onCancel }: { client: ServerClient; flag: PrivacyFlag; onDone: () => void; onCancel: () => void }) {
  const { t } = useTranslation('admin');
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
      setErrors({ what: t('privacy.form.chooseWhat') });
      return false;
    }
    const parsed = PurgeRequestSchema.safeParse(body, { error: localeErrors });
    if (parsed.success) {
      setErrors({});
      return true;
    }
    const reasonIssue = parsed.error.issues.find((i) => i.path[0] === 'reason');
    setErrors(reasonIssue ? { reason: reasonIssue.message } : { root: parsed.error.issues[0]?.message ?? t('privacy.form.invalid') });
    return false;
  };

  const purge = async () => {
    setBusy(true);
    try {
      const result = await client.post('/api/admin/purge', body, AdminReplies.purge);
      notify(
        words(result.conflicts ? 'admin:privacy.purgedWithConflicts' : 'admin:privacy.purged', {
          versions: words('admin:privacy.versions', { count: result.revisions }),
          conflicts: words('admin:privacy.conflicts', { count: result.conflicts }),
        }),
      );
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
      notify(words('admin:privacy.dismissed'));
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
        {t('privacy.form.title', { kind: kindInText(flag.kind), record: recordTypeLabel(flag.recordType).toLowerCase(), field: fieldLabel(flag.field) })}
      </h3>
      <p className="muted">
        {flag.institutionName || flag.institutionId} · {t('privacy.form.record')} <span className="mono">{flag.recordId}</span> · {t('privacy.form.firstFound', { date: dateOf(flag.foundAt) })}
      </p>
      <fieldset className="admin-fieldset" aria-describedby={errors.what ? `${ids.what}-error` : undefined}>
        <legend>{t('privacy.form.what')}</legend>
        {flag.matches.length === 0 && <p className="hint">{t('privacy.form.gone')}</p>}
        {flag.matches.map((m, i) => (
          <div key={m} className="radio">
            <input type="radio" id={`${ids.what}-${i}`} name={ids.what} checked={what === m} onChange={() => setWhat(m)} />
            <label htmlFor={`${ids.what}-${i}`}>
              <Trans t={t} i18nKey="privacy.form.theText" values={{ text: m }} components={{ mono: <span className="mono" /> }} />
            </label>
          </div>
        ))}
        {wholeAllowed && (
          <div className="radio">
            <input type="radio" id={`${ids.what}-whole`} name={ids.what} checked={what === WHOLE} onChange={() => setWhat(WHOLE)} />
            <label htmlFor={`${ids.what}-whole`}>{t('privacy.form.whole')}</label>
          </div>
        )}
        <FieldError id={`${ids.what}-error`} message={errors.what} />
      </fieldset>
      <div className="field">
        <label htmlFor={ids.reason}>{t('privacy.form.reason')}</label>
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
          {t('privacy.form.reasonHint')}
        </p>
        <FieldError id={`${ids.reason}-error`} message={errors.reason} />
      </div>
      <p className="notice" id={ids.warning}>
        {t('privacy.form.where')}{' '}
        {flag.recordType === 'rapportversion' && `${t('privacy.form.correction')} `}
        <Trans t={t} i18nKey="privacy.form.unreachable" components={{ strong: <strong /> }} />
      </p>
      <FieldError message={errors.root} />
      {confirming ? (
        <div className="confirm" role="group" aria-label={t('privacy.form.confirm')}>
          <p>{t('privacy.form.sure')}</p>
          <div className="button-row">
            <button ref={confirmRef} type="button" className="primary danger" disabled={busy} onClick={() => void purge()} aria-describedby={ids.warning}>
              {t('privacy.form.yes')}
            </button>
            <button type="button" className="secondary" disabled={busy} onClick={() => setConfirming(false)}>
              {t('privacy.form.back')}
            </button>
          </div>
        </div>
      ) : (
        <div className="button-row">
          <button type="button" className="primary" onClick={() => check() && setConfirming(true)}>
            {t('privacy.remove')}
          </button>
          <button type="button" className="secondary" disabled={busy} onClick={() => void dismiss()}>
            {t('privacy.form.notPersonal')}
          </button>
          <button type="button" className="secondary" onClick={onCancel}>
            {t('common:actions.cancel')}
          </button>
        </div>
      )}
    </section>
  );
}
