/**
 * The numbers of a finished run: identity (scenario, seed, engine version, overrides, fidelity,
 * digest, reproduction check),
 * summary tiles, SLO verdicts and the timeline of events. Every figure carries its raw value
 * in `data-value` (the same number the CLI's JSON has), so tests compare exactly. Tiles are
 * metrics of the engine's catalogue (HEADLINE_METRICS: key, label, unit), shown with formatMetric.
 * The mechanisms' tables are the engine's `resultTables` models (the same the CLI table and the
 * HTML report draw): each is a `<table data-section>` whose rows carry `data-row` and whose
 * cells carry `data-value`.
 */
import { capacityShares, costPeriodText, formatCell, formatMetric, hasRequestHeadline, HEADLINE_METRICS, sloMeasuredText, sloObjectiveText, sloRuleText, type HeadlineMetric, type ResultTable } from "../../engine/index";
import { h } from "../app/dom";
import type { RunRecord } from "../app/store";
import { formatClock, formatNumber, formatWall } from "../format";
import type { ResultSummary } from "../worker/run-protocol";
import { timelineCategory } from "../scenario-facts";

/** A summary tile: label, formatted value, raw value. */
function tile(key: string, label: string, value: number | null, text: string, note?: string): HTMLElement {
  return h("div", { class: "tile", "data-metric": key },
    h("dt", {}, label),
    h("dd", { "data-value": value === null ? "null" : String(value) }, text),
    note ? h("small", {}, note) : null);
}

/**
 * Who a run is: the scenario, its seed (or the seeds of replications), the engine version, the
 * overrides it ran with, its fidelity (exact or hybrid) and its digest. The run view, the
 * comparison and a reopened kept comparison show the same block from it.
 */
export interface RunIdentity {
  scenario: string | null;
  /** The seed, or the replications' seeds; null when not known yet (the scenario's own). */
  seeds: number[] | null;
  engineVersion: string | null;
  overrides: string[];
  /** "exact" or "hybrid" (from the Result); null before the run has one. */
  fidelity: string | null;
  /** The Result's digest (one run); null for replications or before the run ends. */
  digest: string | null;
  wallMs?: number;
}

/** The identity of one side of a comparison, or of a run: from its Results and overrides. */
export function identityOf(summaries: ResultSummary[], options: { overrides?: string[]; digest?: string | null; wallMs?: number; seed?: number | null }): RunIdentity {
  const first = summaries[0];
  return {
    scenario: first?.scenario ?? null,
    seeds: summaries.length > 0 ? summaries.map((s) => s.seed) : options.seed !== undefined && options.seed !== null ? [options.seed] : null,
    engineVersion: first?.engineVersion ?? null,
    overrides: options.overrides ?? [],
    fidelity: first ? (first.hybrid ? "hybrid" : "exact") : null,
    digest: summaries.length <= 1 ? options.digest ?? null : null,
    ...(options.wallMs !== undefined ? { wallMs: options.wallMs } : {}),
  };
}

/** The identity block: scenario, seed, engine, overrides, fidelity, digest (and wall time when known). */
export function identityList(identity: RunIdentity): HTMLElement {
  const seeds = identity.seeds;
  const seedText = seeds === null ? "scenario's" : seeds.length <= 3 ? seeds.join(", ") : `${seeds[0]}…${seeds[seeds.length - 1]} (${seeds.length} seeds)`;
  return h("dl", { class: "identity", "aria-label": "Run identity" },
    h("div", {}, h("dt", {}, "Scenario"), h("dd", { "data-testid": "scenario" }, identity.scenario ?? "…")),
    h("div", {}, h("dt", {}, seeds !== null && seeds.length > 1 ? "Seeds" : "Seed"), h("dd", { "data-testid": "seed" }, seedText)),
    h("div", {}, h("dt", {}, "Engine"), h("dd", { "data-testid": "engine-version" }, identity.engineVersion ?? "…")),
    h("div", {}, h("dt", {}, "Overrides"), h("dd", { "data-testid": "overrides", class: identity.overrides.length > 0 ? "mono" : "" }, identity.overrides.length > 0 ? identity.overrides.join(" · ") : "none")),
    h("div", {}, h("dt", {}, "Fidelity"), h("dd", { "data-testid": "fidelity" }, identity.fidelity ?? "…")),
    seeds !== null && seeds.length > 1 ? null : h("div", {}, h("dt", {}, "Digest"), h("dd", { "data-testid": "digest", class: "mono" }, identity.digest ?? "…")),
    identity.wallMs === undefined ? null : h("div", {}, h("dt", {}, "Wall time"), h("dd", {}, formatWall(identity.wallMs))));
}

/** A run's identity block and, for a shared link, whether the digest reproduced. */
export function identityBlock(record: RunRecord): HTMLElement {
  const list = identityList(identityOf(record.summary ? [record.summary] : [], { overrides: record.overrides, digest: record.digest ?? null, seed: record.seed, ...(record.wallMs !== undefined ? { wallMs: record.wallMs } : {}) }));
  const reproduced = record.expectedDigest && record.digest ? record.expectedDigest === record.digest : null;
  if (reproduced !== null) {
    list.append(h("div", { class: reproduced ? "reproduced good" : "reproduced bad", "data-testid": "reproduced", "data-reproduced": String(reproduced) },
      h("dt", {}, "Shared digest"),
      h("dd", {}, reproduced ? "✓ reproduced the sender's result exactly" : `✗ differs from the sender's ${record.expectedDigest}`)));
  }
  return list;
}

/** The catalogue metrics shown as tiles, in order, with the note under each. */
const TILE_METRICS: ReadonlyArray<{ key: string; note?: (summary: ResultSummary) => string | undefined }> = [
  { key: "offered", note: () => "after warm-up" },
  { key: "goodputPerS" },
  { key: "successRate", note: (s) => (s.requests.failed > 0 ? `${formatMetric(s.requests.failed, "count")} failed` : undefined) },
  { key: "latencyP50Ms" },
  { key: "latencyP99Ms" },
  { key: "latencyP999Ms" },
  { key: "servingCapacity", note: capacityNote },
  { key: "cost", note: (s) => costPeriodText(s) },
];

/** Under the serving-capacity tile: booting and draining (planned) apart from down (failures). */
function capacityNote(summary: ResultSummary): string | undefined {
  const c = capacityShares(summary);
  if (c === null) return undefined;
  const pct = (share: number) => formatMetric(share, "percent");
  return `booting ${pct(c.booting)} · draining ${pct(c.draining)} (planned) · down ${pct(c.down)}`;
}

/**
 * The headline numbers of a run: request tiles when it had requests (with several classes —
 * designs side by side — headed "all classes pooled", below the class table that is the
 * headline), the serving capacity (booting and draining apart), the cost with its currency and period, and the SLO count ("no SLOs" when there are none).
 */
export function summaryTiles(summary: ResultSummary): HTMLElement {
  const metric = (key: string): HeadlineMetric => HEADLINE_METRICS.find((m) => m.key === key)!;
  // Without requests only the cost and capacity tiles; without nodes (a batch cluster) neither: never a tile of dashes.
  const withNodes = capacityShares(summary) !== null;
  // Without node groups (a batch cluster) no cost tile either: nothing is priced, which is not a cost of $0.
  const shown = TILE_METRICS.filter(({ key }) => (key === "servingCapacity" || key === "cost" ? withNodes : summary.requests.offered > 0));
  const tiles = shown.map(({ key, note }) => {
    const value = metric(key).get(summary);
    return tile(key, metric(key).label, value, formatMetric(value, metric(key).unit), note?.(summary));
  });
  const met = summary.slos.filter((s) => s.passed).length;
  const slos = tile("slos", "SLOs", met, summary.slos.length === 0 ? "no SLOs" : `${met} of ${summary.slos.length} met`);
  const pooled = summary.requests.offered > 0 && !hasRequestHeadline(summary);
  const heading = summary.requests.offered === 0 ? "No requests in this run: its figures are the tables" : pooled ? `All ${summary.classes.length} classes pooled (each class is a row of the table above)` : null;
  return h("div", { class: "summary" }, heading === null ? null : h("h3", { class: "muted" }, heading), h("dl", { class: "tiles", "aria-label": "Summary", "data-pooled": String(pooled) }, tiles, slos));
}

/** One of the engine's Result tables: caption, header, a row per design or object, raw values in `data-value`. */
export function sectionTable(model: ResultTable): HTMLElement {
  return h("div", { class: "table-scroll" }, h("table", { class: "section-table", "data-section": model.id },
    h("caption", {}, model.title),
    h("thead", {}, h("tr", {}, model.columns.map((c) => h("th", { scope: "col" }, c.label)))),
    h("tbody", {}, model.rows.map((row) => h("tr", { "data-row": row.key }, row.cells.map((cell, i) => {
      const unit = model.columns[i]!.unit;
      const text = formatCell(cell, unit);
      return i === 0 ? h("th", { scope: "row" }, text) : h("td", { "data-value": cell === null ? "null" : String(cell), class: unit === "text" ? "" : "num" }, text);
    })))),
  ), model.note === null ? null : h("p", { class: "muted table-note" }, model.note));
}

/** SLO verdicts as a table. */
export function sloTable(summary: ResultSummary): HTMLElement | null {
  if (summary.slos.length === 0) return null;
  const rules = summary.slos.map(sloRuleText).filter((rule) => rule !== null);
  return h("div", { class: "table-scroll" }, h("table", { class: "slo-table" },
    h("caption", {}, "Service-level objectives"),
    h("thead", {}, h("tr", {}, ["SLO", "Applies to", "Objective", "Measured", "Error budget used", "Verdict"].map((c) => h("th", { scope: "col" }, c)))),
    h("tbody", {}, summary.slos.map((slo) => h("tr", { "data-slo": slo.name, "data-passed": String(slo.passed) },
      h("th", { scope: "row" }, slo.name),
      h("td", {}, slo.class),
      h("td", {}, sloObjectiveText(slo)),
      h("td", { "data-value": String(slo.measured), "data-windows-value": String(slo.windowsMeetingShare) }, slo.measured === null ? "no data" : sloMeasuredText(slo)),
      h("td", {}, budgetUsed(slo.errorBudget?.burned)),
      h("td", { class: slo.passed ? "good" : "bad" }, slo.passed ? "✓ met" : "✗ missed"))))),
  rules.map((rule) => h("p", { class: "muted table-note", "data-slo-rule": "" }, `Rule: ${rule}.`)));
}

/**
 * The share of an availability SLO's error budget used: "42.0%" within it; past it, how many
 * times over ("blown: 28× the budget"), never "2827%".
 */
export function budgetUsed(burned: number | null | undefined): string {
  if (burned === null || burned === undefined || !Number.isFinite(burned)) return "—";
  return burned <= 1 ? formatMetric(burned, "percent") : `blown: ${formatMetric(burned, "number")}× the budget`;
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
      h("td", {}, formatClock(event.atMs, summary.durationMs)), h("td", {}, event.kind), h("td", {}, event.subject), h("td", {}, event.detail)))));
}
