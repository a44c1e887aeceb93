/**
 * Planner: the engine's capacity planner (planCapacity, as `clustersim plan`) over one size of
 * the draft, with its runs in the page's worker pool (planner/pool-evaluator.ts). It searches
 * from the Erlang C guess by galloping and bisection, judges each size tried by the one SLO rule
 * (the confidence interval over replications on the passing side of every threshold), and shows
 * the recommendation, the sizes tried with their intervals and verdicts, and each SLO and the
 * cost against size with confidence bands. A size can be asked to survive a zone, or a node of
 * each group, lost at the peak (`--survive zone-loss,node-loss`): each loss is a failure case
 * with its own verdict, and the page's workers share a size's run before the crash between its
 * cases (engine/plan/shared-prefix.ts), as the CLI's do. Same scenario, variable, losses, seeds
 * and seed: the same recommendation as the CLI; with "Measure headroom", the same traffic growth
 * absorbed.
 *
 * Every finished plan is kept (IndexedDB, saved-views.ts) with its form's inputs, and its key
 * goes in the address (`#/planner?plan=KEY`): a reload, back and forward show it again. The
 * kept plans are listed below, newest first, each deletable; `data-kept-key` on the output
 * names the one shown.
 */
import { failingText, formatMetric, headroomText, planCapacity, PLAN_DEFAULTS, sloObjectiveText, sloUnit, type PlanReport, type Problem } from "../../engine/index";
import { draftFiles } from "../app/actions";
import { field, h, replaceChildren } from "../app/dom";
import { formatRoute, intParam, parseRoute, replaceParams } from "../app/routes";
import { formatLocalTime } from "../format";
import type { AppContext } from "../app/runner";
import { PLANS_MAX, savedPlan } from "../app/saved-views";
import { fidelitySelect, withFidelity, type Fidelity } from "./fidelity";
import { drawBandChart, type BandChartData, type BandLine } from "../charts/band-chart";
import { checkLines, planRows, recommendedValue, varyText, type PlanRow } from "../planner/plan-rows";
import { createPoolEvaluator, PlanRunsStopped } from "../planner/pool-evaluator";
import { scenarioFacts } from "../scenario-facts";
import { ChartFigure } from "./chart-figure";
import { keptListSection } from "./kept-list";

/** Okabe-Ito colours for the check lines, in order. */
const COLOURS = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#56B4E9", "#E69F00"];

/** The form's names for the planner's option paths, for its problems. */
const FIELD_NAMES: Record<string, string> = { "--replications-min": "Seeds per size, at least", "--replications-max": "Seeds per size, at most", "--seed": "Seed" };

/** Mounts the planner for the draft into `container`; returns the view's clean-up (nothing to release). */
export function mountPlannerView(container: HTMLElement, context: AppContext): () => void {
  const draft = context.store.draft;
  const parsed = scenarioFacts(draft.text, draft.overrides ?? []);
  if (!parsed.ok) {
    container.append(h("div", {}, h("h1", {}, "Planner"), h("p", { class: "placeholder" }, "The draft has problems: ", h("a", { href: "#/editor" }, "fix them in the editor"), " first.")));
    return () => {};
  }
  const facts = parsed.facts;
  // The variable that decides the outcome first: an autoscaled group's count is overridden by
  // its autoscaler, so its minimum is what a plan should vary.
  const autoscaled = facts.scenario.autoscaling.map((a, i) => ({ group: a.group, min: a.min, max: a.max, index: i }));
  const knob = h("select", { "data-testid": "planner-knob" },
    autoscaled.map((a) => h("option", { value: `autoscaling[${a.index}].min`, "data-current": String(a.min), "data-max": String(a.max) }, `${a.group} autoscaler minimum (now ${a.min})`)),
    facts.groups.map((g) => h("option", { value: `topology.groups.${g.name}.count`, "data-current": String(g.count) },
      `${g.name} nodes (now ${g.count})${autoscaled.some((a) => a.group === g.name) ? ": its autoscaler overrides this" : ""}`)),
    h("option", { value: "" }, "another setting (path below)"));
  const customPath = h("input", { type: "text", placeholder: "e.g. topology.groups.app.cores", size: 30, hidden: true });
  const from = h("input", { type: "text", size: 5, inputmode: "decimal", "data-testid": "planner-from" });
  const to = h("input", { type: "text", size: 5, inputmode: "decimal", "data-testid": "planner-to" });
  const step = h("input", { type: "text", size: 5, value: "1", inputmode: "decimal" });
  const seedsMin = h("input", { type: "text", size: 4, value: String(PLAN_DEFAULTS.replicationsMin), inputmode: "numeric", "data-testid": "planner-replications-min" });
  const seedsMax = h("input", { type: "text", size: 4, value: String(PLAN_DEFAULTS.replicationsMax), inputmode: "numeric", "data-testid": "planner-replications-max" });
  const extra = h("input", { type: "text", size: 30, placeholder: "e.g. run.duration=2m", "data-testid": "planner-extra" });
  const surviveZone = h("input", { type: "checkbox", "data-testid": "planner-survive-zone-loss" });
  const surviveNode = h("input", { type: "checkbox", "data-testid": "planner-survive-node-loss" });
  const headroom = h("input", { type: "checkbox", "data-testid": "planner-measure-headroom" });
  const fidelity = fidelitySelect("planner-fidelity");
  const runButton = h("button", { type: "button", class: "primary", "data-action": "plan", onclick: () => void plan() }, "Plan");
  const cancelButton = h("button", { type: "button", disabled: true, onclick: () => void context.pool.cancelAll() }, "Cancel");
  const status = h("p", { role: "status", "data-testid": "planner-status", "data-status": "idle" });
  const output = h("div", { class: "planner-output" });
  const kept = keptListSection(context, { kind: "plans", title: "Kept plans", max: PLANS_MAX, href: (key) => formatRoute("planner", { plan: key }) });
  let mounted = true;

  const setRange = () => {
    const option = knob.selectedOptions[0];
    customPath.hidden = knob.value !== "";
    const current = Number(option?.dataset.current);
    const max = Number(option?.dataset.max);
    // An autoscaler's minimum: from where it is to the autoscaler's maximum.
    if (Number.isFinite(current) && Number.isFinite(max) && max > current) {
      from.value = String(current);
      to.value = String(max);
    } else if (Number.isFinite(current) && current > 0) {
      from.value = String(Math.max(1, Math.ceil(current / 2)));
      to.value = String(Math.max(Math.ceil(current / 2) + 1, current * 2));
    }
  };
  knob.addEventListener("change", setRange);
  setRange();

  container.append(h("div", { class: "planner-view" },
    h("h1", {}, `Planner: ${facts.name}`),
    h("p", { class: "lead" }, "The cheapest size in a range that meets every SLO with 95% confidence: the planner searches the range, runs a few seeds at each size it tries, and adds seeds where an SLO is too close to call."),
    h("div", { class: "planner-form" }, field("Vary", knob), customPath, field("From", from), field("To", to), field("Step", step),
      field("Seeds per size, at least", seedsMin), field("at most", seedsMax), field("Other overrides", extra, { hint: "shorter runs plan faster" }),
      field("Survive a zone lost at the peak", surviveZone), field("Survive a node of each group lost at the peak", surviveNode),
      field("Measure headroom", headroom, { hint: "the traffic growth the recommendation absorbs: more runs" }),
      field("Fidelity", fidelity, { hint: "hybrid: much faster on long days" }), runButton, cancelButton),
    status, output, kept.element));

  async function plan(): Promise<void> {
    const path = knob.value || customPath.value.trim();
    if (path === "") return setStatus("idle", "Choose what to vary.");
    const others = extra.value.split(/[,\n]/).map((s) => s.trim()).filter((s) => s !== "");
    const source = { text: draft.text, fileName: `${facts.name}.yaml`, files: draftFiles(draft) };
    const survive = [...(surviveZone.checked ? ["zone-loss"] : []), ...(surviveNode.checked ? ["node-loss"] : [])];
    let runsDone = 0;
    let runsForked = 0;
    const evaluate = createPoolEvaluator(context.pool, source, { onRun: (forked) => {
      runsDone++;
      if (forked) runsForked++;
      status.dataset.forkedRuns = String(runsForked);
      setStatus("running", `${runsDone} runs done${forkedText(runsForked)}…`);
    } });
    status.dataset.forkedRuns = "0";
    runButton.disabled = true;
    cancelButton.disabled = false;
    replaceChildren(output);
    setStatus("running", `Planning on ${context.pool.size} workers${fidelity.value === "hybrid" ? ", hybrid" : ""}…`);
    try {
      const outcome = await planCapacity({
        ...source, overrides: [...withFidelity(draft.text, draft.overrides ?? [], fidelity.value as Fidelity), ...others], variables: [varyText({ path, from: from.value, to: to.value, step: step.value })],
        replicationsMin: Number(seedsMin.value), replicationsMax: Number(seedsMax.value), seed: draft.seed ?? facts.seed, headroom: headroom.checked ? PLAN_DEFAULTS.headroom : false, survive,
        onProgress: (p) => setStatus("running", `${p.label}: ${p.verdict} (${p.runs} runs so far)…`),
      }, evaluate);
      if (!outcome.ok) return setStatus("error", outcome.problems.map(problemText).join("; "));
      setStatus("done", `Done: ${outcome.report.runs} ${outcome.report.fidelity === "hybrid" ? "hybrid " : ""}runs${forkedText(runsForked)}.`);
      showReport(path, outcome.report);
      const form = { from: from.value, to: to.value, step: step.value, seedsMin: seedsMin.value, seedsMax: seedsMax.value, extra: extra.value, fidelity: fidelity.value as Fidelity };
      const key = await context.store.keep("plans", savedPlan({ scenario: facts.name, path, form, report: outcome.report }, Date.now()));
      if (key !== null && mounted) {
        output.dataset.keptKey = String(key);
        replaceParams({ plan: key });
      }
    } catch (error) {
      if (!(error instanceof PlanRunsStopped)) throw error;
      setStatus(error.outcome.kind === "cancelled" ? "cancelled" : "error", error.outcome.kind === "cancelled" ? "Cancelled." : `A run failed: ${error.message}`);
    } finally {
      runButton.disabled = false;
      cancelButton.disabled = true;
    }
  }

  function setStatus(state: string, text: string): void {
    status.dataset.status = state;
    status.textContent = text;
  }

  /** Shows a kept plan (from the address) with its form's inputs. */
  async function showKept(key: number): Promise<void> {
    const entry = await context.store.kept?.plans.get(key);
    if (!mounted) return;
    if (!entry) return setStatus("idle", "That plan is no longer kept (plans are kept up to a limit, or it was deleted).");
    const option = Array.from(knob.options).find((o) => o.value === entry.path);
    knob.value = option ? entry.path : "";
    customPath.hidden = knob.value !== "";
    if (!option) customPath.value = entry.path;
    ({ from: from.value, to: to.value, step: step.value, seedsMin: seedsMin.value, seedsMax: seedsMax.value, extra: extra.value } = entry.form);
    fidelity.value = entry.form.fidelity ?? "exact";
    surviveZone.checked = entry.report.survive.includes("zone-loss");
    surviveNode.checked = entry.report.survive.includes("node-loss");
    headroom.checked = entry.report.headroom !== null;
    setStatus("done", `Kept plan (${entry.scenario}), saved ${formatLocalTime(entry.savedAtMs)}: ${entry.report.runs} ${entry.report.fidelity === "hybrid" ? "hybrid " : ""}runs.`);
    showReport(entry.path, entry.report);
    output.dataset.keptKey = String(key);
  }

  function showReport(path: string, report: PlanReport): void {
    const rows = planRows(report);
    const recommended = recommendedValue(report);
    const figures = planCharts(path, report, rows).map((chart) => ({ chart, figure: new ChartFigure(chart.id, chart.title, chart.description, { exportName: () => `${facts.name}-planner`, height: 240 }) }));
    const growth = headroomText(report);
    replaceChildren(output,
      h("p", { class: "recommendation", "data-testid": "recommendation", "data-value": String(recommended), "data-runs": String(report.runs) }, recommendationText(report)),
      growth === null ? null : h("p", { "data-testid": "planner-headroom", "data-absorbed": String(report.headroom!.absorbed) }, h("strong", {}, "Headroom: "), `the recommendation ${growth}.`),
      h("p", { class: "muted" }, searchText(report)),
      h("div", { class: "charts-grid" }, figures.map((f) => f.figure.element)),
      candidateTable(report, rows));
    for (const { chart, figure } of figures) {
      figure.update((svg, size) => drawBandChart(svg, chart.data, size), {
        status: "complete", legend: chart.data.lines.map((l) => ({ label: l.label, colour: l.colour })), series: chart.data.lines.map((l) => l.key),
        table: () => ({ columns: ["size", ...chart.data.lines.map((l) => l.label)], rows: rows.map((r, i) => [String(r.value), ...chart.data.lines.map((l) => chart.data.format(l.mean[i]!))]) }),
      });
    }
  }

  const keptKey = intParam(parseRoute(location.hash).params.plan);
  if (keptKey !== null) void showKept(keptKey);
  const unsubscribe = context.store.subscribe(() => kept.render());
  return () => { mounted = false; unsubscribe(); };
}

/** `, 12 of them going on from a shared run before the crash` (nothing when none did). */
function forkedText(forked: number): string {
  return forked === 0 ? "" : `, ${forked} of them going on from a shared run before the crash`;
}

/** A planner problem as the form names it: `Seeds per size, at least: expected an integer >= 2 …`. */
function problemText(problem: Problem): string {
  const path = FIELD_NAMES[problem.path] ?? problem.path.replace(/^--vary /, "");
  return path === "" ? problem.message : `${path}: ${problem.message}`;
}

function level(report: PlanReport): string {
  return `${Math.round(report.confidence * 100)}%`;
}

/** The recommendation with its cost and confidence, or the closest size and the SLO it misses. */
function recommendationText(report: PlanReport): string {
  const best = report.recommendation;
  if (best !== null) return `Recommended: ${best.label}, ${formatMetric(best.costPerHour, "money")}/h (${formatMetric(best.costPerMonth, "money")}/month): every SLO met at ${level(report)} confidence over ${best.runs} runs.`;
  const closest = report.closest;
  if (closest === null) return "No size in range meets every SLO, and none could be evaluated.";
  return `No size in range meets every SLO at ${level(report)} confidence: try larger sizes. Closest: ${closest.candidate.label}, which fails ${failingText(closest.failing, report.confidence)}.`;
}

/** How the planner searched, and where it started. */
function searchText(report: PlanReport): string {
  const search = report.search;
  const method = search.method === "gallop-bisect" ? "galloping then bisection" : "a cost-ordered walk";
  const violations = report.monotonicity.violations.length > 0 ? ` More capacity did worse: ${report.monotonicity.violations.map((v) => v.detail).join("; ")}.` : "";
  return `Tried ${search.candidatesEvaluated} sizes in ${search.runs} runs by ${method} from the queueing-theory guess; ${search.stoppedBy}. ${report.analytic.comparison}${violations}`;
}

/** Each SLO check (latency; availability and windows) and the cost against size. */
function planCharts(path: string, report: PlanReport, rows: readonly PlanRow[]): Array<{ id: string; title: string; description: string; data: BandChartData }> {
  const x = rows.map((r) => Number(r.value));
  const recommended = report.recommendation === null ? null : Number(recommendedValue(report));
  const base = { x, xLabel: path, recommended };
  const bands = (kinds: Array<"latency" | "availability" | "windows">): { lines: BandLine[]; thresholds: BandChartData["thresholds"] } => {
    const lines = checkLines(report, rows, kinds);
    // With losses to survive, each check also at the loss that does worst on it at each size.
    const worst = report.survive.length > 0 ? checkLines(report, rows, kinds, "worst-loss") : [];
    return {
      lines: [
        ...lines.map((l, i) => ({ key: l.name, label: l.name, colour: COLOURS[i % COLOURS.length]!, mean: l.mean, low: l.low, high: l.high })),
        ...worst.map((l, i) => ({ key: `${l.name}:worst-loss`, label: `${l.name}, worst loss`, colour: COLOURS[(lines.length + i) % COLOURS.length]!, mean: l.mean, low: l.low, high: l.high })),
      ],
      thresholds: lines.filter((l) => Number.isFinite(l.target)).map((l) => ({ value: l.target, label: `${l.name}: ${sloObjectiveText(l)}` })),
    };
  };
  const description = `Mean over seeds with its ${level(report)} confidence band; only the sizes the planner tried${report.survive.length > 0 ? "; \"worst loss\": at each size, the loss at the peak that does worst on the SLO" : ""}.`;
  const charts: Array<{ id: string; title: string; description: string; data: BandChartData }> = [];
  const latency = bands(["latency"]);
  if (latency.lines.length > 0) charts.push({ id: "plan-latency", title: "Latency SLOs vs size", description, data: { ...base, ...latency, yLabel: "latency", yScale: "log", range: [0, Infinity], format: (v) => formatMetric(v, "ms") } });
  const shares = bands(["availability", "windows"]);
  if (shares.lines.length > 0) charts.push({ id: "plan-availability", title: "Availability SLOs vs size", description, data: { ...base, ...shares, yLabel: "share of requests or windows", yScale: "linear", range: [0, 1], format: (v) => formatMetric(v, "percent") } });
  const cost = rows.map((r) => r.costPerHour);
  charts.push({ id: "plan-cost", title: "Provisioned cost per hour vs size", description: "Nodes (autoscaled groups at their minimum) × price per node-hour.", data: { ...base, yLabel: "cost per hour", yScale: "linear", range: [0, Infinity], format: (v) => formatMetric(v, "money"), thresholds: [],
    lines: [{ key: "cost", label: "cost per hour", colour: "#E69F00", mean: cost, low: cost, high: cost }] } });
  return charts;
}

/** The sizes tried: runs, each check's mean, interval and verdict (as written), each loss's verdict, cost, verdict. */
function candidateTable(report: PlanReport, rows: readonly PlanRow[]): HTMLElement {
  const losses = report.survive.length > 0;
  const cell = (row: PlanRow, c: number) => {
    const e = row.checks[c];
    if (e === undefined) return h("td", {}, "–");
    const unit = sloUnit(e.kind);
    const interval = e.low === null || e.high === null ? "" : ` [${formatMetric(e.low, unit)} – ${formatMetric(e.high, unit)}]`;
    return h("td", { class: verdictClass(e.verdict), "data-verdict": e.verdict }, e.mean === null ? `no data ${e.verdict.toUpperCase()}` : `${formatMetric(e.mean, unit)}${interval} ${e.verdict.toUpperCase()}`);
  };
  return h("div", { class: "table-scroll" }, h("table", { class: "planner-table", "data-testid": "planner-table" },
    h("caption", {}, `Sizes tried: each SLO's mean over seeds with its ${level(report)} confidence interval on the scenario as written${losses ? ", the verdict of each loss at the peak" : ""}, and the verdict`),
    h("thead", {}, h("tr", {}, ["Size", "Runs", ...report.checks.map((c) => `${c.name} (${c.objective})`), ...(losses ? ["Losses survived"] : []), "Cost/h", "Verdict"].map((t) => h("th", { scope: "col" }, t)))),
    h("tbody", {}, rows.map((row) => h("tr", { "data-value": String(row.value), "data-verdict": row.verdict, class: row.recommended ? "good" : "" },
      h("th", { scope: "row" }, String(row.value)), h("td", {}, String(row.runs)),
      report.checks.map((_, c) => cell(row, c)),
      losses ? h("td", { "data-testid": "planner-losses" }, row.losses.length === 0 ? "–" : row.losses.map((loss, i) =>
        h("span", { class: verdictClass(loss.verdict), "data-case": loss.name, "data-verdict": loss.verdict }, `${i > 0 ? " · " : ""}${loss.name} ${loss.verdict.toUpperCase()}`))) : [],
      h("td", {}, formatMetric(row.costPerHour, "money")),
      h("td", { class: verdictClass(row.verdict), ...(row.stopped === null ? {} : { title: row.stopped, "data-stopped": row.stopped }) }, row.stopped === null ? row.verdict.toUpperCase() : `${row.verdict.toUpperCase()} (${row.runs === 0 ? "no run needed" : "stopped early"})`))))));
}

function verdictClass(verdict: string): string {
  return verdict === "pass" ? "good" : verdict === "fail" ? "bad" : "";
}
