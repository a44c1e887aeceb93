/**
 * The HTML report (`--report report.html`): one self-contained file (inline CSS and SVG, no
 * scripts, no external references) a CI system can keep as an artefact and anyone can open.
 * It shows what ran (scenario, seed, engine version), the tables of the mechanisms the scenario
 * uses (the engine's `resultTables`, the same models as the CLI table and the browser), the
 * headline numbers (only when they are not an aggregate of designs side by side), the SLO
 * table, the charts of Result.series (request charts only when the run had requests; nodes
 * serving and in the group; leaders at once per replicated service; time at a node by version
 * during rolling updates; replica lag per database; cache hit ratio and origin load), and
 * the timeline of faults and state changes. The badge says PASS or FAIL only when there are SLOs.
 * The report holds no date or host name, so the same run gives the same bytes.
 */
import { capacityText, costText, formatCell, formatDurationMs, formatHalfWidth, formatMetric, formatPercent, hasMechanismTables, hasRequestHeadline, HEADLINE_METRICS, resultTables, sloMeasuredText, sloObjectiveText, sloRuleText, sloUnit, type ReplicationSet, type Result, type ResultTable } from "../../engine";
import { xmlEscape } from "../format/xml";
import { verdict } from "../format/text";
import { htmlPage } from "./html-page";
import { lineChartSvg } from "./svg-chart";

/** Timeline rows shown at most (the JSON output has them all). */
const TIMELINE_ROWS_MAX = 500;

/** The report of one run or of a replication set (whose charts show the first seed). */
export function formatHtmlReport(subject: Result | ReplicationSet, options: { scenarioFile: string }): string {
  const set = "kind" in subject && subject.kind === "clustersim-replications" ? subject : null;
  const result = set === null ? (subject as Result) : set.results[0];
  const seeds = set === null ? `seed ${result.seed}` : `seeds ${set.seedFirst}…${set.seedFirst + set.replications - 1} (${set.replications} replications)`;
  const passed = set === null ? result.slosPassed : set.slosPassed;
  const sloCount = set === null ? result.slos.length : set.slos.length;
  const badge = sloCount === 0 ? `<span class="verdict none">no SLOs</span>` : `<span class="verdict ${passed ? "pass" : "fail"}">${passed ? "SLOs PASS" : "SLOs FAIL"}</span>`;
  const body: string[] = [];
  body.push(`<h1>${xmlEscape(result.scenario)} ${badge}</h1>`);
  body.push(`<p class="meta">${xmlEscape(options.scenarioFile)} · ${seeds} · ${formatDurationMs(result.durationMs)} simulated (warm-up ${formatDurationMs(result.warmupMs)}, windows of ${formatDurationMs(result.windowMs)}) · ${result.events.toLocaleString("en-US")} events · engine ${xmlEscape(result.engineVersion)}</p>`);
  body.push(set === null ? summarySection(result) : replicationSection(set));
  body.push(`<h2>Charts${set === null ? "" : ` (seed ${result.seed})`}</h2>`, chartsSection(result));
  body.push(timelineSection(result, hasMechanismTables(resultTables(result))));
  return htmlPage({ title: `clustersim report: ${result.scenario} (${seeds})`, style: STYLE, body });
}

/** This report's rules beyond html-page.ts: the warm-up band of the time charts. */
const STYLE = `svg .warmup { fill: #f3f4f6; }
.verdict.none { background: #6e7781; } section.result-table { overflow-x: auto; }
`;

function table(header: readonly string[], rows: ReadonlyArray<readonly string[]>, numeric: readonly boolean[] = []): string {
  const head = `<tr>${header.map((h) => `<th>${xmlEscape(h)}</th>`).join("")}</tr>`;
  const cell = (text: string, i: number): string => {
    if (text === "PASS" || text === "FAIL") return `<td class="${text === "PASS" ? "pass" : "fail"}">${text}</td>`;
    return `<td${numeric[i] ? ` class="num"` : ""}>${xmlEscape(text)}</td>`;
  };
  return `<table>${head}${rows.map((row) => `<tr>${row.map(cell).join("")}</tr>`).join("")}</table>`;
}

function summarySection(result: Result): string {
  const tables = resultTables(result);
  const slos = result.slos.map((slo) => [slo.name, slo.class, sloObjectiveText(slo), sloMeasuredText(slo), verdict(slo.passed)]);
  return [
    `<h2>Summary</h2>`,
    ...tables.filter((t) => t.rank === "primary").map(sectionTable),
    requestSummary(result),
    capacityParagraph(result),
    costText(result) === null ? "" : `<p class="cost">cost: ${xmlEscape(costText(result)!)}</p>`,
    ...tables.filter((t) => t.rank !== "primary").map(sectionTable),
    `<h2>SLOs</h2>`,
    slos.length === 0 ? `<p class="note">No SLOs defined: nothing to pass or fail.</p>` : table(["SLO", "applies to", "objective", "measured", "verdict"], slos, [false, false, false, true]),
    ...result.slos.map(sloRuleText).filter((rule) => rule !== null).map((rule) => `<p class="note slo-rule">Rule: ${xmlEscape(rule)}.</p>`),
  ].join("\n");
}

/** Serving capacity with booting and draining apart from failures; nothing without nodes. */
function capacityParagraph(result: Result): string {
  const text = capacityText(result);
  return text === null ? "" : `<p class="capacity" data-metric="servingCapacity">capacity: ${xmlEscape(text)}</p>`;
}

/** The catalogue's headline metrics, when they are the run's headline (requests, one class); else a sentence. */
function requestSummary(result: Result): string {
  if (result.requests.offered === 0) return `<p class="note">No requests in this run: its figures are the tables.</p>`;
  if (!hasRequestHeadline(result)) return `<p class="note">${formatMetric(result.requests.offered, "count")} requests over all classes; each class is a row of the table above (pooled figures in its last row).</p>`;
  const rows = HEADLINE_METRICS.filter((metric) => metric.key !== "cost").map((metric) => [metric.label, formatMetric(metric.get(result), metric.unit)]);
  return `<h3>Requests</h3>\n${table(["metric", "value"], rows, [false, true])}`;
}

/** One of the engine's section tables (the same model the CLI and the browser draw). */
function sectionTable(model: ResultTable): string {
  const rows = model.rows.map((row) => row.cells.map((cell, i) => formatCell(cell, model.columns[i]!.unit)));
  const numeric = model.columns.map((column) => column.unit !== "text");
  const note = model.note === null ? "" : `<p class="note">${xmlEscape(model.note)}</p>`;
  return `<section class="result-table" data-section="${xmlEscape(model.id)}"><h3>${xmlEscape(model.title)}</h3>${table(model.columns.map((c) => c.label), rows, numeric)}${note}</section>`;
}

function replicationSection(set: ReplicationSet): string {
  const rows = HEADLINE_METRICS.map((metric) => {
    const interval = set.metrics[metric.key];
    return [metric.label, formatMetric(interval.mean, metric.unit), formatHalfWidth(interval.halfWidth, metric.unit)];
  });
  const slos = set.slos.map((slo) => {
    const unit = sloUnit(slo.kind);
    return [slo.name, slo.class, sloObjectiveText(slo), formatMetric(slo.measured.mean, unit), formatHalfWidth(slo.measured.halfWidth, unit), `${slo.replicationsPassed}/${set.replications}`, slo.verdict.toUpperCase()];
  });
  return [
    `<h2>Summary (mean and 95% confidence interval over ${set.replications} seeds)</h2>`,
    table(["metric", "mean", "95% CI"], rows, [false, true, false]),
    `<h2>SLOs</h2>`,
    slos.length === 0 ? `<p class="note">No SLOs defined.</p>` : table(["SLO", "applies to", "objective", "measured (mean)", "95% CI", "runs passing", "verdict"], slos, [false, false, false, true, false, true]),
    `<p class="note">SLO rule: ${xmlEscape(set.sloRule)}.</p>`,
    ...mechanismsOfFirstRun(set.results[0]!),
  ].join("\n");
}

/** A replication set's means cover requests; its mechanisms' tables are shown for the first seed. */
function mechanismsOfFirstRun(result: Result): string[] {
  const tables = resultTables(result).filter((t) => t.rank !== "detail");
  return tables.length === 0 ? [] : [`<h2>The first run's tables (seed ${result.seed})</h2>`, ...tables.map(sectionTable)];
}

function chartsSection(result: Result): string {
  const s = result.series;
  const base = { startMs: s.startMs, windowMs: s.windowMs, warmupMs: result.warmupMs };
  const perS = (v: number): string => `${v.toLocaleString("en-US")}/s`;
  const charts = [
    lineChartSvg({ ...base, title: "Throughput and errors (requests per second)", formatY: perS, series: [
      { name: "offered", values: s.offeredPerS, dashed: true },
      { name: "succeeded", values: s.succeededPerS },
      { name: "failed", values: s.failedPerS },
    ] }),
    lineChartSvg({ ...base, title: "Error rate (failed / completed)", formatY: (v) => formatPercent(v), series: [{ name: "error rate", values: s.errorRate }] }),
    lineChartSvg({ ...base, title: "Latency of successful requests", formatY: (v) => formatDurationMs(v), logWhenRatioAbove: 30, series: [
      { name: "p50", values: s.latencyP50Ms },
      { name: "p99", values: s.latencyP99Ms },
      { name: "p99.9", values: s.latencyP999Ms },
    ] }),
    lineChartSvg({ ...base, title: "Utilisation per group (busy core time / available)", formatY: (v) => formatPercent(v, { digits: 0 }), yDomain: [0, 1], series: s.groups.map((g) => ({ name: g.name, values: g.utilisation })) }),
    lineChartSvg({ ...base, title: "Nodes serving (solid) and in the group, booting included (dashed)", formatY: (v) => String(v), series: s.groups.flatMap((g) => [
      { name: `${g.name} serving`, values: g.nodesUp },
      { name: `${g.name} in group`, values: g.nodesTotal, dashed: true },
    ]) }),
    lineChartSvg({ ...base, title: "Requests in the system (time average)", formatY: (v) => v.toLocaleString("en-US"), series: [{ name: "in system", values: s.inSystem }] }),
  ];
  // Without requests the request charts are empty lines: keep only the nodes' charts.
  const shown = result.requests.offered === 0 ? [charts[3]!, charts[4]!] : charts;
  if (result.databases.length > 0) {
    shown.push(lineChartSvg({ ...base, title: "Replica lag per database (largest in each window)", formatY: (v) => formatDurationMs(v), series: result.databases.map((d) => ({ name: d.service, values: d.lag.maxMs })) }));
  }
  if (s.replicated.length > 0) {
    shown.push(lineChartSvg({ ...base, title: "Leaders at once per replicated service (most in each window; above 1 is split brain)", formatY: (v) => String(v), series: s.replicated.map((r) => ({ name: r.name, values: r.leadersMax })) }));
  }
  if (s.rollingUpdates.length > 0) {
    shown.push(lineChartSvg({ ...base, title: "Time at a node by version, rolling updates (old solid, new dashed; queued + in service, Little's law per window)", formatY: (v) => formatDurationMs(v), series: s.rollingUpdates.flatMap((u) => [
      { name: `${u.name} old version`, values: u.oldVersionMs },
      { name: `${u.name} new version`, values: u.newVersionMs, dashed: true },
    ]) }));
    shown.push(lineChartSvg({ ...base, title: "p99 time at a node by version, rolling updates (old solid, new dashed; queue wait + service of the window's jobs)", formatY: (v) => formatDurationMs(v), series: s.rollingUpdates.flatMap((u) => [
      { name: `${u.name} old version p99`, values: u.oldVersionP99Ms },
      { name: `${u.name} new version p99`, values: u.newVersionP99Ms, dashed: true },
    ]) }));
  }
  if (result.caches.length > 0) {
    shown.push(lineChartSvg({ ...base, title: "Cache hit ratio per window", formatY: (v) => formatPercent(v, { digits: 0 }), yDomain: [0, 1], series: result.caches.map((c) => ({ name: c.service, values: c.series.hitRatio })) }));
    shown.push(lineChartSvg({ ...base, title: "Origin requests per second (cache misses that fetched)", formatY: perS, series: result.caches.map((c) => ({ name: c.service, values: c.series.fetchesPerS })) }));
  }
  return shown.join("\n");
}

function timelineSection(result: Result, mechanisms: boolean): string {
  if (result.timeline.length === 0) {
    // Only what is true: an empty timeline means no faults, detections or scaling steps, not that the run was uneventful.
    const text = mechanisms ? "No timeline events (faults, detections, scaling steps); the mechanisms' figures are in the summary." : "No timeline events: no faults, detections or scaling steps.";
    return `<h2>Timeline</h2>\n<p class="note">${text}</p>`;
  }
  const shown = result.timeline.slice(0, TIMELINE_ROWS_MAX);
  const rows = shown.map((event) => [formatDurationMs(event.atMs), event.kind, event.subject, event.detail]);
  const more = result.timeline.length > shown.length ? `<p class="note">${result.timeline.length - shown.length} more events in the JSON output.</p>` : "";
  return `<h2>Timeline</h2>\n${table(["at", "kind", "subject", "detail"], rows, [true])}${more}`;
}
