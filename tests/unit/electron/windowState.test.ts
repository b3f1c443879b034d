import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { nodeFs } from '../../../electron/fsLike';
import {
  DEFAULT_SIZE,
  captureWindowState,
  clampWindowState,
  loadWindowState,
  saveWindowState,
  type DisplayLike,
} from '../../../electron/windowState';
import { memoryLogger, tempDir } from './fakes';

const laptop: DisplayLike = { workArea: { x: 0, y: 0, width: 1920, height: 1050 } };
const rightMonitor: DisplayLike = { workArea: { x: 1920, y: 0, width: 2560, height: 1400 } };
const small: DisplayLike = { workArea: { x: 0, y: 25, width: 1024, height: 743 } };
const state = (x: number | undefined, y: number | undefined, width: number, height: number, isMaximized = false) => ({
  x,
  y,
  width,
  height,
  isMaximized,
  isFullScreen: false,
});

describe('clampWindowState', () => {
  it('with nothing saved: the default size, centred on the primary display', () => {
    expect(clampWindowState(null, [laptop], laptop)).toEqual({
      ...DEFAULT_SIZE,
      x: (1920 - DEFAULT_SIZE.width) / 2,
      y: (1050 - DEFAULT_SIZE.height) / 2,
      isMaximized: false,
      isFullScreen: false,
    });
  });

  it('keeps a window that fits where it was', () => {
    expect(clampWindowState(state(100, 80, 1200, 800), [laptop, rightMonitor], laptop)).toEqual(state(100, 80, 1200, 800));
    expect(clampWindowState(state(2000, 100, 1600, 1000, true), [laptop, rightMonitor], laptop)).toEqual(state(2000, 100, 1600, 1000, true));
  });

  it('brings back a window from a monitor that is no longer there, centred on the primary display', () => {
    const r = clampWindowState(state(2200, 200, 1200, 800), [laptop], laptop);
    expect(r).toEqual(state(360, 125, 1200, 800));
  });

  it('pulls a window that hangs over an edge wholly onto its display', () => {
    expect(clampWindowState(state(1500, 900, 1200, 800), [laptop], laptop)).toEqual(state(720, 250, 1200, 800));
    expect(clampWindowState(state(-300, -50, 1200, 800), [laptop], laptop)).toEqual(state(0, 0, 1200, 800));
  });

  it('puts a window spanning two displays on the one it covers most', () => {
    const r = clampWindowState(state(1700, 100, 1200, 800), [laptop, rightMonitor], laptop);
    expect(r).toEqual(state(1920, 100, 1200, 800));
  });

  it('shrinks a window larger than its display, and never below the minimum unless the display is smaller', () => {
    expect(clampWindowState(state(0, 25, 3000, 2000), [small], small)).toEqual(state(0, 25, 1024, 743));
    expect(clampWindowState(state(0, 0, 200, 100), [laptop], laptop)).toMatchObject({ width: 800, height: 600 });
  });

  it('falls back to the primary display when no displays are reported', () => {
    expect(clampWindowState(state(10, 10, 1000, 700), [], laptop)).toEqual(state(10, 10, 1000, 700));
  });
});

describe('the window-state file', () => {
  it('round-trips through save and load', async () => {
    const file = path.join(await tempDir(), 'window-state.json');
    const log = memoryLogger();
    await saveWindowState(nodeFs, file, state(10, 20, 1300, 900, true), log);
    expect(await loadWindowState(nodeFs, file, log)).toEqual(state(10, 20, 1300, 900, true));
  });

  it.each(['not json', '{"width":"wide","height":800}', '{"width":-5,"height":800}', '[]', 'null'])(
    'a damaged file (%s) means defaults, not a crash',
    async (content) => {
      const file = path.join(await tempDir(), 'window-state.json');
      await writeFile(file, content);
      const log = memoryLogger();
      expect(await loadWindowState(nodeFs, file, log)).toBeNull();
      expect(log.entries).toHaveLength(1);
    },
  );

  it('a missing file means defaults', async () => {
    expect(await loadWindowState(nodeFs, path.join(await tempDir(), 'none.json'), memoryLogger())).toBeNull();
  });

  it('captures the normal bounds of a maximised window', () => {
    const win = { getNormalBounds: () => ({ x: 10.4, y: 20, width: 1000.6, height: 700 }), isMaximized: () => true, isFullScreen: () => false };
    expect(captureWindowState(win)).toEqual({ x: 10, y: 20, width: 1001, height: 700, isMaximized: true, isFullScreen: false });
  });
});
