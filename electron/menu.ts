import type { MenuItemConstructorOptions } from 'electron';
import type { MenuAction } from '../shared/ipc';

/**
 * The Danish application menu. Editing and view items use Electron's roles (which do the work and
 * bring the platform's own behaviour) with Danish labels and the usual shortcuts; the app's own items
 * are sent to the renderer as `menu:action` events, or handled by the main process (restore).
 */
export interface MenuHandlers {
  /** Ask the renderer to do something (save the report as PDF, export or import unsent changes). */
  send(action: MenuAction['action']): void;
  /** Show the list of backups and restore the one chosen (main process). */
  restoreBackup(): void;
}

export interface MenuOptions {
  platform: NodeJS.Platform;
  /** Show "Udviklerværktøjer" (only when the app is not packaged). */
  devTools: boolean;
  handlers: MenuHandlers;
}

const separator: MenuItemConstructorOptions = { type: 'separator' };

export function buildMenuTemplate({ platform, devTools, handlers }: MenuOptions): MenuItemConstructorOptions[] {
  const isMac = platform === 'darwin';
  const isWindows = platform === 'win32';

  const appMenu: MenuItemConstructorOptions[] = isMac
    ? [
        {
          label: 'Tilsyn',
          submenu: [
            { role: 'about', label: 'Om Tilsyn' },
            separator,
            { role: 'services', label: 'Tjenester' },
            separator,
            { role: 'hide', label: 'Skjul Tilsyn' },
            { role: 'hideOthers', label: 'Skjul andre' },
            { role: 'unhide', label: 'Vis alle' },
            separator,
            { role: 'quit', label: 'Afslut Tilsyn', accelerator: 'Cmd+Q' },
          ],
        },
      ]
    : [];

  const file: MenuItemConstructorOptions = {
    label: 'Filer',
    submenu: [
      { id: 'savePdf', label: 'Gem rapport som PDF…', accelerator: 'CmdOrCtrl+P', click: () => handlers.send('savePdf') },
      separator,
      {
        id: 'exportUnsent',
        label: 'Eksporter ikke-sendte ændringer…',
        accelerator: 'CmdOrCtrl+Shift+E',
        click: () => handlers.send('exportUnsent'),
      },
      { id: 'importUnsent', label: 'Importer ændringer…', accelerator: 'CmdOrCtrl+O', click: () => handlers.send('importUnsent') },
      separator,
      { id: 'restoreBackup', label: 'Gendan fra backup…', click: () => handlers.restoreBackup() },
      separator,
      isMac
        ? { role: 'close', label: 'Luk vindue', accelerator: 'Cmd+W' }
        : { role: 'quit', label: 'Afslut', accelerator: isWindows ? 'Alt+F4' : 'Ctrl+Q' },
    ],
  };

  const edit: MenuItemConstructorOptions = {
    label: 'Rediger',
    submenu: [
      { role: 'undo', label: 'Fortryd', accelerator: 'CmdOrCtrl+Z' },
      { role: 'redo', label: 'Gentag', accelerator: isWindows ? 'Ctrl+Y' : 'Shift+CmdOrCtrl+Z' },
      separator,
      { role: 'cut', label: 'Klip', accelerator: 'CmdOrCtrl+X' },
      { role: 'copy', label: 'Kopier', accelerator: 'CmdOrCtrl+C' },
      { role: 'paste', label: 'Sæt ind', accelerator: 'CmdOrCtrl+V' },
      separator,
      { role: 'selectAll', label: 'Marker alt', accelerator: 'CmdOrCtrl+A' },
    ],
  };

  const view: MenuItemConstructorOptions = {
    label: 'Vis',
    submenu: [
      { role: 'reload', label: 'Genindlæs', accelerator: 'CmdOrCtrl+R' },
      separator,
      { role: 'resetZoom', label: 'Faktisk størrelse', accelerator: 'CmdOrCtrl+0' },
      { role: 'zoomIn', label: 'Zoom ind', accelerator: 'CmdOrCtrl+Plus' },
      { role: 'zoomOut', label: 'Zoom ud', accelerator: 'CmdOrCtrl+-' },
      separator,
      { role: 'togglefullscreen', label: 'Fuld skærm', accelerator: isMac ? 'Ctrl+Cmd+F' : 'F11' },
      ...(devTools ? [separator, { role: 'toggleDevTools', label: 'Udviklerværktøjer' } as MenuItemConstructorOptions] : []),
    ],
  };

  const help: MenuItemConstructorOptions = {
    label: 'Hjælp',
    role: 'help',
    submenu: [{ role: 'about', label: 'Om Tilsyn' }],
  };

  return [...appMenu, file, edit, view, ...(isMac ? [{ role: 'windowMenu', label: 'Vindue' } as MenuItemConstructorOptions] : []), help];
}
