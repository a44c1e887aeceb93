/**
 * Planner: vary one size of the draft, run a few seeds at each value in the worker pool, and
 * see p99 latency, availability and cost against size with 95% confidence bands, the SLO
 * lines, and the recommended size (the smallest from which every run met every SLO).
 *
 * This is a plain sweep (planner/sweep.ts). The engine's capacity planner (engine/plan) adds
 * a search and more statistics; the sweep keeps this screen simple and exact about what ran.
 */
import { draftFiles } from "../app/actions";
import { field, h, replaceChildren } from "../app/dom";
import type { AppContext } from "../app/runner";
import { drawBandChart, type BandChartData } from "../charts/band-chart";
import { formatMetric } from "../../engine/index";
import { recommendedValue, summariseSweep, sweepValues, type SweepPoint, type SweepRow } from "../planner/sweep";
import type { ResultSummary } from "../worker/run-protocol";
import { scenarioFacts } from "../scenario-facts";
import { ChartFigure } from "./chart-figure";

export function mountPlannerView(container: HTMLElement, context: AppContext): () => void {
  const draft = context.store.draft;
  const parsed = scenarioFacts(draft.text, draft.overrides ?? []);
  if (!parsed.ok) {
    container.append(h("div", {}, h("h1", {}, "Planner"), h("p", { class: "placeholder" }, "The draft has problems: ", h("a", { href: "#/editor" }, "fix them in the editor"), " first.")));
    return () => {};
  }
  const facts = parsed.facts;
  const knob = h("select", { "data-testid": "planner-knob" },
    facts.groups.map((g) => h("option", { value: `topology.groups.${g.name}.count`, "data-current": String(g.count) }, `${g.name} nodes (now ${g.count})`)),
    h("option", { value: "" }, "another setting (path below)"));
  const customPath = h("input", { type: "text", placeholder: "e.g. topology.groups.app.cores", size: 30, hidden: true });
  const from = h("input", { type: "text", size: 5, inputmode: "decimal", "data-testid": "planner-from" });
  const to = h("input", { type: "text", size: 5, inputmode: "decimal", "data-testid": "planner-to" });
  const step = h("input", { type: "text", size: 5, value: "1", inputmode: "decimal" });
  const replications = h("input", { type: "text", size: 4, value: "2", inputmode: "numeric", "data-testid": "planner-replications" });
  const extra = h("input", { type: "text", size: 30, placeholder: "e.g. run.duration=2m", "data-testid": "planner-extra" });
  const runButton = h("button", { type: "button", class: "primary", "data-action": "plan", onclick: () => void plan() }, "Run the sweep");
  const cancelButton = h("button", { type: "button", disabled: true, onclick: () => void context.pool.cancelAll() }, "Cancel");
  const status = h("p", { role: "status", "data-testid": "planner-status", "data-status": "idle" });
  const output = h("div", { class: "planner-output" });

  const setRange = () => {
    const option = knob.selectedOptions[0];
    customPath.hidden = knob.value !== "";
    const current = Number(option?.dataset.current);
    if (Number.isFinite(current) && current > 0) {
      from.value = String(Math.max(1, Math.ceil(current / 2)));
      to.value = String(Math.max(Math.ceil(current / 2) + 1, Math.ceil(current * 1.5)));
    }
  };
  knob.addEventListener("change", setRange);
  setRange();

  container.append(h("div", { class: "planner-view" },
    h("h1", {}, `Planner: ${facts.name}`),
    h("p", { class: "lead" }, "Vary one size, run a few seeds at each value, and find the smallest size that meets every SLO, with its cost."),
    h("div", { class: "planner-form" }, field("Vary", knob), customPath, field("From", from), field("To", to), field("Step", step),
      field("Seeds per size", replications), field("Other overrides", extra, { hint: "shorter runs plan faster" }), runButton, cancelButton),
    status, output));

  async function plan(): Promise<void> {
    const path = knob.value || customPath.value.trim();
    const values = sweepValues(Number(from.value), Number(to.value), Number(step.value));
    const seeds = Number(replications.value);
    if (path === "") return setStatus("idle", "Choose what to vary.");
    if (values.length === 0) return setStatus("idle", "From, to and step: numbers with from ≤ to and step > 0.");
    if (!(Number.isInteger(seeds) && seeds >= 1 && seeds <= 20)) return setStatus("idle", "Seeds per size: a whole number from 1 to 20.");
    const others = extra.value.split(/[,\n]/).map((s) => s.trim()).filter((s) => s !== "");
    const seed0 = draft.seed ?? facts.seed;
    const total = values.length * seeds;
    let done = 0;
    runButton.disabled = true;
    cancelButton.disabled = false;
    setStatus("running", `Running ${total} runs on ${context.pool.size} workers…`);
    const results = await Promise.all(values.flatMap((value) => Array.from({ length: seeds }, (_, k) =>
      context.pool.submit({ scenarioText: draft.text, files: draftFiles(draft), seed: seed0 + k, overrides: [...(draft.overrides ?? []), ...others, `${path}=${value}`] })
        .then((outcome) => { setStatus("running", `${++done} of ${total} runs done…`); return { value, outcome }; }))));
    runButton.disabled = false;
    cancelButton.disabled = true;
    const failed = results.find((r) => r.outcome.kind !== "done");
    if (failed) {
      const o = failed.outcome;
      return setStatus(o.kind === "cancelled" ? "cancelled" : "error", o.kind === "invalid" ? `At ${path}=${failed.value}: ${o.problems.map((p) => `${p.path}: ${p.message}`).join("; ")}` : o.kind === "cancelled" ? "Cancelled." : `A run failed: ${o.kind === "error" ? o.message : o.kind}`);
    }
    const points: SweepPoint[] = values.map((value) => ({ value, summaries: results.filter((r) => r.value === value).map((r) => (r.outcome as { summary: ResultSummary }).summary) }));
    setStatus("done", `Done: ${total} runs.`);
    showResults(path, summariseSweep(points));
  }

  function setStatus(state: string, text: string): void {
    status.dataset.status = state;
    status.textContent = text;
  }

  function showResults(path: string, rows: SweepRow[]): void {
    const recommended = recommendedValue(rows);
    const best = rows.find((r) => r.value === recommended);
    const x = rows.map((r) => r.value);
    const latencySlos = facts.slos.filter((s) => s.kind === "latency" && s.className === null && s.percentile === "p99");
    const availabilitySlos = facts.slos.filter((s) => s.kind === "availability" && s.className === null);
    const charts: Array<{ id: string; title: string; data: BandChartData }> = [
      { id: "plan-p99", title: "p99 latency vs size", data: { x, xLabel: path, yScale: "log", format: (v) => formatMetric(v, "ms"), recommended,
        lines: [{ key: "p99", label: "p99", colour: "#0072B2", mean: rows.map((r) => r.p99?.mean ?? NaN), low: rows.map((r) => r.p99?.low ?? NaN), high: rows.map((r) => r.p99?.high ?? NaN) }],
        thresholds: latencySlos.map((s) => ({ value: s.thresholdMs!, label: `${s.name}: p99 < ${formatMetric(s.thresholdMs!, "ms")}` })) } },
      { id: "plan-availability", title: "Availability vs size", data: { x, xLabel: path, yScale: "linear", format: (v) => formatMetric(v, "percent"), recommended,
        lines: [{ key: "availability", label: "availability", colour: "#009E73", mean: rows.map((r) => r.availability?.mean ?? NaN), low: rows.map((r) => r.availability?.low ?? NaN), high: rows.map((r) => r.availability?.high ?? NaN) }],
        thresholds: availabilitySlos.map((s) => ({ value: s.target!, label: `${s.name}: ${formatMetric(s.target!, "percent")}` })) } },
      { id: "plan-cost", title: "Cost per hour vs size", data: { x, xLabel: path, yScale: "linear", format: (v) => formatMetric(v, "money"), recommended,
        lines: [{ key: "cost", label: "cost per hour", colour: "#E69F00", mean: rows.map((r) => r.costPerHourMean), low: rows.map((r) => r.costPerHourMean), high: rows.map((r) => r.costPerHourMean) }], thresholds: [] } },
    ];
    const figures = charts.map((c) => ({ c, figure: new ChartFigure(c.id, c.title, "Mean over seeds with its 95% confidence band.", { exportName: () => `${facts.name}-planner`, height: 240 }) }));
    replaceChildren(output,
      h("p", { class: "recommendation", "data-testid": "recommendation", "data-value": String(recommended) },
        recommended === null ? "No size tried met every SLO in every run: try larger sizes." : `Recommended: ${path} = ${recommended} (${formatMetric(best!.costPerHourMean, "money")}/h): the smallest size from which every run met every SLO.`),
      h("div", { class: "charts-grid" }, figures.map((f) => f.figure.element)),
      h("div", { class: "table-scroll" }, h("table", { class: "planner-table", "data-testid": "planner-table" },
        h("caption", {}, "Results per size (means over seeds; 95% intervals)"),
        h("thead", {}, h("tr", {}, ["Size", "Runs", "p99 latency", "Availability", "Cost/h", "Runs meeting all SLOs"].map((t) => h("th", { scope: "col" }, t)))),
        h("tbody", {}, rows.map((r) => h("tr", { "data-value": String(r.value), class: r.value === recommended ? "good" : "" },
          h("th", { scope: "row" }, String(r.value)), h("td", {}, String(r.runs)),
          h("td", {}, r.p99 ? `${formatMetric(r.p99.mean, "ms")} (${formatMetric(r.p99.low, "ms")}–${formatMetric(r.p99.high, "ms")})` : "–"),
          h("td", {}, r.availability ? formatMetric(r.availability.mean, "percent") : "–"),
          h("td", {}, formatMetric(r.costPerHourMean, "money")), h("td", {}, formatMetric(r.passShare, "percent"))))))));
    for (const { c, figure } of figures) {
      figure.update((svg, size) => drawBandChart(svg, c.data, size), {
        status: "complete", legend: c.data.lines.map((l) => ({ label: l.label, colour: l.colour })), series: c.data.lines.map((l) => l.key),
        table: () => ({ columns: ["size", ...c.data.lines.map((l) => l.label)], rows: rows.map((r, i) => [String(r.value), ...c.data.lines.map((l) => c.data.format(l.mean[i]!))]) }),
      });
    }
  }
  return () => {};
}
