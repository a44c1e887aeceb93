/** One line of bench/results.json. Figures, not assertions: benchmarks never fail a build. */
export interface BenchRecord {
  name: string;
  /** Model events per wall-clock second, as defined by each benchmark. */
  modelEventsPerS?: number;
  wallMs: number;
  /** Peak resident set size of the benchmark's own process, MB (filled in by the runner). */
  peakRssMb?: number;
  /** A number that shows the model computed the right thing, beside its expected value. */
  sanity?: { label: string; value: number; expected?: number; ok: boolean };
  notes?: string;
}
