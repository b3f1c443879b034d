import { z } from 'zod';
import { writeFileAtomic, type FsLike } from './fsLike';
import type { Logger } from './log';

/**
 * The main window's size and position, remembered in userData/window-state.json. The file is parsed
 * with zod (a damaged file means defaults) and the result is clamped to the displays there are now,
 * so a window last seen on a monitor that has been unplugged comes back on screen.
 */

export const WindowStateSchema = z.object({
  x: z.number().int().optional(),
  y: z.number().int().optional(),
  width: z.number().int().min(1).max(100_000),
  height: z.number().int().min(1).max(100_000),
  isMaximized: z.boolean().default(false),
  isFullScreen: z.boolean().default(false),
});
export type WindowState = z.infer<typeof WindowStateSchema>;

export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}
export interface DisplayLike {
  workArea: Rect;
}

export const DEFAULT_SIZE = { width: 1280, height: 860 } as const;
export const MIN_SIZE = { width: 800, height: 600 } as const;

function overlap(a: Rect, b: Rect): number {
  const w = Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x);
  const h = Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y);
  return w > 0 && h > 0 ? w * h : 0;
}

const clamp = (v: number, lo: number, hi: number) => Math.min(Math.max(v, lo), Math.max(lo, hi));

/**
 * Fit a remembered state to the current displays: the window goes on the display it overlaps most
 * (or, if it overlaps none, centred on the primary one), no larger than that display's work area and
 * wholly inside it. With no saved state the window gets the default size, centred on the primary display.
 */
export function clampWindowState(saved: WindowState | null, displays: readonly DisplayLike[], primary: DisplayLike): WindowState {
  const base: WindowState = saved ?? { ...DEFAULT_SIZE, isMaximized: false, isFullScreen: false };
  const all = displays.length > 0 ? displays : [primary];

  let target: DisplayLike | null = null;
  if (base.x !== undefined && base.y !== undefined) {
    const rect = { x: base.x, y: base.y, width: base.width, height: base.height };
    let best = 0;
    for (const d of all) {
      const area = overlap(rect, d.workArea);
      if (area > best) {
        best = area;
        target = d;
      }
    }
  }
  const centre = target === null;
  const wa = (target ?? primary).workArea;

  const width = Math.round(clamp(base.width, Math.min(MIN_SIZE.width, wa.width), wa.width));
  const height = Math.round(clamp(base.height, Math.min(MIN_SIZE.height, wa.height), wa.height));
  const x = centre ? wa.x + Math.round((wa.width - width) / 2) : clamp(base.x ?? wa.x, wa.x, wa.x + wa.width - width);
  const y = centre ? wa.y + Math.round((wa.height - height) / 2) : clamp(base.y ?? wa.y, wa.y, wa.y + wa.height - height);
  return { x: Math.round(x), y: Math.round(y), width, height, isMaximized: base.isMaximized, isFullScreen: base.isFullScreen };
}

export async function loadWindowState(fs: FsLike, file: string, log: Logger): Promise<WindowState | null> {
  try {
    if (!(await fs.exists(file))) return null;
    const parsed = WindowStateSchema.safeParse(JSON.parse(await fs.readText(file)));
    if (parsed.success) return parsed.data;
    log.warn('window-state.invalid', { issues: parsed.error.issues.length });
    return null;
  } catch (err) {
    log.warn('window-state.unreadable', { message: err instanceof Error ? err.message : String(err) });
    return null;
  }
}

export async function saveWindowState(fs: FsLike, file: string, state: WindowState, log: Logger): Promise<void> {
  const parsed = WindowStateSchema.safeParse(state);
  if (!parsed.success) return;
  try {
    await writeFileAtomic(fs, file, JSON.stringify(parsed.data));
  } catch (err) {
    log.warn('window-state.save-failed', { message: err instanceof Error ? err.message : String(err) });
  }
}

/** The parts of a BrowserWindow whose state is remembered. */
export interface StatefulWindow {
  getNormalBounds(): Rect;
  isMaximized(): boolean;
  isFullScreen(): boolean;
}

/** What to save for a window: its normal (un-maximised) bounds, and whether it was maximised or full screen. */
export function captureWindowState(win: StatefulWindow): WindowState {
  const b = win.getNormalBounds();
  return {
    x: Math.round(b.x),
    y: Math.round(b.y),
    width: Math.max(1, Math.round(b.width)),
    height: Math.max(1, Math.round(b.height)),
    isMaximized: win.isMaximized(),
    isFullScreen: win.isFullScreen(),
  };
}
