import type { ThemeId } from '../../../shared/framework';

/**
 * One colour and one point shape per theme, so lines differ by more than colour. Every colour has at
 * least 4.5:1 contrast on white (WCAG 1.4.11 asks 3:1 for graphics).
 */
export const THEME_COLORS: Record<ThemeId, string> = {
  'paedagogisk-organisering': '#0b5cad',
  'fysiske-rammer': '#6a1b9a',
  interaktion: '#00695c',
  leg: '#8a4b00',
  rutiner: '#37474f',
  'boernenes-kompetencer': '#b00020',
  overgange: '#1d6b33',
};

export const THEME_POINTS: Record<ThemeId, 'circle' | 'rect' | 'triangle' | 'rectRot' | 'crossRot' | 'star' | 'rectRounded'> = {
  'paedagogisk-organisering': 'circle',
  'fysiske-rammer': 'rect',
  interaktion: 'triangle',
  leg: 'rectRot',
  rutiner: 'crossRot',
  'boernenes-kompetencer': 'star',
  overgange: 'rectRounded',
};

/** Step colours as in the scoring screen (styles.css --step1…4). */
export const STEP_COLORS = ['#b00020', '#a34700', '#1d6b33', '#0b5cad'] as const;
