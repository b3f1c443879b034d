import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { ComparisonChart } from '../../../renderer/features/report/ComparisonChart';
import { formatMean } from '../../../shared/format';

describe('a mean as the report (and its PDF, printed from the same view) shows it', () => {
  it('107/40 shows as 2,68, not the 2,67 of toFixed', () => {
    const html = renderToStaticMarkup(
      createElement(ComparisonChart, {
        rows: [{ themeId: 'leg', themeName: 'Leg', shortName: 'Leg', current: 3, previous: null, municipal: 107 / 40, municipalN: 40 }],
        previousDate: null,
        municipalLabel: 'Kommunens gennemsnit',
      }),
    );
    expect(html).toContain('2,68');
    expect(html).not.toContain('2,67');
    expect(formatMean(107 / 40, 40)).toBe('2,68');
  });
});
