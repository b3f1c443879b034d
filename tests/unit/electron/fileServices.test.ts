import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { MAX_OPEN_BYTES } from '../../../shared/ipc';
import { PDF_OPTIONS, openFile, saveFile, savePdf, withExtension, type DialogLike } from '../../../electron/fileServices';
import { nodeFs } from '../../../electron/fsLike';
import { UserFacingError } from '../../../electron/ipcHandlers';
import { memoryLogger, tempDir } from './fakes';

function dialogs(savePath: string | null, openPath: string | null = null) {
  const saveCalls: unknown[] = [];
  const dialog: DialogLike = {
    showSaveDialog: async (o) => {
      saveCalls.push(o);
      return savePath ? { canceled: false, filePath: savePath } : { canceled: true };
    },
    showOpenDialog: async () => (openPath ? { canceled: false, filePaths: [openPath] } : { canceled: true, filePaths: [] }),
  };
  return { dialog, saveCalls };
}

describe('save report as PDF', () => {
  it('prints A4 with backgrounds and margins, asks where, and writes the PDF there', async () => {
    const dir = await tempDir();
    const target = path.join(dir, 'rapport.pdf');
    const { dialog, saveCalls } = dialogs(target);
    const print = vi.fn(async () => new Uint8Array([0x25, 0x50, 0x44, 0x46]));
    const deps = { fs: nodeFs, log: memoryLogger(), defaultDir: '/home/k/Dokumenter' };
    const r = await savePdf(deps, dialog, print, { suggestedName: 'Tilsynsrapport Solsikken 2025' });
    expect(r).toEqual({ status: 'saved', path: target });
    expect(print).toHaveBeenCalledWith({ ...PDF_OPTIONS, landscape: false });
    expect(PDF_OPTIONS).toMatchObject({ pageSize: 'A4', printBackground: true, margins: { marginType: 'custom' } });
    expect(saveCalls[0]).toMatchObject({
      defaultPath: path.join('/home/k/Dokumenter', 'Tilsynsrapport Solsikken 2025.pdf'),
      filters: [{ name: 'PDF-dokument', extensions: ['pdf'] }],
    });
    expect([...(await readFile(target))]).toEqual([0x25, 0x50, 0x44, 0x46]);
  });

  it('writes nothing when the user cancels', async () => {
    const { dialog } = dialogs(null);
    const fs = { ...nodeFs, writeFile: vi.fn() };
    const r = await savePdf({ fs, log: memoryLogger(), defaultDir: '/tmp' }, dialog, async () => new Uint8Array(1), { suggestedName: 'r' });
    expect(r).toEqual({ status: 'canceled' });
    expect(fs.writeFile).not.toHaveBeenCalled();
  });

  it('adds .pdf only when it is missing', () => {
    expect(withExtension('rapport', 'pdf')).toBe('rapport.pdf');
    expect(withExtension('rapport.PDF', 'pdf')).toBe('rapport.PDF');
  });
});

describe('save an export', () => {
  it.each([
    ['text', '{"format":"tilsyn-unsent-changes"}'],
    ['bytes', new Uint8Array([1, 2, 3, 250])],
  ])('writes %s where the user chose', async (_kind, data) => {
    const dir = await tempDir();
    const target = path.join(dir, 'eksport.json');
    const { dialog, saveCalls } = dialogs(target);
    const r = await saveFile({ fs: nodeFs, log: memoryLogger(), defaultDir: dir }, dialog, {
      suggestedName: 'eksport.json',
      filters: [{ name: 'JSON', extensions: ['json'] }],
      data,
    });
    expect(r).toEqual({ status: 'saved', path: target });
    expect(saveCalls[0]).toMatchObject({ defaultPath: path.join(dir, 'eksport.json'), filters: [{ name: 'JSON', extensions: ['json'] }] });
    const written = await readFile(target);
    expect(typeof data === 'string' ? written.toString('utf8') : [...written]).toEqual(typeof data === 'string' ? data : [...data]);
  });
});

describe('open a file for import', () => {
  it('returns its name and text', async () => {
    const dir = await tempDir();
    const file = path.join(dir, 'aendringer.json');
    await writeFile(file, '{"ok":true}');
    const { dialog } = dialogs(null, file);
    expect(await openFile({ fs: nodeFs, log: memoryLogger(), defaultDir: dir }, dialog, { filters: [] })).toEqual({
      status: 'opened',
      name: 'aendringer.json',
      text: '{"ok":true}',
    });
  });

  it('refuses a file larger than the limit with a message for the user', async () => {
    const fs = { ...nodeFs, stat: async () => ({ isFile: () => true, isDirectory: () => false, size: MAX_OPEN_BYTES + 1 }) };
    const { dialog } = dialogs(null, '/x/huge.json');
    await expect(openFile({ fs, log: memoryLogger(), defaultDir: '/x' }, dialog, { filters: [] })).rejects.toBeInstanceOf(UserFacingError);
  });

  it('returns canceled when the user cancels', async () => {
    const { dialog } = dialogs(null, null);
    expect(await openFile({ fs: nodeFs, log: memoryLogger(), defaultDir: '/x' }, dialog, { filters: [] })).toEqual({ status: 'canceled' });
  });
});
