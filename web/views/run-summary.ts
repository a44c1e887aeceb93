/**
 * The numbers of a finished run: identity (digest, engine version, seed, reproduction check),
 * summary tiles, SLO verdicts and the timeline of events. Every figure carries its raw value
 * in `data-value` (the same number the CLI's JSON has), so tests compare exactly.
 */
import { h } from "../app/dom";
import type { RunRecord } from "../app/store";
import { formatClock, formatMoney, formatMs, formatNumber, formatRate, formatShare, formatWall } from "../format";
import type { ResultSummary } from "../worker/run-protocol";
import { timelineCategory } from "../scenario-facts";

/** A summary tile: label, formatted value, raw value. */
function tile(key: string, label: string, value: number | null, text: string, note?: string): HTMLElement {
  return h("div", { class: "tile", "data-metric": key },
    h("dt", {}, label),
    h("dd", { "data-value": value === null ? "null" : String(value) }, text),
    note ? h("small", {}, note) : null);
}

/** Digest, engine version, seed and, for a shared link, whether the digest reproduced. */
export function identityBlock(record: RunRecord): HTMLElement {
  const summary = record.summary;
  const reproduced = record.expectedDigest && record.digest ? record.expectedDigest === record.digest : null;
  return h("dl", { class: "identity", "aria-label": "Run identity" },
    h("div", {}, h("dt", {}, "Digest"), h("dd", { "data-testid": "digest", class: "mono" }, record.digest ?? "…")),
    h("div", {}, h("dt", {}, "Engine"), h("dd", { "data-testid": "engine-version" }, summary?.engineVersion ?? "…")),
    h("div", {}, h("dt", {}, "Seed"), h("dd", { "data-testid": "seed" }, summary ? String(summary.seed) : String(record.seed ?? "scenario's"))),
    h("div", {}, h("dt", {}, "Wall time"), h("dd", {}, formatWall(record.wallMs))),
    reproduced === null ? null : h("div", { class: reproduced ? "reproduced good" : "reproduced bad", "data-testid": "reproduced", "data-reproduced": String(reproduced) },
      h("dt", {}, "Shared digest"),
      h("dd", {}, reproduced ? "✓ reproduced the sender's result exactly" : `✗ differs from the sender's ${record.expectedDigest}`)));
}

/** The headline numbers of a run. */
export function summaryTiles(summary: ResultSummary): HTMLElement {
  const r = summary.requests;
  const failed = r.completed > 0 ? r.failed / r.completed : null;
  return h("dl", { class: "tiles", "aria-label": "Summary" },
    tile("offered", "Requests offered", r.offered, formatNumber(r.offered), "after warm-up"),
    tile("throughput", "Throughput", r.throughputPerS, formatRate(r.throughputPerS)),
    tile("successRate", "Success rate", r.successRate, formatShare(r.successRate), failed !== null && failed > 0 ? `${formatNumber(r.failed)} failed` : undefined),
    tile("p50", "p50 latency", r.latencyMs.p50, formatMs(r.latencyMs.p50)),
    tile("p99", "p99 latency", r.latencyMs.p99, formatMs(r.latencyMs.p99)),
    tile("p999", "p99.9 latency", r.latencyMs.p999, formatMs(r.latencyMs.p999)),
    tile("slos", "SLOs", summary.slos.filter((s) => s.passed).length, summary.slos.length === 0 ? "none" : `${summary.slos.filter((s) => s.passed).length} of ${summary.slos.length} met`),
    tile("cost", "Cost", summary.cost.total, formatMoney(summary.cost.total), `${formatMoney(summary.cost.perHour)}/h`));
}

/** SLO verdicts as a table. */
export function sloTable(summary: ResultSummary): HTMLElement | null {
  if (summary.slos.length === 0) return null;
  return h("div", { class: "table-scroll" }, h("table", { class: "slo-table" },
    h("caption", {}, "Service-level objectives"),
    h("thead", {}, h("tr", {}, ["SLO", "Class", "Objective", "Measured", "Error budget burned", "Verdict"].map((c) => h("th", { scope: "col" }, c)))),
    h("tbody", {}, summary.slos.map((slo) => h("tr", { "data-slo": slo.name, "data-passed": String(slo.passed) },
      h("th", { scope: "row" }, slo.name),
      h("td", {}, slo.class),
      h("td", {}, slo.objective),
      h("td", { "data-value": String(slo.measured) }, slo.measured === null ? "no data" : slo.kind === "latency" ? formatMs(slo.measured) : formatShare(slo.measured)),
      h("td", {}, slo.errorBudget?.burned === null || slo.errorBudget === null ? "–" : formatShare(slo.errorBudget.burned)),
      h("td", { class: slo.passed ? "good" : "bad" }, slo.passed ? "✓ met" : "✗ missed"))))));
}

/** Timeline rows drawn at most (a long run can have thousands of events). */
export const TIMELINE_ROWS_MAX = 500;

/** The run's timeline events (faults, detections, scaling) as a table. */
export function timelineTable(summary: ResultSummary): HTMLElement {
  if (summary.timeline.length === 0) {
    return h("p", { class: "muted" }, "No events on the timeline: this run had no faults, failovers or scaling steps.");
  }
  const shown = summary.timeline.slice(0, TIMELINE_ROWS_MAX);
  return h("table", { class: "timeline-table", "data-events": String(summary.timeline.length) },
    h("caption", {}, summary.timeline.length > shown.length ? `Timeline (first ${shown.length} of ${summary.timeline.length} events; all are in the Result JSON)` : "Timeline"),
    h("thead", {}, h("tr", {}, ["Time", "Event", "Subject", "Detail"].map((c) => h("th", { scope: "col" }, c)))),
    h("tbody", {}, shown.map((event) => h("tr", { class: `event-${timelineCategory(event.kind)}` },
      h("td", {}, formatClock(event.atMs)), h("td", {}, event.kind), h("td", {}, event.subject), h("td", {}, event.detail)))));
}

/** Per-group figures: utilisation, queues, nodes up, cost. */
export function groupTable(summary: ResultSummary): HTMLElement {
  return h("table", { class: "group-table" },
    h("caption", {}, "Node groups (after warm-up)"),
    h("thead", {}, h("tr", {}, ["Group", "Nodes", "Utilisation", "Mean queue", "Max queue", "Up", "Cost"].map((c) => h("th", { scope: "col" }, c)))),
    h("tbody", {}, summary.groups.map((g) => h("tr", {},
      h("th", { scope: "row" }, g.name), h("td", {}, String(g.nodes)), h("td", {}, formatShare(g.utilisation)),
      h("td", {}, formatNumber(g.queueLengthMean)), h("td", {}, formatNumber(g.queueLengthMax)), h("td", {}, formatShare(g.upShare)), h("td", {}, formatMoney(g.cost))))));
}
