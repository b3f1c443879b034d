/**
 * How every benchmark reports a figure: name, p50 and p95, the budget, and a verdict (OK / OVER)
 * judged on p95 unless the budget says otherwise. The run ends with one table of all verdicts.
 */
export interface Sample {
  p50: number;
  p95: number;
  n: number;
}

export type Budget =
  | { kind: 'ms'; max: number; on?: 'p50' | 'p95' }
  | { kind: 'ratio'; max: number; baseline: Sample; on?: 'p50' | 'p95' }
  /** A size in megabytes (server memory); the sample holds MB, not ms. */
  | { kind: 'mb'; max: number; on?: 'p50' | 'p95' }
  /** A count that must not exceed `max` (lost or doubled changes: max 0); the sample holds the count. */
  | { kind: 'count'; max: number; on?: 'p50' | 'p95' }
  | { kind: 'none' };

export interface Figure {
  name: string;
  sample: Sample;
  budget: Budget;
  verdict: 'OK' | 'OVER' | '—';
  note?: string;
}

const figures: Figure[] = [];

export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

export function sample(times: readonly number[]): Sample {
  const s = [...times].sort((a, b) => a - b);
  return { p50: percentile(s, 50), p95: percentile(s, 95), n: s.length };
}

export const ms = (x: number) => (Number.isNaN(x) ? '–' : x === Number.POSITIVE_INFINITY ? '∞ (fejl)' : x < 10 ? `${x.toFixed(2)} ms` : x < 10_000 ? `${x.toFixed(0)} ms` : `${(x / 1000).toFixed(1)} s`);

const mb = (x: number) => (Number.isNaN(x) ? '–' : `${x.toFixed(x < 10 ? 1 : 0)} MB`);
const count = (x: number) => (Number.isNaN(x) ? '–' : String(x));
const unitOf = (b: Budget) => (b.kind === 'mb' ? mb : b.kind === 'count' ? count : ms);

function judge(s: Sample, b: Budget): { verdict: Figure['verdict']; text: string } {
  if (b.kind === 'none') return { verdict: '—', text: 'intet budget' };
  const on = b.on ?? 'p95';
  if (b.kind === 'ms') return { verdict: s[on] < b.max ? 'OK' : 'OVER', text: `budget ${on} < ${ms(b.max)}` };
  if (b.kind === 'mb') return { verdict: s[on] < b.max ? 'OK' : 'OVER', text: `budget ${on} < ${mb(b.max)}` };
  if (b.kind === 'count') return { verdict: s[on] <= b.max ? 'OK' : 'OVER', text: `budget ≤ ${b.max}` };
  const ratio = s[on] / b.baseline[on];
  return { verdict: ratio <= b.max ? 'OK' : 'OVER', text: `${on} ${ratio.toFixed(2)}× grundlinjen (${ms(b.baseline[on])}), budget ≤ ${b.max}×` };
}

/** Prints one figure with its verdict and remembers it for the closing table. */
export function report(name: string, s: Sample, budget: Budget, note?: string): Figure {
  const { verdict, text } = judge(s, budget);
  const fig: Figure = { name, sample: s, budget, verdict, note };
  figures.push(fig);
  const unit = unitOf(budget);
  console.log(`  ${verdict.padEnd(4)} ${name}: p50 ${unit(s.p50)}  p95 ${unit(s.p95)}  (n = ${s.n}; ${text})${note ? ` · ${note}` : ''}`);
  return fig;
}

export function printSummary() {
  if (figures.length === 0) return;
  const width = Math.max(...figures.map((f) => f.name.length));
  console.log('\nSamlet (verdict på p95 mod budgettet i ARCHITECTURE.md §7):');
  for (const f of figures) {
    const { text } = judge(f.sample, f.budget);
    const unit = unitOf(f.budget);
    console.log(`  ${f.verdict.padEnd(4)} ${f.name.padEnd(width)}  p50 ${unit(f.sample.p50).padStart(8)}  p95 ${unit(f.sample.p95).padStart(8)}  ${text}`);
  }
}
