import { describe, expect, it } from 'vitest';
import { submitClearing } from '../../../renderer/ui/submitClearing';

/** The add-item forms clear at once; a failed save puts the value back unless something new was typed. */
describe('submitClearing', () => {
  /** A field like React's useState, with the functional update. */
  function field(initial: string) {
    const f = { value: initial, set: (u: (now: string) => string) => void (f.value = u(f.value)) };
    return f;
  }

  it('clears before the save completes, and keeps what is typed meanwhile', async () => {
    const f = field('12.01.2026');
    let finish!: (ok: boolean) => void;
    const saved: string[] = [];
    const done = submitClearing(f.value, '', f.set, (v) => {
      saved.push(v);
      return new Promise<boolean>((r) => (finish = r));
    });
    expect(f.value).toBe('');
    f.set(() => '09.02.2026'); // typed while the first save runs
    finish(true);
    expect(await done).toBe(true);
    expect(saved).toEqual(['12.01.2026']);
    expect(f.value).toBe('09.02.2026');
  });

  it('puts the value back when the save fails', async () => {
    const f = field('12.01.2026');
    expect(await submitClearing(f.value, '', f.set, async () => false)).toBe(false);
    expect(f.value).toBe('12.01.2026');
  });

  it('a failed save does not overwrite a value typed meanwhile', async () => {
    const f = field('12.01.2026');
    let finish!: (ok: boolean) => void;
    const done = submitClearing(f.value, '', f.set, () => new Promise<boolean>((r) => (finish = r)));
    f.set(() => '09.02.2026');
    finish(false);
    await done;
    expect(f.value).toBe('09.02.2026');
  });
});
