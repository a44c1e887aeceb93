/**
 * The readable summary `clustersim run` prints: what ran (scenario, seed, simulated time) at
 * the top, then the tables of the mechanisms the scenario uses (engine `resultTables`), the
 * request figures, cost, then each SLO with its objective, measured value and PASS/FAIL. A replication set shows the mean and
 * 95 % confidence interval of each headline metric, each SLO's verdict by the SLO rule (PASS,
 * FAIL or UNDECIDED) and the rule in words.
 */
import { capacityText, costText, formatDurationMs, formatHalfWidth, formatMetric, hasRequestHeadline, HEADLINE_METRICS, resultTables, sloMeasuredText, sloObjectiveText, sloRuleText, sloUnit, type ReplicationSet, type Result, type Verdict } from "../../engine";
import { formatSectionTable } from "./section-text";
import { formatColumns, verdict } from "./text";

/**
 * The summary of one run: the header line, then the tables of the mechanisms the scenario is
 * about (replication, databases, regions, batch, caches, detectors; designs side by side as
 * rows), then the request figures — pooled only when the run has one class; with several the
 * class table stands in their place, and a run without requests says so instead of printing
 * dashes — then the other mechanisms, services and groups, the cost, and each SLO.
 */
export function formatResultTable(result: Result): string {
  const tables = resultTables(result);
  const parts: string[] = [headerLine(result, `seed ${result.seed}`, result.events), ""];
  for (const table of tables.filter((t) => t.rank === "primary")) parts.push(formatSectionTable(table), "");
  parts.push(requestLines(result), "");
  for (const table of tables.filter((t) => t.rank !== "primary")) parts.push(formatSectionTable(table), "");
  const capacity = capacityText(result);
  const cost = costText(result);
  const lines = [...(capacity === null ? [] : [["capacity", capacity]]), ...(cost === null ? [] : [["cost", cost]])];
  if (lines.length > 0) parts.push(formatColumns(lines));
  if (result.slos.length > 0) {
    parts.push("");
    const rows = [["SLO", "applies to", "objective", "measured", "verdict"]];
    for (const slo of result.slos) rows.push([slo.name, slo.class, sloObjectiveText(slo), sloMeasuredText(slo), verdict(slo.passed)]);
    parts.push(formatColumns(rows, ["left", "left", "left", "right", "left"]));
    for (const rule of result.slos.map(sloRuleText)) if (rule !== null) parts.push(`rule: ${rule}.`);
  }
  parts.push("", sloCountLine(result.slos.map((slo) => (slo.passed ? "pass" : "fail"))));
  return parts.join("\n").replace(/\n{3,}/g, "\n\n");
}

/**
 * The request figures: pooled lines for a run with one class, a pointer to the class table
 * for several (designs side by side are never pooled into a headline), one line without requests.
 */
function requestLines(result: Result): string {
  const r = result.requests;
  if (r.offered === 0) return formatColumns([["requests", "none in this run: what it computed is in the tables"]]);
  const requests = `${formatMetric(r.offered, "count")} offered · ${formatMetric(r.completed, "count")} completed · ${formatMetric(r.failed, "count")} failed${failedCauses(r.failedByCause)} · ${formatMetric(r.inFlightAtEnd, "count")} in flight at end`;
  if (!hasRequestHeadline(result)) return formatColumns([["requests", `${requests} (all classes; per class in the table above)`]]);
  const latency = r.latencyMs;
  const ms = (value: number | null): string => formatMetric(value, "ms");
  return formatColumns([
    ["requests", requests],
    ["load", `${formatMetric(r.offeredPerS, "per-second")} offered · ${formatMetric(r.goodputPerS, "per-second")} goodput · ${formatMetric(r.failedPerS, "per-second")} failed`],
    ["success rate", formatMetric(r.successRate, "percent")],
    ["latency", `mean ${ms(latency.mean)} · p50 ${ms(latency.p50)} · p90 ${ms(latency.p90)} · p99 ${ms(latency.p99)} · p99.9 ${ms(latency.p999)} · max ${ms(latency.max)}`],
  ]);
}

/** ` (12 timeout, 3 rejected)`, or nothing without failures. */
function failedCauses(byCause: Result["requests"]["failedByCause"]): string {
  const causes = Object.entries(byCause).filter(([, count]) => count > 0).map(([cause, count]) => `${formatMetric(count, "count")} ${cause}`);
  return causes.length > 0 ? ` (${causes.join(", ")})` : "";
}

/** The summary of a replication set: means, confidence intervals, SLOs by the stated rule. */
export function formatReplicationTable(set: ReplicationSet): string {
  const first = set.results[0];
  const last = set.results[set.results.length - 1];
  const parts: string[] = [headerLine(first, `seeds ${set.seedFirst}…${last.seed} (${set.replications} replications)`, set.results.reduce((sum, r) => sum + r.events, 0)), ""];
  if (set.results.every((r) => r.requests.offered === 0)) {
    // No requests: the means would be a table of dashes; the cost is the one headline metric.
    const cost = set.metrics.cost;
    parts.push(formatColumns([["requests", "none in these runs: what they computed is in the tables below"], ["cost", `${formatMetric(cost.mean, "money")} ${formatHalfWidth(cost.halfWidth, "money")} per run of ${formatDurationMs(first.durationMs)}`]]));
  } else {
    const rows = [["metric", "mean", "95% CI"]];
    for (const metric of HEADLINE_METRICS) {
      const interval = set.metrics[metric.key];
      rows.push([metric.label, formatMetric(interval.mean, metric.unit), formatHalfWidth(interval.halfWidth, metric.unit)]);
    }
    if (first.classes.length >= 2) parts.push(`all ${first.classes.length} classes pooled (${first.classes.map((c) => c.name).join(", ")}); each class is a row of the first run's table below`);
    parts.push(formatColumns(rows, ["left", "right", "left"]));
    const pooled = set.pooledLatencyMs;
    parts.push(`pooled latency over all ${set.replications} seeds: p50 ${formatMetric(pooled.p50, "ms")} · p90 ${formatMetric(pooled.p90, "ms")} · p99 ${formatMetric(pooled.p99, "ms")} · p99.9 ${formatMetric(pooled.p999, "ms")}`);
  }
  if (set.slos.length > 0) {
    parts.push("");
    const sloRows = [["SLO", "applies to", "objective", "measured (mean)", "95% CI", "runs passing", "verdict"]];
    for (const slo of set.slos) {
      const unit = sloUnit(slo.kind);
      sloRows.push([slo.name, slo.class, sloObjectiveText(slo), formatMetric(slo.measured.mean, unit), formatHalfWidth(slo.measured.halfWidth, unit), `${slo.replicationsPassed}/${set.replications}`, slo.verdict.toUpperCase()]);
      if (slo.windows !== null) {
        const share = slo.windows.share;
        sloRows.push(["", "", `windows meeting it >= ${formatMetric(slo.windows.target, "percent")}`, formatMetric(share.mean, "percent"), formatHalfWidth(share.halfWidth, "percent"), "", ""]);
      }
    }
    parts.push(formatColumns(sloRows, ["left", "left", "left", "right", "left", "right", "left"]));
    parts.push(`SLO rule: ${set.sloRule}.`);
  }
  // The mechanisms' tables of the first seed: the means above cover requests only.
  const tables = resultTables(first).filter((t) => t.rank !== "detail");
  if (tables.length > 0) parts.push("", `The first run's tables (seed ${first.seed}): mechanisms and classes side by side`, "", ...tables.map(formatSectionTable));
  parts.push("", sloCountLine(set.slos.map((slo) => slo.verdict)));
  return parts.join("\n").replace(/\n{3,}/g, "\n\n");
}

/** `three-tier · seed 42 · 30.0 s simulated (warm-up 5.00 s) · 668,728 events · engine 0.1.0` (events in all runs). */
function headerLine(result: Result, seeds: string, events: number): string {
  const warmup = result.warmupMs > 0 ? ` (warm-up ${formatDurationMs(result.warmupMs)})` : "";
  return `${result.scenario} · ${seeds} · ${formatDurationMs(result.durationMs)} simulated${warmup} · ${formatMetric(events, "count")} events · engine ${result.engineVersion}`;
}

/** `SLOs: 2 of 2 pass`, `SLOs: 1 of 2 pass (1 FAILS)`, `SLOs: 1 of 3 pass (1 FAILS, 1 UNDECIDED)`, or `no SLOs: nothing to pass or fail (exit 0)`. */
function sloCountLine(verdicts: readonly Verdict[]): string {
  if (verdicts.length === 0) return "no SLOs: nothing to pass or fail (exit 0)\n";
  const count = (verdict: Verdict) => verdicts.filter((v) => v === verdict).length;
  const failing = count("fail");
  const undecided = count("undecided");
  const notes = [...(failing > 0 ? [`${failing} FAIL${failing === 1 ? "S" : ""}`] : []), ...(undecided > 0 ? [`${undecided} UNDECIDED`] : [])];
  return `SLOs: ${count("pass")} of ${verdicts.length} pass${notes.length > 0 ? ` (${notes.join(", ")})` : ""}\n`;
}
