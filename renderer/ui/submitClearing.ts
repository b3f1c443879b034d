/**
 * A form that adds an item (a checkpoint, an action) clears its field the moment the item is
 * submitted, not when the save completes: whatever is typed while the save runs is the next item
 * and must not be wiped by the first one's completion. If the save fails, the submitted value is
 * put back so nothing is lost, unless the field has been filled again meanwhile.
 */
export async function submitClearing<T>(value: T, empty: T, set: (update: (now: T) => T) => void, save: (value: T) => Promise<boolean>): Promise<boolean> {
  set(() => empty);
  const ok = await save(value);
  if (!ok) set((now) => (now === empty ? value : now));
  return ok;
}
