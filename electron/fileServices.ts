import path from 'node:path';
import { MAX_OPEN_BYTES, type FileFilter, type OpenReply, type SaveReply } from '../shared/ipc';
import { writeFileAtomic, type FsLike } from './fsLike';
import { UserFacingError } from './ipcHandlers';
import type { Logger } from './log';

/**
 * Saving a report as PDF, saving exports and opening an import file: the main process shows the
 * native dialog and does the file work, so the renderer never gets a path to choose or a file
 * handle, only the outcome.
 */

/** A4, backgrounds printed, 15 mm margins unless the page's own @page rule says otherwise. */
export const PDF_OPTIONS = {
  pageSize: 'A4',
  printBackground: true,
  preferCSSPageSize: true,
  margins: { marginType: 'custom', top: 0.59, bottom: 0.59, left: 0.59, right: 0.59 },
  generateTaggedPDF: true,
  generateDocumentOutline: true,
} as const;

export interface SaveDialogOptions {
  title: string;
  defaultPath: string;
  filters: FileFilter[];
}
export interface OpenDialogOptions {
  title: string;
  filters: FileFilter[];
}

/** The dialogs, already bound to the window that asked (so they are modal to it). */
export interface DialogLike {
  showSaveDialog(options: SaveDialogOptions): Promise<{ canceled: boolean; filePath?: string }>;
  showOpenDialog(options: OpenDialogOptions): Promise<{ canceled: boolean; filePaths: string[] }>;
}

export interface FileServiceDeps {
  fs: FsLike;
  log: Logger;
  /** Where save dialogs start (the user's Documents folder). */
  defaultDir: string;
}

export function withExtension(name: string, ext: string): string {
  return name.toLowerCase().endsWith(`.${ext.toLowerCase()}`) ? name : `${name}.${ext}`;
}

/** Print a page to PDF and save it where the user chooses. `printToPdf` is `webContents.printToPDF` of the sender. */
export async function savePdf(
  deps: FileServiceDeps,
  dialog: DialogLike,
  printToPdf: (options: typeof PDF_OPTIONS & { landscape: boolean }) => Promise<Uint8Array>,
  request: { suggestedName: string; landscape?: boolean },
): Promise<SaveReply> {
  // Render first: the page is what the user sees now, before a dialog covers it.
  const pdf = await printToPdf({ ...PDF_OPTIONS, landscape: request.landscape ?? false });
  const choice = await dialog.showSaveDialog({
    title: 'Gem rapport som PDF',
    defaultPath: path.join(deps.defaultDir, withExtension(path.basename(request.suggestedName), 'pdf')),
    filters: [{ name: 'PDF-dokument', extensions: ['pdf'] }],
  });
  if (choice.canceled || !choice.filePath) return { status: 'canceled' };
  await writeFileAtomic(deps.fs, choice.filePath, pdf);
  deps.log.info('file.saved', { kind: 'pdf', bytes: pdf.byteLength });
  return { status: 'saved', path: choice.filePath };
}

export async function saveFile(
  deps: FileServiceDeps,
  dialog: DialogLike,
  request: { suggestedName: string; filters: FileFilter[]; data: string | Uint8Array },
): Promise<SaveReply> {
  const choice = await dialog.showSaveDialog({
    title: 'Gem fil',
    defaultPath: path.join(deps.defaultDir, path.basename(request.suggestedName)),
    filters: request.filters,
  });
  if (choice.canceled || !choice.filePath) return { status: 'canceled' };
  await writeFileAtomic(deps.fs, choice.filePath, request.data);
  deps.log.info('file.saved', {
    kind: 'export',
    bytes: typeof request.data === 'string' ? Buffer.byteLength(request.data) : request.data.byteLength,
  });
  return { status: 'saved', path: choice.filePath };
}

export async function openFile(
  deps: FileServiceDeps,
  dialog: DialogLike,
  request: { title?: string; filters: FileFilter[] },
): Promise<OpenReply> {
  const choice = await dialog.showOpenDialog({ title: request.title ?? 'Åbn fil', filters: request.filters });
  const filePath = choice.filePaths[0];
  if (choice.canceled || !filePath) return { status: 'canceled' };
  const st = await deps.fs.stat(filePath);
  if (!st.isFile()) throw new UserFacingError('Det valgte er ikke en fil.');
  if (st.size > MAX_OPEN_BYTES) throw new UserFacingError(`Filen er for stor (højst ${MAX_OPEN_BYTES / 1024 / 1024} MB).`);
  const text = await deps.fs.readText(filePath);
  deps.log.info('file.opened', { bytes: st.size });
  return { status: 'opened', name: path.basename(filePath), text };
}
