/**
 * Metric families as OpenMetrics 1.0 text with timestamps
 * (https://github.com/OpenObservability/OpenMetrics/blob/main/specification/OpenMetrics.md),
 * the format `promtool tsdb create-blocks-from openmetrics` backfills into Prometheus.
 *
 * Per family: `# HELP`, `# TYPE`, `# UNIT` (when the name carries one), then each series'
 * samples in time order (a histogram's MetricPoint: its `_bucket` lines by increasing `le`,
 * then `_count` and `_sum`), and `# EOF` at the very end. Timestamps are seconds since the
 * epoch with three decimals (exact ms). Values are written exactly (JavaScript's shortest
 * round-trip form); label values are escaped (\\, ", newline).
 */
import type { Labels, MetricFamily } from "./metric-families";

/** A number as OpenMetrics writes it: shortest round-trip form, +Inf, -Inf, NaN. */
export function formatValue(value: number): string {
  if (Number.isNaN(value)) return "NaN";
  if (value === Infinity) return "+Inf";
  if (value === -Infinity) return "-Inf";
  return String(value);
}

/** Epoch ms as OpenMetrics seconds: `1764230460.250`. */
export function formatTimestamp(epochMs: number): string {
  const whole = Math.floor(epochMs / 1000);
  const millis = Math.round(epochMs - whole * 1000);
  return `${whole}.${String(millis).padStart(3, "0")}`;
}

/** A label value, escaped. */
function escapeLabel(value: string): string {
  return value.replaceAll("\\", "\\\\").replaceAll('"', '\\"').replaceAll("\n", "\\n");
}

/** `{a="x",b="y"}`, or "" for no labels. */
function formatLabels(labels: Labels): string {
  if (labels.length === 0) return "";
  return `{${labels.map(([name, value]) => `${name}="${escapeLabel(value)}"`).join(",")}}`;
}

/** The families as one OpenMetrics document (ending in `# EOF\n`). */
export function formatOpenMetrics(families: readonly MetricFamily[]): string {
  const lines: string[] = [];
  for (const family of families) {
    lines.push(`# HELP ${family.name} ${family.help.replaceAll("\\", "\\\\").replaceAll("\n", "\\n")}`);
    lines.push(`# TYPE ${family.name} ${family.type}`);
    if (family.unit !== "") lines.push(`# UNIT ${family.name} ${family.unit}`);
    if (family.type === "histogram") {
      for (const series of family.series) {
        for (const point of series.points) {
          const at = formatTimestamp(point.timestampMs);
          series.leSeconds.forEach((le, i) => lines.push(`${family.name}_bucket${formatLabels([...series.labels, ["le", formatValue(le)]])} ${point.buckets[i]} ${at}`));
          lines.push(`${family.name}_bucket${formatLabels([...series.labels, ["le", "+Inf"]])} ${point.buckets[series.leSeconds.length]} ${at}`);
          lines.push(`${family.name}_count${formatLabels(series.labels)} ${point.count} ${at}`);
          lines.push(`${family.name}_sum${formatLabels(series.labels)} ${formatValue(point.sumSeconds)} ${at}`);
        }
      }
      continue;
    }
    const sampleName = family.type === "counter" ? `${family.name}_total` : family.name;
    for (const series of family.series) {
      const labels = formatLabels(series.labels);
      for (const point of series.points) lines.push(`${sampleName}${labels} ${formatValue(point.value)} ${formatTimestamp(point.timestampMs)}`);
    }
  }
  lines.push("# EOF");
  return `${lines.join("\n")}\n`;
}
