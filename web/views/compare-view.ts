/**
 * Compare: two runs (or two variants of the draft with replications) side by side and
 * overlaid: a table of metrics with means, 95% confidence intervals, the difference and
 * Welch's test; charts with both runs on the same axes; each side's identity (scenario, seeds,
 * engine version, overrides, fidelity, digest), also when a kept comparison is reopened.
 *
 * Runs come from this tab (the run view, forks); variants run in the worker pool, seeds
 * seed, seed+1, ..., so the two sides share random numbers seed by seed (common random
 * numbers make the difference less noisy).
 *
 * Every comparison shown is kept (IndexedDB, saved-views.ts) and its key goes in the address
 * (`#/compare?cmp=KEY`), so a reload, back and forward show it again; the kept comparisons are
 * listed below, newest first, each deletable. `data-kept-key` on the result names the one shown.
 */
import { draftFiles, runLabel } from "../app/actions";
import { field, h, replaceChildren } from "../app/dom";
import { intParam, parseRoute, formatRoute, replaceParams } from "../app/routes";
import { startPooledRun, type AppContext } from "../app/runner";
import { COMPARISONS_MAX, savedComparison, type SavedComparison } from "../app/saved-views";
import type { RunRecord } from "../app/store";
import type { TimeChartModel } from "../charts/chart-data";
import { windowMidpoints } from "../charts/chart-data";
import { drawTimeChart } from "../charts/time-chart";
import { compareSides, identicalPrefixWindows, type CompareRow } from "../compare/compare-model";
import { formatHalfWidth, formatMetric, formatMetricChange } from "../../engine/index";
import { formatClock, formatNumber } from "../format";
import type { ResultSummary, SeriesColumns } from "../worker/run-protocol";
import { scenarioFacts } from "../scenario-facts";
import { ChartFigure } from "./chart-figure";
import { identityBlock, identityList, identityOf } from "./run-summary";
import { keptListSection } from "./kept-list";

/** One side of a comparison. */
interface Side {
  label: string;
  summaries: ResultSummary[];
  series?: SeriesColumns;
  record?: RunRecord;
  /** The overrides the side ran with (a run's own are on its record). */
  overrides?: string[];
  /** The Result's digest (one run a side; a run's own is on its record). */
  digest?: string;
}

export function mountComparisonView(container: HTMLElement, context: AppContext): () => void {
  const { store } = context;
  const selectA = h("select", { "data-testid": "compare-a" });
  const selectB = h("select", { "data-testid": "compare-b" });
  const result = h("div", { class: "compare-result", "data-testid": "compare-result" });
  const overridesA = h("textarea", { rows: 2, placeholder: "none: the draft as it is", spellcheck: "false" });
  const overridesB = h("textarea", { rows: 2, placeholder: "e.g. topology.groups.web.count=8", spellcheck: "false" });
  const replications = h("input", { type: "text", value: "3", size: 4, inputmode: "numeric" });
  const variantStatus = h("p", { role: "status", "data-testid": "variant-status" });
  const kept = keptListSection(context, { kind: "comparisons", title: "Kept comparisons", max: COMPARISONS_MAX, href: (key) => formatRoute("compare", { cmp: key }) });
  let mounted = true;
  /** Bumped on every comparison shown, so a late save does not relabel a newer one. */
  let shownToken = 0;
  const runVariants = h("button", { type: "button", class: "primary", "data-action": "run-variants", onclick: () => void variants() }, "Run both");

  container.append(h("div", { class: "compare-view" },
    h("h1", {}, "Compare"),
    h("section", { "aria-label": "Compare two runs" },
      h("h2", {}, "Two runs from this tab"),
      h("div", { class: "button-row" }, field("A (baseline)", selectA), field("B", selectB))),
    h("section", { "aria-label": "Compare two variants" },
      h("h2", {}, "Or two variants of the draft, with replications"),
      h("p", { class: "muted" }, "One `path=value` override per line, as the CLI's --set. Each side runs with seeds seed, seed+1, …"),
      h("div", { class: "variant-grid" }, field("Variant A overrides", overridesA), field("Variant B overrides", overridesB)),
      h("div", { class: "button-row" }, field("Replications per side", replications), runVariants),
      variantStatus),
    result,
    kept.element));

  /** Lists the finished runs; when a new one finished, selects it (B) and its parent or predecessor (A). */
  function fillSelects(): boolean {
    const done = store.runs.filter((r) => r.status === "done" && r.summary);
    const ids = done.map((r) => r.id).join(",");
    if (ids === selectA.dataset.ids) return false;
    selectA.dataset.ids = ids;
    const options = () => done.map((r) => h("option", { value: String(r.id) }, `#${r.id} ${r.label} (${r.digest?.slice(0, 8)})`));
    replaceChildren(selectA, options());
    replaceChildren(selectB, options());
    const latest = done[done.length - 1];
    const parentId = latest?.forkOf ?? latest?.variantOf;
    const parent = parentId !== undefined ? done.find((r) => r.id === parentId) : undefined;
    selectA.value = String((parent ?? done[done.length - 2] ?? latest)?.id ?? "");
    selectB.value = String(latest?.id ?? "");
    return true;
  }

  function showRuns(): void {
    const a = store.run(Number(selectA.value));
    const b = store.run(Number(selectB.value));
    if (!a?.summary || !b?.summary) {
      replaceChildren(result, h("p", { class: "placeholder" }, "Make at least one run (the run view, a fork, or variants below) to compare."));
      return;
    }
    // A run against itself is shown (the screen's starting point) but not kept.
    show(a.id !== b.id, { label: `A: ${a.label}`, summaries: [a.summary], ...(a.series ? { series: a.series } : {}), record: a }, { label: `B: ${b.label}`, summaries: [b.summary], ...(b.series ? { series: b.series } : {}), record: b });
  }

  /** Draws a comparison and (when `keep`) keeps it and puts its key in the address. */
  function show(keep: boolean, a: Side, b: Side): void {
    render(result, a, b);
    const token = ++shownToken;
    delete result.dataset.keptKey;
    if (!keep) return;
    const side = (x: Side) => {
      const digest = x.record?.digest ?? x.digest;
      return { label: x.label, summaries: x.summaries, overrides: x.record?.overrides ?? x.overrides ?? [], ...(x.series ? { series: x.series } : {}), ...(digest ? { digest } : {}) };
    };
    void store.keep("comparisons", savedComparison(side(a), side(b), Date.now())).then((key) => {
      if (key === null || !mounted || token !== shownToken) return;
      result.dataset.keptKey = String(key);
      replaceParams({ cmp: key });
    });
  }

  /** Shows a kept comparison (from the address). */
  function showKept(key: number): void {
    const token = ++shownToken;
    void store.kept?.comparisons.get(key).then((entry: SavedComparison | null) => {
      if (!mounted || token !== shownToken) return;
      if (!entry) {
        replaceChildren(result, h("p", { class: "placeholder" }, "That comparison is no longer kept (comparisons are kept up to a limit, or it was deleted)."));
        return;
      }
      const side = (s: SavedComparison["sides"][number]): Side => ({ label: s.label, summaries: s.summaries, overrides: s.overrides ?? [], ...(s.series ? { series: s.series } : {}), ...(s.digest ? { digest: s.digest } : {}) });
      render(result, side(entry.sides[0]), side(entry.sides[1]));
      result.dataset.keptKey = String(key);
    });
  }

  async function variants(): Promise<void> {
    const count = Number(replications.value);
    if (!(Number.isInteger(count) && count >= 1 && count <= 50)) { variantStatus.textContent = "Replications: a whole number from 1 to 50."; return; }
    const draft = store.draft;
    const facts = scenarioFacts(draft.text);
    if (!facts.ok) { variantStatus.textContent = "The draft has problems: fix them in the editor first."; return; }
    const seed0 = draft.seed ?? facts.facts.seed;
    const lines = (t: HTMLTextAreaElement) => t.value.split("\n").map((l) => l.trim()).filter((l) => l !== "");
    const sides = [lines(overridesA), lines(overridesB)];
    runVariants.disabled = true;
    let finished = 0;
    variantStatus.dataset.status = "running";
    variantStatus.textContent = `Running ${2 * count} runs on ${context.pool.size} workers…`;
    const outcomes = await Promise.all(sides.flatMap((overrides, s) => Array.from({ length: count }, (_, k) =>
      context.pool.submit({ scenarioText: draft.text, files: draftFiles(draft), seed: seed0 + k, overrides, withSeries: k === 0 }).then((outcome) => {
        variantStatus.textContent = `${++finished} of ${2 * count} runs done…`;
        return { s, k, outcome };
      }))));
    runVariants.disabled = false;
    const bad = outcomes.find((o) => o.outcome.kind !== "done");
    variantStatus.dataset.status = bad ? "error" : "done";
    if (bad) {
      const o = bad.outcome;
      variantStatus.textContent = o.kind === "invalid" ? `Variant ${bad.s === 0 ? "A" : "B"}: ${o.problems.map((p) => `${p.path}: ${p.message}`).join("; ")}` : `Variant ${bad.s === 0 ? "A" : "B"} did not finish (${o.kind}).`;
      return;
    }
    variantStatus.textContent = `Done: ${2 * count} runs.`;
    const side = (s: number): Side => {
      const mine = outcomes.filter((o) => o.s === s).sort((x, y) => x.k - y.k).map((o) => o.outcome as Extract<typeof o.outcome, { kind: "done" }>);
      return { label: `${s === 0 ? "A" : "B"}: ${runLabel(draft.text, seed0, sides[s]!)} ×${count}`, summaries: mine.map((m) => m.summary), overrides: sides[s]!, ...(count === 1 ? { digest: mine[0]!.digest } : {}), ...(mine[0]!.series ? { series: mine[0]!.series } : {}) };
    };
    show(true, side(0), side(1));
  }

  selectA.addEventListener("change", showRuns);
  selectB.addEventListener("change", showRuns);
  fillSelects();
  const keptKey = intParam(parseRoute(location.hash).params.cmp);
  if (keptKey !== null && store.kept) showKept(keptKey);
  else showRuns();
  const unsubscribe = store.subscribe(() => { kept.render(); if (fillSelects()) showRuns(); });
  return () => { mounted = false; unsubscribe(); };
}

/** Draws the comparison of two sides into `element`. */
function render(element: HTMLElement, a: Side, b: Side): void {
  const rows = compareSides(a.summaries, b.summaries);
  const replicated = a.summaries.length >= 2 && b.summaries.length >= 2;
  const charts = overlayCharts(a, b);
  const fork = b.record?.forkOf !== undefined && a.record?.id === b.record.forkOf && a.series && b.series ? identicalPrefixWindows(a.series, b.series) : null;
  const forkAt = b.record?.marks?.[0]?.atMs;
  replaceChildren(element,
    h("div", { class: "variant-grid" },
      h("div", { class: "variant", "data-side": "a" }, h("h2", {}, a.label), sideIdentity(a)),
      h("div", { class: "variant", "data-side": "b" }, h("h2", {}, b.label), sideIdentity(b))),
    fork !== null && a.series ? h("p", { class: "good", "data-testid": "fork-prefix" }, `The fork replayed the original exactly for the first ${fork} of ${a.series.length} windows (until ${formatClock(fork * a.series.windowMs)}${forkAt !== undefined ? `; the change was at ${formatClock(forkAt)}` : ""}).`) : null,
    b.record?.forkOf !== undefined && b.record.status === "done" ? forkStart(b.record) : null,
    compareTable(rows, replicated),
    replicated ? null : h("p", { class: "muted" }, "One run a side: differences are shown without confidence intervals. Use variants with replications for intervals and a significance test."),
    h("div", { class: "charts-grid" }, charts.map((c) => c.element)));
  for (const chart of charts) chart.draw();
}

/** A side's identity block: its run's own, or (variants, kept comparisons) from its Results. */
function sideIdentity(side: Side): HTMLElement {
  return side.record ? identityBlock(side.record) : identityList(identityOf(side.summaries, { overrides: side.overrides ?? [], digest: side.digest ?? null }));
}

function compareTable(rows: CompareRow[], replicated: boolean): HTMLElement {
  const value = (row: CompareRow, s: "a" | "b") => {
    const v = row[s];
    if (v.mean === null) return "–";
    return `${formatMetric(v.mean, row.metric.unit)}${v.halfWidth !== null ? ` ${formatHalfWidth(v.halfWidth, row.metric.unit)}` : ""}`;
  };
  const verdictText = { better: "B better", worse: "B worse", different: "B differs", same: replicated ? "no significant difference" : "same", unknown: "–" };
  return h("div", { class: "table-scroll" }, h("table", { class: "compare-table", "data-testid": "compare-table" },
    h("caption", {}, replicated ? "Means with 95% confidence intervals; p from Welch's t-test" : "Values of each run"),
    h("thead", {}, h("tr", {}, ["Metric", "A", "B", "B − A", ...(replicated ? ["p"] : []), "Verdict"].map((c) => h("th", { scope: "col" }, c)))),
    h("tbody", {}, rows.map((row) => h("tr", { "data-metric": row.metric.key, "data-a": String(row.a.mean), "data-b": String(row.b.mean) },
      h("th", { scope: "row" }, row.metric.label),
      h("td", {}, value(row, "a")),
      h("td", {}, value(row, "b")),
      h("td", { class: "delta" }, formatMetricChange(row.delta, row.metric.unit)),
      replicated ? h("td", {}, row.pValue === null ? "–" : row.pValue < 0.001 ? "< 0.001" : row.pValue.toFixed(3)) : null,
      h("td", { class: row.verdict === "better" ? "good" : row.verdict === "worse" ? "bad" : "" }, verdictText[row.verdict]))))));
}

/** Charts with A (solid) and B (dashed) on the same axes. */
function overlayCharts(a: Side, b: Side): Array<{ element: HTMLElement; draw: () => void }> {
  if (!a.series || !b.series) return [];
  const specs: Array<{ id: string; title: string; column: string; unit: string; log: boolean; format: (v: number) => string; scale?: number }> = [
    { id: "cmp-p99", title: "p99 latency, A vs B", column: "latencyP99Ms", unit: "ms", log: true, format: (v) => formatMetric(v, "ms") },
    { id: "cmp-throughput", title: "Throughput, A vs B", column: "succeededPerS", unit: "requests/s", log: false, format: (v) => formatMetric(v, "per-second") },
    { id: "cmp-errors", title: "Error rate, A vs B", column: "errorRate", unit: "%", log: false, format: (v) => `${formatNumber(v)}%`, scale: 100 },
  ];
  const durationMs = Math.max(a.series.length * a.series.windowMs, b.series.length * b.series.windowMs);
  const marks = [...(a.record?.marks ?? []), ...(b.record?.marks ?? [])].map((m) => ({ ...m, category: "fork" }));
  return specs.map((spec) => {
    const figure = new ChartFigure(spec.id, spec.title, "A solid, B dashed.", { exportName: () => "compare", height: 200 });
    const line = (side: Side, key: string, label: string, colour: string, dash: string) => {
      const source = side.series!.columns[spec.column]!;
      const values = Float64Array.from(source, (v) => (spec.log && !(v > 0) ? NaN : v * (spec.scale ?? 1)));
      return { key, label, colour, dash, values, x: windowMidpoints(side.series!) };
    };
    const lines = [line(a, "a", "A", "#0072B2", ""), line(b, "b", "B", "#D55E00", "6 3")];
    return {
      element: figure.element,
      draw: () => {
        // A and B may have different windows: draw each on its own x, on one scale.
        figure.update((svg, size) => {
          const model: TimeChartModel = { id: spec.id, title: spec.title, description: "", unit: spec.unit, x: lines[0]!.x, lines: [], yScale: spec.log ? "log" : "linear", yFloor: spec.log ? null : 0, format: spec.format, thresholds: [] };
          drawOverlay(svg, model, lines, { ...size, xDomain: [0, durationMs], annotations: marks, warmupMs: 0, hoverMs: null });
        }, { status: "complete", legend: lines, series: lines.map((l) => l.key), table: () => ({ columns: ["series", "windows"], rows: lines.map((l) => [l.label, String(l.values.length)]) }) });
      },
    };
  });
}

/** Two lines with their own x arrays on one time chart (same window length in practice). */
function drawOverlay(svg: SVGSVGElement, model: TimeChartModel, lines: Array<{ key: string; label: string; colour: string; dash: string; values: Float64Array; x: Float64Array }>, options: Parameters<typeof drawTimeChart>[2]): void {
  const sameX = lines.every((l) => l.x.length === lines[0]!.x.length && l.x.every((v, i) => v === lines[0]!.x[i]));
  if (sameX) {
    drawTimeChart(svg, { ...model, x: lines[0]!.x, lines }, options);
    return;
  }
  // Different windows: resample B onto A's midpoints by window index (nearest earlier window).
  const x = lines[0]!.x;
  const resampled = lines.map((l) => ({ ...l, values: Float64Array.from(x, (t) => { let i = 0; while (i + 1 < l.x.length && l.x[i + 1]! <= t) i++; return l.values[i] ?? NaN; }) }));
  drawTimeChart(svg, { ...model, x, lines: resampled }, options);
}

/** Where a fork started: restored from the original's snapshot, or re-run from time 0 (and why). */
function forkStart(record: RunRecord): HTMLElement {
  const from = record.resumedFromMs ?? null;
  const text = from !== null
    ? `The fork was restored from the original's snapshot at ${formatClock(from)} (in ${Math.round(record.restoreMs ?? 0)} ms) and simulated only from there.`
    : `The fork was simulated from the start${record.resumeNote !== undefined ? ` (${record.resumeNote})` : ""}.`;
  return h("p", { class: "muted", "data-testid": "fork-start", "data-resumed-from-ms": from === null ? "" : String(from), "data-restore-ms": String(record.restoreMs ?? ""), "data-wall-ms": String(record.wallMs ?? ""), "data-events-simulated": String(record.eventsSimulated ?? "") }, text);
}
