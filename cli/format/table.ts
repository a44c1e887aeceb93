/**
 * The readable summary `clustersim run` prints: what ran (scenario, seed, simulated time) at
 * the top, then requests, success rate, latency percentiles, availability and cost, then each
 * SLO with its objective, measured value and PASS/FAIL. A replication set shows the mean and
 * 95 % confidence interval of each headline metric, each SLO's verdict by the SLO rule (PASS,
 * FAIL or UNDECIDED) and the rule in words.
 */
import { formatDurationMs, formatHalfWidth, formatMetric, HEADLINE_METRICS, nodesUpShare, sloUnit, type ReplicationSet, type Result, type Verdict } from "../../engine";
import { formatColumns, verdict } from "./text";

/** The summary of one run. */
export function formatResultTable(result: Result): string {
  const r = result.requests;
  const latency = r.latencyMs;
  const ms = (value: number | null): string => formatMetric(value, "ms");
  const parts: string[] = [headerLine(result, `seed ${result.seed}`, result.events), ""];
  const failedCauses = Object.entries(r.failedByCause).filter(([, count]) => count > 0).map(([cause, count]) => `${count.toLocaleString("en-US")} ${cause}`);
  parts.push(
    formatColumns([
      ["requests", `${formatMetric(r.offered, "count")} offered · ${formatMetric(r.completed, "count")} completed · ${formatMetric(r.failed, "count")} failed${failedCauses.length > 0 ? ` (${failedCauses.join(", ")})` : ""} · ${formatMetric(r.inFlightAtEnd, "count")} in flight at end`],
      ["throughput", `${formatMetric(r.throughputPerS, "per-second")} (goodput ${formatMetric(r.goodputPerS, "per-second")})`],
      ["success rate", formatMetric(r.successRate, "percent")],
      ["latency", `mean ${ms(latency.mean)} · p50 ${ms(latency.p50)} · p90 ${ms(latency.p90)} · p99 ${ms(latency.p99)} · p99.9 ${ms(latency.p999)} · max ${ms(latency.max)}`],
      ["availability", `${formatMetric(r.successRate, "percent")} of requests succeeded · nodes up ${formatMetric(nodesUpShare(result), "percent")} of the time`],
      ["cost", `${formatMetric(result.cost.total, "money")} (${formatMetric(result.cost.perHour, "money")}/h)`],
    ]),
  );
  if (result.slos.length > 0) {
    parts.push("");
    const rows = [["SLO", "class", "objective", "measured", "verdict"]];
    for (const slo of result.slos) rows.push([slo.name, slo.class, slo.objective, formatMetric(slo.measured, sloUnit(slo.kind)), verdict(slo.passed)]);
    parts.push(formatColumns(rows, ["left", "left", "left", "right", "left"]));
  }
  parts.push("", sloCountLine(result.slos.map((slo) => (slo.passed ? "pass" : "fail"))));
  return parts.join("\n").replace(/\n{3,}/g, "\n\n");
}

/** The summary of a replication set: means, confidence intervals, SLOs by the stated rule. */
export function formatReplicationTable(set: ReplicationSet): string {
  const first = set.results[0];
  const last = set.results[set.results.length - 1];
  const parts: string[] = [headerLine(first, `seeds ${set.seedFirst}…${last.seed} (${set.replications} replications)`, set.results.reduce((sum, r) => sum + r.events, 0)), ""];
  const rows = [["metric", "mean", "95% CI"]];
  for (const metric of HEADLINE_METRICS) {
    const interval = set.metrics[metric.key];
    rows.push([metric.label, formatMetric(interval.mean, metric.unit), formatHalfWidth(interval.halfWidth, metric.unit)]);
  }
  parts.push(formatColumns(rows, ["left", "right", "left"]));
  const pooled = set.pooledLatencyMs;
  parts.push(`pooled latency over all ${set.replications} seeds: p50 ${formatMetric(pooled.p50, "ms")} · p90 ${formatMetric(pooled.p90, "ms")} · p99 ${formatMetric(pooled.p99, "ms")} · p99.9 ${formatMetric(pooled.p999, "ms")}`);
  if (set.slos.length > 0) {
    parts.push("");
    const sloRows = [["SLO", "class", "objective", "measured (mean)", "95% CI", "runs passing", "verdict"]];
    for (const slo of set.slos) {
      const unit = sloUnit(slo.kind);
      sloRows.push([slo.name, slo.class, slo.objective, formatMetric(slo.measured.mean, unit), formatHalfWidth(slo.measured.halfWidth, unit), `${slo.replicationsPassed}/${set.replications}`, slo.verdict.toUpperCase()]);
      if (slo.windows !== null) {
        const share = slo.windows.share;
        sloRows.push(["", "", `windows meeting it >= ${formatMetric(slo.windows.target, "percent")}`, formatMetric(share.mean, "percent"), formatHalfWidth(share.halfWidth, "percent"), "", ""]);
      }
    }
    parts.push(formatColumns(sloRows, ["left", "left", "left", "right", "left", "right", "left"]));
    parts.push(`SLO rule: ${set.sloRule}.`);
  }
  parts.push("", sloCountLine(set.slos.map((slo) => slo.verdict)));
  return parts.join("\n").replace(/\n{3,}/g, "\n\n");
}

/** `three-tier · seed 42 · 30.0 s simulated (warm-up 5.00 s) · 668,728 events · engine 0.1.0` (events in all runs). */
function headerLine(result: Result, seeds: string, events: number): string {
  const warmup = result.warmupMs > 0 ? ` (warm-up ${formatDurationMs(result.warmupMs)})` : "";
  return `${result.scenario} · ${seeds} · ${formatDurationMs(result.durationMs)} simulated${warmup} · ${formatMetric(events, "count")} events · engine ${result.engineVersion}`;
}

/** `SLOs: 2 of 2 pass`, `SLOs: 1 of 2 pass (1 FAILS)`, `SLOs: 1 of 3 pass (1 FAILS, 1 UNDECIDED)`, or `no SLOs defined`. */
function sloCountLine(verdicts: readonly Verdict[]): string {
  if (verdicts.length === 0) return "no SLOs defined\n";
  const count = (verdict: Verdict) => verdicts.filter((v) => v === verdict).length;
  const failing = count("fail");
  const undecided = count("undecided");
  const notes = [...(failing > 0 ? [`${failing} FAIL${failing === 1 ? "S" : ""}`] : []), ...(undecided > 0 ? [`${undecided} UNDECIDED`] : [])];
  return `SLOs: ${count("pass")} of ${verdicts.length} pass${notes.length > 0 ? ` (${notes.join(", ")})` : ""}\n`;
}
