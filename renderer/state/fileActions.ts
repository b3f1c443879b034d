import { parseUnsentChangesFile, unsentChangesFileName } from '../../shared/unsentChanges';
import type { TilsynDatabase } from '../db/database';
import { exportUnsent, importUnsent } from '../db/unsentTransfer';
import { getPlatform } from '../platform/bridge';
import { notify } from './notices';

/** "Eksporter ikke-sendte ændringer…": a file another installation can import without duplicates. */
export async function exportUnsentToFile(db: TilsynDatabase) {
  const file = await exportUnsent(db);
  if (file.rows.length === 0) return notify('Der er ingen ikke-sendte ændringer at eksportere.');
  const outcome = await getPlatform().saveFile({
    suggestedName: unsentChangesFileName(),
    filters: [{ name: 'Tilsyn-ændringer', extensions: ['json'] }],
    data: JSON.stringify(file, null, 2),
    mimeType: 'application/json',
  });
  if (outcome.status !== 'canceled') notify(`${file.rows.length} ikke-sendte ændringer er eksporteret.`);
}

/** "Importer ændringer…". */
export async function importUnsentFromFile(db: TilsynDatabase) {
  const picked = await getPlatform().openFile({ title: 'Importer ændringer', filters: [{ name: 'Tilsyn-ændringer', extensions: ['json'] }] });
  if (picked.status !== 'opened') return;
  const parsed = parseUnsentChangesFile(picked.text);
  if (!parsed.ok) return notify(parsed.error, 'error');
  const result = await importUnsent(db, parsed.file);
  notify(
    `${result.added} ændringer importeret` +
      (result.alreadyHere ? `, ${result.alreadyHere} fandtes allerede` : '') +
      (result.refused.length ? `. Afvist: ${result.refused.join('; ')}` : '.'),
    result.refused.length ? 'error' : 'info',
  );
}
