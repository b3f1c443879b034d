import { THEME_IDS, type Step } from '../../../shared/framework';
import { FRAMEWORKS } from '../../../shared/frameworks/v1';
import { INSTITUTION_TYPES, OWNERSHIPS, type Institution } from '../../../shared/institution';
import type { Inspection, ThemeScore } from '../../../shared/inspection';
import type { DashboardData } from '../../../shared/dashboard';

/*
 * Synthetic municipalities for the benchmarks, deterministic (a seeded PRNG, no clock): every
 * institution has one final inspection a year for `years` years with seven theme scores, ~1 %
 * "ikke vurderet", and every tenth institution one planned visit. With `notes`, every score carries
 * a consultant's note of realistic length: what a real database holds and what a dashboard must not read.
 */

export const BENCH_TODAY = '2026-11-23';
export const BENCH_YEARS = 10;

/** mulberry32: small, fast, deterministic. */
export function prng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const pad = (n: number, w = 2) => String(n).padStart(w, '0');

export const syntheticInstitutionId = (k: number) => `SYN-${pad(k, 5)}`;

const NOTE =
  'Under observationen af formiddagens samling så vi, at pædagogerne inddrog børnenes egne forslag og fulgte op på dem i den efterfølgende leg. ' +
  'Personalet fortalte i dialogen, at de arbejder med faste makkerpar, og at forældrene inddrages gennem korte beskeder i hverdagen. ';

export function syntheticDashboardData(institutionCount: number, options: { years?: number; seed?: number; notes?: boolean } = {}): DashboardData {
  const years = options.years ?? BENCH_YEARS;
  const rnd = prng(options.seed ?? 2026);
  const institutions: Institution[] = [];
  const inspections: Inspection[] = [];
  const themeScores: ThemeScore[] = [];
  const firstYear = 2026 - years;
  for (let k = 1; k <= institutionCount; k++) {
    const id = syntheticInstitutionId(k);
    institutions.push({
      id,
      name: `Institution ${pad(k, 5)}`,
      type: INSTITUTION_TYPES[k % 3 === 0 ? 2 : k % 3]!,
      ownership: OWNERSHIPS[k % 2]!,
      district: ['Nord', 'Øst', 'Syd', 'Vest'][k % 4]!,
      children0to2: 20,
      children3to5: 40,
      rev: 0,
    });
    let level = 1.5 + rnd() * 2;
    for (let y = firstYear; y < firstYear + years; y++) {
      const date = `${y}-${pad(2 + Math.floor(rnd() * 9))}-${pad(1 + Math.floor(rnd() * 27))}`;
      const iid = `syn-${id}-${y}`;
      const stamp = `${date}T12:00:00.000Z`;
      inspections.push({ id: iid, rev: 0, updatedAt: stamp, institutionId: id, frameworkId: 'v1', visitType: 'anmeldt', kind: 'ordinaer', date, consultants: ['Bench'], participants: [], status: 'endelig' });
      level = Math.min(3.8, level + 0.05);
      for (const themeId of THEME_IDS) {
        const notAssessed = rnd() < 0.01;
        const step = Math.max(1, Math.min(4, Math.round(level + (rnd() - 0.5) * 1.6))) as Step;
        themeScores.push({
          id: `${iid}:${themeId}`,
          rev: 0,
          updatedAt: stamp,
          inspectionId: iid,
          themeId,
          step: notAssessed ? null : step,
          notAssessed,
          notAssessedReason: notAssessed ? 'Ikke observeret' : '',
          note: options.notes ? NOTE : '',
        });
      }
    }
    if (k % 10 === 0)
      inspections.push({ id: `syn-${id}-plan`, rev: 0, updatedAt: `${BENCH_TODAY}T08:00:00.000Z`, institutionId: id, frameworkId: 'v1', visitType: 'uanmeldt', kind: 'ordinaer', date: '2027-03-01', consultants: ['Bench'], participants: [], status: 'planlagt' });
  }
  return { institutions, inspections, themeScores, frameworks: [...FRAMEWORKS] };
}
