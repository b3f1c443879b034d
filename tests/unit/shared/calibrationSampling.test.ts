import { describe, expect, it } from 'vitest';
import { DEFAULT_SAMPLING, sampleSeries, sampleVisit } from '../../../shared/calibration/sampling';

/** mulberry32: a small seeded random source, so every run draws the same. */
function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** `n` visits spread over 2026 in arrival order, consultant `i % consultants`. */
function visits(n: number, consultants: number, year = 2026) {
  return Array.from({ length: n }, (_, i) => {
    const day = Math.floor((i / n) * 365);
    const date = new Date(Date.UTC(year, 0, 1 + day)).toISOString().slice(0, 10);
    return { id: `v${i}`, date, consultantIds: [`k${i % consultants}`] };
  });
}

describe('drawing visits for double scoring', () => {
  it('1,000 visits by 20 consultants: the share is within ±3 points of 15 %, for every seed tried', () => {
    for (const seed of [1, 2, 3, 42, 2026]) {
      const decisions = sampleSeries(visits(1000, 20), DEFAULT_SAMPLING, seeded(seed));
      const drawn = [...decisions.values()].filter((d) => d.drawn).length;
      expect(Math.abs(drawn / 1000 - 0.15), `seed ${seed}: ${drawn}`).toBeLessThanOrEqual(0.03);
    }
  });

  it('which visits are drawn is up to chance: two seeds pick mostly different visits', () => {
    const pick = (seed: number) => new Set([...sampleSeries(visits(1000, 20), DEFAULT_SAMPLING, seeded(seed))].filter(([, d]) => d.drawn && d.reason === 'tilfaeldig').map(([id]) => id));
    const a = pick(1);
    const b = pick(2);
    const shared = [...a].filter((id) => b.has(id)).length;
    expect(shared / a.size).toBeLessThan(0.5);
  });

  it('another setting is honoured too (25 %)', () => {
    const decisions = sampleSeries(visits(1000, 20), { share: 0.25, minPerConsultant: 2 }, seeded(7));
    const drawn = [...decisions.values()].filter((d) => d.drawn).length;
    expect(Math.abs(drawn / 1000 - 0.25)).toBeLessThanOrEqual(0.03);
  });

  it('a small municipality: every consultant gets at least two drawn visits per half year', () => {
    const list = visits(36, 3); // 6 visits per consultant per half year
    const decisions = sampleSeries(list, DEFAULT_SAMPLING, seeded(5));
    for (const half of ['H1', 'H2']) {
      for (const k of ['k0', 'k1', 'k2']) {
        const mine = list.filter((v) => v.consultantIds[0] === k && (Number(v.date.slice(5, 7)) <= 6) === (half === 'H1'));
        const drawn = mine.filter((v) => decisions.get(v.id)!.drawn).length;
        expect(drawn, `${k} ${half}`).toBeGreaterThanOrEqual(2);
      }
    }
  });

  it('the minimum is met first, and says so; without a minimum only chance decides', () => {
    const tally = { seen: 0, drawn: 0, drawnPerConsultant: new Map<string, number>() };
    expect(sampleVisit({ consultantIds: ['a'] }, tally, DEFAULT_SAMPLING, () => 0.99)).toEqual({ drawn: true, reason: 'minimum' });
    expect(sampleVisit({ consultantIds: ['a'] }, tally, { share: 0.15, minPerConsultant: 0 }, () => 0.99)).toEqual({ drawn: false });
    expect(sampleVisit({ consultantIds: ['a'] }, tally, { share: 0.15, minPerConsultant: 0 }, () => 0.1)).toEqual({ drawn: true, reason: 'tilfaeldig' });
    // The share is kept by chance, not by a fixed pattern: the same tally, another draw.
    expect(sampleVisit({ consultantIds: ['a'] }, tally, { share: 0.15, minPerConsultant: 0 }, () => 0.2)).toEqual({ drawn: false });
  });

  it('when the minimum draws already exceed the share, no visit is drawn at random', () => {
    const tally = { seen: 10, drawn: 4, drawnPerConsultant: new Map([['a', 2]]) };
    expect(sampleVisit({ consultantIds: ['a'] }, tally, DEFAULT_SAMPLING, () => 0)).toEqual({ drawn: false });
  });
});
