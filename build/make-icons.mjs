// Draws the Tilsyn app icon and writes every file the installers need, with no dependency but Node:
//   build/icon.png (1024), build/icons/<n>x<n>.png (Linux), build/icon.ico (Windows), build/icon.icns (macOS).
// Run: node build/make-icons.mjs   (the files are committed; run again only to change the icon)
//
// The icon: a white report sheet with a green tick on a deep teal rounded square, drawn from signed
// distance functions with 4x4 supersampling, so every size is rendered sharp rather than scaled.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { deflateSync } from 'node:zlib';

const here = path.dirname(fileURLToPath(import.meta.url));

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
function crc32(buf) {
  let c = 0xffffffff;
  for (const b of buf) c = CRC_TABLE[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}
function chunk(type, data) {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([len, body, crc]);
}
function encodePng(size, rgba) {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(size, 0);
  ihdr.writeUInt32BE(size, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 6; // RGBA
  const raw = Buffer.alloc((size * 4 + 1) * size);
  for (let y = 0; y < size; y++) {
    raw[y * (size * 4 + 1)] = 0; // filter: none
    rgba.copy(raw, y * (size * 4 + 1) + 1, y * size * 4, (y + 1) * size * 4);
  }
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(raw, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

// Signed distances in a unit square (0..1); negative inside.
function roundedRect(px, py, cx, cy, hw, hh, r) {
  const qx = Math.abs(px - cx) - hw + r;
  const qy = Math.abs(py - cy) - hh + r;
  return Math.hypot(Math.max(qx, 0), Math.max(qy, 0)) + Math.min(Math.max(qx, qy), 0) - r;
}
function segment(px, py, ax, ay, bx, by) {
  const dx = bx - ax;
  const dy = by - ay;
  const t = Math.max(0, Math.min(1, ((px - ax) * dx + (py - ay) * dy) / (dx * dx + dy * dy)));
  return Math.hypot(px - ax - t * dx, py - ay - t * dy);
}

const TEAL_TOP = [16, 94, 110];
const TEAL_BOTTOM = [11, 64, 80];
const WHITE = [255, 255, 255];
const LINE = [176, 196, 204];
const GREEN = [34, 160, 90];

/** Colour (premultiplied-free RGBA 0..1) of one sample point. */
function sample(x, y) {
  let rgb = null;
  let a = 0;
  const over = (colour, alpha) => {
    if (alpha <= 0) return;
    if (rgb === null) {
      rgb = colour.slice();
      a = alpha;
      return;
    }
    rgb = rgb.map((c, i) => c * (1 - alpha) + colour[i] * alpha);
    a = a + alpha * (1 - a);
  };
  const inside = (d) => (d <= 0 ? 1 : 0);

  // Background tile with a soft vertical gradient.
  if (inside(roundedRect(x, y, 0.5, 0.5, 0.46, 0.46, 0.2))) {
    const t = y;
    over(TEAL_TOP.map((c, i) => c * (1 - t) + TEAL_BOTTOM[i] * t), 1);
  }
  // The sheet.
  if (inside(roundedRect(x, y, 0.47, 0.52, 0.22, 0.28, 0.035))) over(WHITE, 1);
  // Three lines of text on it.
  for (const ly of [0.38, 0.46, 0.54]) if (inside(roundedRect(x, y, 0.43, ly, 0.13, 0.018, 0.018))) over(LINE, 1);
  // The tick, overlapping the sheet's lower right corner.
  const tick = Math.min(segment(x, y, 0.5, 0.66, 0.59, 0.75), segment(x, y, 0.59, 0.75, 0.79, 0.5));
  const halo = tick - 0.075;
  if (halo <= 0) over(WHITE, 1);
  if (tick - 0.045 <= 0) over(GREEN, 1);
  return rgb === null ? [0, 0, 0, 0] : [...rgb.map((c) => c / 255), a];
}

function render(size) {
  const ss = 4;
  const out = Buffer.alloc(size * size * 4);
  for (let py = 0; py < size; py++) {
    for (let px = 0; px < size; px++) {
      let r = 0;
      let g = 0;
      let b = 0;
      let a = 0;
      for (let sy = 0; sy < ss; sy++) {
        for (let sx = 0; sx < ss; sx++) {
          const [sr, sg, sb, sa] = sample((px + (sx + 0.5) / ss) / size, (py + (sy + 0.5) / ss) / size);
          r += sr * sa;
          g += sg * sa;
          b += sb * sa;
          a += sa;
        }
      }
      const o = (py * size + px) * 4;
      const n = ss * ss;
      out[o + 3] = Math.round((a / n) * 255);
      if (a > 0) {
        out[o] = Math.round((r / a) * 255);
        out[o + 1] = Math.round((g / a) * 255);
        out[o + 2] = Math.round((b / a) * 255);
      }
    }
  }
  return encodePng(size, out);
}

function encodeIco(pngs) {
  // ICO with PNG-compressed images (Windows Vista and later).
  const header = Buffer.alloc(6);
  header.writeUInt16LE(0, 0);
  header.writeUInt16LE(1, 2);
  header.writeUInt16LE(pngs.length, 4);
  const entries = [];
  let offset = 6 + 16 * pngs.length;
  for (const { size, png } of pngs) {
    const e = Buffer.alloc(16);
    e[0] = size >= 256 ? 0 : size;
    e[1] = size >= 256 ? 0 : size;
    e.writeUInt16LE(1, 4); // colour planes
    e.writeUInt16LE(32, 6); // bits per pixel
    e.writeUInt32LE(png.length, 8);
    e.writeUInt32LE(offset, 12);
    offset += png.length;
    entries.push(e);
  }
  return Buffer.concat([header, ...entries, ...pngs.map((p) => p.png)]);
}

function encodeIcns(pngsBySize) {
  const types = { 16: 'icp4', 32: 'icp5', 64: 'icp6', 128: 'ic07', 256: 'ic08', 512: 'ic09', 1024: 'ic10' };
  const parts = Object.entries(types).map(([size, type]) => {
    const png = pngsBySize.get(Number(size));
    const head = Buffer.alloc(8);
    head.write(type, 0, 'ascii');
    head.writeUInt32BE(png.length + 8, 4);
    return Buffer.concat([head, png]);
  });
  const total = 8 + parts.reduce((n, p) => n + p.length, 0);
  const head = Buffer.alloc(8);
  head.write('icns', 0, 'ascii');
  head.writeUInt32BE(total, 4);
  return Buffer.concat([head, ...parts]);
}

const sizes = [16, 24, 32, 48, 64, 128, 256, 512, 1024];
const pngs = new Map(sizes.map((s) => [s, render(s)]));
mkdirSync(path.join(here, 'icons'), { recursive: true });
for (const [size, png] of pngs) writeFileSync(path.join(here, 'icons', `${size}x${size}.png`), png);
writeFileSync(path.join(here, 'icon.png'), pngs.get(1024));
writeFileSync(path.join(here, 'icon.ico'), encodeIco([16, 24, 32, 48, 64, 128, 256].map((size) => ({ size, png: pngs.get(size) }))));
writeFileSync(path.join(here, 'icon.icns'), encodeIcns(pngs));
console.log(`icons: build/icon.png, build/icon.ico, build/icon.icns and build/icons/ (${sizes.join(', ')} px)`);
