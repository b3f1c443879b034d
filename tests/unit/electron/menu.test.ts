import { describe, expect, it, vi } from 'vitest';
import type { MenuItemConstructorOptions } from 'electron';
import { buildMenuTemplate } from '../../../electron/menu';

function items(template: MenuItemConstructorOptions[], label: string): MenuItemConstructorOptions[] {
  const menu = template.find((m) => m.label === label);
  return ((menu?.submenu ?? []) as MenuItemConstructorOptions[]).filter((i) => i.type !== 'separator');
}

describe('the Danish application menu', () => {
  const handlers = { send: vi.fn(), restoreBackup: vi.fn() };
  const linux = buildMenuTemplate({ platform: 'linux', devTools: false, handlers });

  it('has Filer, Rediger, Vis and Hjælp', () => {
    expect(linux.map((m) => m.label)).toEqual(['Filer', 'Rediger', 'Vis', 'Hjælp']);
  });

  it('Filer has the app items and Afslut, with shortcuts', () => {
    expect(items(linux, 'Filer').map((i) => [i.label, i.accelerator])).toEqual([
      ['Gem rapport som PDF…', 'CmdOrCtrl+P'],
      ['Eksporter ikke-sendte ændringer…', 'CmdOrCtrl+Shift+E'],
      ['Importer ændringer…', 'CmdOrCtrl+O'],
      ['Gendan fra backup…', undefined],
      ['Afslut', 'Ctrl+Q'],
    ]);
  });

  it('sends the app items to the renderer and handles restore itself', () => {
    const click = (label: string) => (items(linux, 'Filer').find((i) => i.label === label)!.click as () => void)();
    click('Gem rapport som PDF…');
    click('Eksporter ikke-sendte ændringer…');
    click('Importer ændringer…');
    click('Gendan fra backup…');
    expect(handlers.send.mock.calls).toEqual([['savePdf'], ['exportUnsent'], ['importUnsent']]);
    expect(handlers.restoreBackup).toHaveBeenCalledOnce();
  });

  it('Rediger uses the edit roles with Danish labels', () => {
    expect(items(linux, 'Rediger').map((i) => [i.role, i.label, i.accelerator])).toEqual([
      ['undo', 'Fortryd', 'CmdOrCtrl+Z'],
      ['redo', 'Gentag', 'Shift+CmdOrCtrl+Z'],
      ['cut', 'Klip', 'CmdOrCtrl+X'],
      ['copy', 'Kopier', 'CmdOrCtrl+C'],
      ['paste', 'Sæt ind', 'CmdOrCtrl+V'],
      ['selectAll', 'Marker alt', 'CmdOrCtrl+A'],
    ]);
  });

  it('Vis has reload, zoom and full screen; DevTools only when not packaged', () => {
    expect(items(linux, 'Vis').map((i) => i.label)).toEqual(['Genindlæs', 'Faktisk størrelse', 'Zoom ind', 'Zoom ud', 'Fuld skærm']);
    const dev = buildMenuTemplate({ platform: 'linux', devTools: true, handlers });
    expect(items(dev, 'Vis').map((i) => i.role)).toContain('toggleDevTools');
  });

  it('Hjælp has Om Tilsyn', () => {
    expect(items(linux, 'Hjælp')).toEqual([{ role: 'about', label: 'Om Tilsyn' }]);
  });

  it('follows each platform: Ctrl+Y and Alt+F4 on Windows, an app menu on macOS', () => {
    const win = buildMenuTemplate({ platform: 'win32', devTools: false, handlers });
    expect(items(win, 'Rediger').find((i) => i.role === 'redo')!.accelerator).toBe('Ctrl+Y');
    expect(items(win, 'Filer').at(-1)).toMatchObject({ role: 'quit', label: 'Afslut', accelerator: 'Alt+F4' });
    const mac = buildMenuTemplate({ platform: 'darwin', devTools: false, handlers });
    expect(mac.map((m) => m.label)).toEqual(['Tilsyn', 'Filer', 'Rediger', 'Vis', 'Vindue', 'Hjælp']);
    expect(items(mac, 'Tilsyn').map((i) => i.label)).toContain('Afslut Tilsyn');
    expect(items(mac, 'Filer').at(-1)).toMatchObject({ role: 'close', label: 'Luk vindue' });
  });
});
