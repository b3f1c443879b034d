import { parseUnsentChangesFile, unsentChangesFileName } from '../../shared/unsentChanges';
import type { TilsynDatabase } from '../db/database';
import { exportUnsent, importUnsent } from '../db/unsentTransfer';
import { getPlatform } from '../platform/bridge';
import { notify, words } from './notices';
import { translate } from '../../shared/i18n/i18n';

/** "Eksporter ikke-sendte ændringer…": a file another installation can import without duplicates. */
export async function exportUnsentToFile(db: TilsynDatabase) {
  const file = await exportUnsent(db);
  if (file.rows.length === 0) return notify(words('common:unsentFile.nothing'));
  const outcome = await getPlatform().saveFile({
    suggestedName: unsentChangesFileName(),
    filters: [{ name: translate('common:unsentFile.filter'), extensions: ['json'] }],
    data: JSON.stringify(file, null, 2),
    mimeType: 'application/json',
  });
  if (outcome.status !== 'canceled') notify(words('common:unsentFile.exported', { count: file.rows.length }));
}

/** "Importer ændringer…". */
export async function importUnsentFromFile(db: TilsynDatabase) {
  const picked = await getPlatform().openFile({ title: translate('common:unsentFile.importTitle'), filters: [{ name: translate('common:unsentFile.filter'), extensions: ['json'] }] });
  if (picked.status !== 'opened') return;
  const parsed = parseUnsentChangesFile(picked.text);
  if (!parsed.ok) return notify(parsed.error, 'error');
  const result = await importUnsent(db, parsed.file);
  notify(
    [
      words('common:unsentFile.imported', { count: result.added }),
      result.alreadyHere ? words('common:unsentFile.alreadyHere', { count: result.alreadyHere }) : '',
      result.refused.length ? words('common:unsentFile.refused', { list: result.refused.join('; ') }) : '.',
    ].join(''),
    result.refused.length ? 'error' : 'info',
  );
}
