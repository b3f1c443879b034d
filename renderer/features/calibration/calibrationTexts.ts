import { formatNumber } from '../../../shared/format';
import { FRAMEWORK_V1 } from '../../../shared/frameworks/v1';

/** The theme's name as the municipality's framework writes it (data, not UI text). */
export function themeName(themeId: string): string {
  return FRAMEWORK_V1.themes.find((t) => t.id === themeId)?.name ?? themeId;
}

/** A share 0–1 as a whole percent number ("70"), or null for none. */
export function percentValue(share: number | null): string | null {
  return share === null ? null : formatNumber(share * 100, { decimals: 0 });
}
