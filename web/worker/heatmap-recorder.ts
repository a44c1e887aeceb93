/**
 * Latency heatmap capture, worker side.
 *
 * The Result carries three latency percentiles per window; a heatmap needs each window's
 * whole latency distribution. The run hands it to window listeners just before the window's
 * tallies reset (`run.onWindowClose`, a read-only WindowView), so this recorder copies it
 * there. It only reads: the Result is unchanged.
 *
 * Bins are fixed and log-spaced (10 per decade from 0.1 ms to 100 s) so heatmaps of two runs
 * compare cell by cell. A histogram bucket is placed by its representative value (the
 * DDSketch midpoint 2 * upper / (1 + gamma), see engine/metrics/histogram.ts).
 */
import type { ReadonlyLatencyHistogram, WindowListener } from "../../engine/index";
import type { Heatmap } from "./run-protocol";

type LatencyHistogramJson = ReturnType<ReadonlyLatencyHistogram["toJSON"]>;

/** Heatmap bin edges, ms: 10^(-1 + i/10), i = 0..60. */
export const HEATMAP_EDGES_MS: readonly number[] = Array.from({ length: 61 }, (_, i) => 10 ** (-1 + i / 10));

/** The bin of a latency, ms: (edges[b], edges[b+1]]; below the first edge -> 0, above -> last. */
export function heatmapBin(valueMs: number, edgesMs: readonly number[] = HEATMAP_EDGES_MS): number {
  const bins = edgesMs.length - 1;
  if (!(valueMs > edgesMs[0]!)) return 0;
  const position = Math.log10(valueMs / edgesMs[0]!) / Math.log10(edgesMs[1]! / edgesMs[0]!);
  return Math.min(bins - 1, Math.max(0, Math.ceil(position) - 1));
}

/** Adds a histogram's counts into one heatmap row. */
export function addHistogramToRow(histogram: LatencyHistogramJson, row: Float64Array, edgesMs: readonly number[] = HEATMAP_EDGES_MS): void {
  const a = histogram.relativeAccuracy;
  const gamma = (1 + a) / (1 - a);
  const minMs = histogram.minMs ?? 0;
  const maxMs = histogram.maxMs ?? Infinity;
  for (const [index, count] of histogram.buckets) {
    // Index 0 holds exact zeros, 1 the underflow, k >= 2 the log bucket ending at
    // lowest * gamma^(k-1); the overflow bucket's midpoint lands above max and is clamped.
    let valueMs = index === 0 ? 0 : index === 1 ? histogram.lowestMs : (2 * histogram.lowestMs * gamma ** (index - 1)) / (1 + gamma);
    valueMs = Math.min(maxMs, Math.max(minMs, valueMs));
    row[heatmapBin(valueMs, edgesMs)]! += count;
  }
}

/** Collects one heatmap row per closed window of a run (subscribe `listener` with run.onWindowClose). */
export class HeatmapRecorder {
  private rows: Float64Array[] = [];
  private sent = 0;
  readonly edgesMs = HEATMAP_EDGES_MS.slice();

  /** The window listener: copies the window's latency histogram into a row. */
  readonly listener: WindowListener = (window) => {
    const row = new Float64Array(this.edgesMs.length - 1);
    addHistogramToRow(window.latency.toJSON(), row, this.edgesMs);
    this.rows.push(row);
  };

  /** Windows recorded. */
  get length(): number {
    return this.rows.length;
  }

  /** Rows [from, to) as a Heatmap. */
  slice(from: number, to: number): Heatmap {
    const bins = this.edgesMs.length - 1;
    const counts = new Float64Array(Math.max(0, to - from) * bins);
    for (let w = from; w < to; w++) counts.set(this.rows[w]!, (w - from) * bins);
    return { edgesMs: this.edgesMs.slice(), length: Math.max(0, to - from), counts };
  }

  /** A recorder holding the same rows, none of them sent yet (rows are never changed: shared). */
  copy(): HeatmapRecorder {
    const copy = new HeatmapRecorder();
    copy.rows = this.rows.slice();
    return copy;
  }

  /** Rows not yet returned by a previous `takeNew` call. */
  takeNew(): Heatmap {
    const chunk = this.slice(this.sent, this.rows.length);
    this.sent = this.rows.length;
    return chunk;
  }
}
