/**
 * UUIDv7 (RFC 9562): time-ordered, made on the client, so records and mutations get ids offline.
 * Ids made in the same millisecond stay in creation order: the 12 bits after the version hold a
 * counter (RFC 9562 §6.2, method 1) that starts at a random value each millisecond.
 */
let lastMs = -1;
let counter = 0;

export function uuidv7(now: number = Date.now()): string {
  const bytes = new Uint8Array(16);
  globalThis.crypto.getRandomValues(bytes);
  let ms = Math.floor(now);
  // Same millisecond (or a few ms behind after borrowing one, or a clock step back): keep counting.
  if (ms <= lastMs && lastMs - ms < 10) {
    ms = lastMs;
    counter++;
    if (counter > 0xfff) {
      ms++; // counter exhausted: borrow the next millisecond
      counter = bytes[6]! & 0x07;
    }
  } else counter = ((bytes[6]! & 0x07) << 8) | bytes[7]!; // random start, leaving room to count
  lastMs = ms;
  const t = BigInt(ms);
  for (let i = 0; i < 6; i++) bytes[i] = Number((t >> BigInt(8 * (5 - i))) & 0xffn);
  bytes[6] = 0x70 | ((counter >> 8) & 0x0f); // version 7 + counter high bits
  bytes[7] = counter & 0xff;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80; // variant 10
  const hex = Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

export const UUID_V7 = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
