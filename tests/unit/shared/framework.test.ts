import { describe, expect, it } from 'vitest';
import { DEFAULT_SCALE_LABELS, FrameworkSchema, scaleProblem, stepLabel, THEME_IDS } from '../../../shared/framework';
import { CURRENT_FRAMEWORK, FRAMEWORK_V1, frameworkById, FRAMEWORKS } from '../../../shared/frameworks/v1';

describe('framework v1', () => {
  it('is valid against FrameworkSchema', () => {
    expect(FrameworkSchema.safeParse(FRAMEWORK_V1).success).toBe(true);
  });

  it('has id, version, scale and labels', () => {
    expect(FRAMEWORK_V1).toMatchObject({ id: 'v1', version: 1, name: 'Tilsynskoncept 2021', validFrom: '2021-01-01' });
    expect(FRAMEWORK_V1.scale).toEqual({ id: 'tilsyn-4-trin', labels: [...DEFAULT_SCALE_LABELS] });
    expect(stepLabel(FRAMEWORK_V1, 3)).toBe('Tilfredsstillende');
    expect(stepLabel(FRAMEWORK_V1, 1)).toBe('Ikke tilfredsstillende');
  });

  it('has the seven themes in order with stable ids and the Danish names', () => {
    expect(FRAMEWORK_V1.themes.map((t) => t.id)).toEqual([...THEME_IDS]);
    expect(FRAMEWORK_V1.themes.map((t) => t.name)).toEqual([
      'Pædagogisk organisering',
      'Fysiske rammer og indretning',
      'Interaktion',
      'Leg',
      'Rutineprægede situationer og aktiviteter',
      'Børnenes kompetencer',
      'Sammenhængende overgange',
    ]);
    expect(THEME_IDS).toEqual([
      'paedagogisk-organisering',
      'fysiske-rammer',
      'interaktion',
      'leg',
      'rutiner',
      'boernenes-kompetencer',
      'overgange',
    ]);
  });

  it('has 2–4 fokuspunkter per theme with unique stable ids and four non-empty descriptors each', () => {
    const ids: string[] = [];
    for (const theme of FRAMEWORK_V1.themes) {
      expect(theme.fokuspunkter.length).toBeGreaterThanOrEqual(2);
      expect(theme.fokuspunkter.length).toBeLessThanOrEqual(4);
      expect(theme.descriptors).toHaveLength(4);
      expect(theme.description.length).toBeGreaterThan(40);
      for (const f of theme.fokuspunkter) {
        ids.push(f.id);
        expect(f.id).toMatch(/^[a-z]+-[a-z-]+$/);
        expect(f.descriptors).toHaveLength(4);
        for (const d of f.descriptors) expect(d.trim().length).toBeGreaterThan(20);
      }
      // Each step's descriptor is distinct.
      expect(new Set(theme.descriptors).size).toBe(4);
    }
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toContain('org-planlaegning');
    expect(ids).toContain('komp-sprog');
  });

  it('keeps descriptors short: at most two sentences', () => {
    const texts = FRAMEWORK_V1.themes.flatMap((t) => [...t.descriptors, ...t.fokuspunkter.flatMap((f) => f.descriptors)]);
    for (const text of texts) {
      const sentences = text.split(/[.!?](\s|$)/).filter((s) => s.trim().length > 1);
      expect(sentences.length, text).toBeLessThanOrEqual(2);
      expect(text, text).toMatch(/\.$/);
    }
  });

  it('describes practice, never an individual child', () => {
    const texts = FRAMEWORK_V1.themes.flatMap((t) => [
      t.description,
      ...t.descriptors,
      ...t.fokuspunkter.flatMap((f) => [f.name, ...f.descriptors]),
    ]);
    for (const text of texts) expect(text, text).not.toMatch(/\bbarnet\b|\bbarnets\b|\bKan ikke endnu\b/i);
  });

  it('is the current framework, listed and found by id', () => {
    expect(CURRENT_FRAMEWORK).toBe(FRAMEWORK_V1);
    expect(FRAMEWORKS).toEqual([FRAMEWORK_V1]);
    expect(frameworkById('v1')).toBe(FRAMEWORK_V1);
    expect(frameworkById('v2')).toBeUndefined();
  });
});

describe('scaleProblem: a scale id is one set of steps with one order and meaning', () => {
  const v2 = (labels: string[], scaleId = FRAMEWORK_V1.scale.id) => ({ id: 'v2', scale: { id: scaleId, labels: labels as [string, string, string, string] } });
  const same = [...DEFAULT_SCALE_LABELS];

  it('accepts the same scale again (also with other capitals or spaces) and a new scale id', () => {
    expect(scaleProblem([FRAMEWORK_V1], v2(same))).toBeNull();
    expect(scaleProblem([FRAMEWORK_V1], v2(same.map((l) => ` ${l.toUpperCase()}  `)))).toBeNull();
    expect(scaleProblem([FRAMEWORK_V1], v2([...same].reverse(), 'tilsyn-4-trin-2027'))).toBeNull();
    expect(scaleProblem([], v2([...same].reverse()))).toBeNull();
  });

  it('refuses the steps reversed, naming the order and the steps', () => {
    const msg = scaleProblem([FRAMEWORK_V1], v2([...same].reverse()));
    expect(msg).toBe(
      'Skalaen "tilsyn-4-trin" bruges allerede i v1 med trinene i en anden rækkefølge: ' +
        'trin 1 er "Ikke tilfredsstillende" i v1, men "Meget tilfredsstillende" her; ' +
        'trin 2 er "Mindre tilfredsstillende" i v1, men "Tilfredsstillende" her; ' +
        'trin 3 er "Tilfredsstillende" i v1, men "Mindre tilfredsstillende" her; ' +
        'trin 4 er "Meget tilfredsstillende" i v1, men "Ikke tilfredsstillende" her. ' +
        'En ændret skala skal have et nyt skala-id (og indgår så ikke i de samme gennemsnit).',
    );
  });

  it('refuses another label, naming the step', () => {
    expect(scaleProblem([FRAMEWORK_V1], v2([same[0]!, 'Under middel', same[2]!, same[3]!]))).toMatch(
      /^Skalaen "tilsyn-4-trin" bruges allerede i v1 med andre trin: trin 2 er "Mindre tilfredsstillende" i v1, men "Under middel" her\. /,
    );
  });

  it('refuses another number of steps', () => {
    const five = { id: 'v2', scale: { id: 'tilsyn-4-trin', labels: [...same, 'Fremragende'] } } as never;
    expect(scaleProblem([FRAMEWORK_V1], five)).toMatch(/med 4 trin, men har 5 trin her/);
  });
});
