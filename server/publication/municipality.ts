import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Municipality } from '../../shared/publishedReport';

/**
 * The municipality this server belongs to: its name and logo, printed on every published report
 * and pulled by the apps (GET /api/municipality). Configured on the server: TILSYN_KOMMUNE_NAVN and
 * TILSYN_KOMMUNE_LOGO (a PNG or JPEG file, at most 300 KB), or AppOptions.municipality.
 */
export interface MunicipalityConfig extends Municipality {
  /** "gentofte-kommune": the public page is /offentlig/<slug>. */
  slug: string;
}

export interface MunicipalityOptions {
  name?: string;
  /** Path of a PNG or JPEG file. */
  logoFile?: string;
}

const LOGO_MAX_BYTES = 300 * 1024;
const DEFAULT_NAME = 'Kommunen';

export function municipalityFrom(opts: MunicipalityOptions = {}): MunicipalityConfig {
  const name = (opts.name ?? process.env.TILSYN_KOMMUNE_NAVN ?? '').trim() || DEFAULT_NAME;
  const logoFile = opts.logoFile ?? (process.env.TILSYN_KOMMUNE_LOGO || undefined);
  return { name, slug: slugOf(name), logoDataUrl: logoFile ? logoDataUrl(logoFile) : null };
}

/** "Høje-Taastrup Kommune" → "hoeje-taastrup-kommune": Danish letters spelt out, nothing but a–z, 0–9 and hyphens. */
export function slugOf(name: string): string {
  return name
    .toLowerCase()
    .replace(/æ/g, 'ae')
    .replace(/ø/g, 'oe')
    .replace(/å/g, 'aa')
    .normalize('NFKD')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}

/** The logo as a data: URL. A wrong file stops the server at start, with the reason, rather than printing reports without it. */
function logoDataUrl(file: string): string {
  const bytes = readFileSync(file);
  if (bytes.length > LOGO_MAX_BYTES) throw new Error(`Kommunens logo (${file}) er større end 300 KB`);
  const type = isPng(bytes) ? 'image/png' : isJpeg(bytes) ? 'image/jpeg' : null;
  if (!type) throw new Error(`Kommunens logo (${path.basename(file)}) skal være en PNG- eller JPEG-fil`);
  return `data:${type};base64,${bytes.toString('base64')}`;
}

const isPng = (b: Buffer) => b.length > 8 && b.readUInt32BE(0) === 0x89504e47;
const isJpeg = (b: Buffer) => b.length > 3 && b[0] === 0xff && b[1] === 0xd8;
