import { describe, expect, it } from 'vitest';
import { formatOpenedAgo } from '../../../shared/followUp';
import { countOf } from '../../../shared/plural';

describe('counts with the noun that fits', () => {
  it('says "1 institution", not "1 institutioner"', () => {
    expect(countOf(1, 'institution', 'institutioner')).toBe('1 institution');
    expect(countOf(0, 'institution', 'institutioner')).toBe('0 institutioner');
    expect(countOf(2, 'institution', 'institutioner')).toBe('2 institutioner');
    expect(countOf(1200, 'institution', 'institutioner')).toBe('1.200 institutioner');
  });
  it('says when a follow-up item was opened, never "Åben i 0 dage"', () => {
    expect(formatOpenedAgo(0)).toBe('Åbnet i dag');
    expect(formatOpenedAgo(1)).toBe('Åbnet i går');
    expect(formatOpenedAgo(5)).toBe('Åbnet for 5 dage siden');
    expect(formatOpenedAgo(100)).toBe('Åbnet for 3 måneder siden');
  });
});
