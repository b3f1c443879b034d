import { describe, expect, it } from 'vitest';
import { DEFAULT_SCALE_LABELS, FrameworkSchema, stepLabel, THEME_IDS } from '../../../shared/framework';
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
