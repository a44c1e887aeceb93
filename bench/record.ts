/**
 * What one benchmark reports: one line of bench/results.json (figures, not assertions:
 * benchmarks never fail a build), and the CPU clock the model and kernel benchmarks read.
 */

/** CPU time of this process so far (user + system), ms. */
export function cpuNowMs(): number {
  const usage = process.cpuUsage();
  return (usage.user + usage.system) / 1000;
}

/** One line of bench/results.json. Figures, not assertions: benchmarks never fail a build. */
export interface BenchRecord {
  name: string;
  /** Model events per wall-clock second, as defined by each benchmark. */
  modelEventsPerS?: number;
  wallMs: number;
  /**
   * CPU time (user + system) of the measured section, ms. On a loaded machine wall time also
   * counts time spent waiting for a core; CPU time does not, so A/B comparisons use it.
   */
  cpuMs?: number;
  /** Model events per CPU second (the same events as `modelEventsPerS`). */
  modelEventsPerCpuS?: number;
  /** Peak resident set size of the benchmark's own process, MB (filled in by the runner). */
  peakRssMb?: number;
  /** A number that shows the model computed the right thing, beside its expected value. */
  sanity?: { label: string; value: number; expected?: number; ok: boolean };
  notes?: string;
}
