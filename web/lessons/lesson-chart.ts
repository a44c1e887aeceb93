/**
 * The chart a lesson's question is about, inline on the lesson page and redrawn after every
 * check (the lesson file's `chart:`).
 *
 * - Runs chart: one point per answer the student checked, the chart's knob on x (its value, or
 *   the option's label) against a watched figure on y, and optionally a second figure (Che's
 *   prediction beside the simulated hit ratio). A numeric knob is a line over its values; a
 *   choice is one column per option. The same x checked again replaces its point.
 * - Series chart: the answer run's per-window utilisation of every group, so "which tier is
 *   the bottleneck, and when" is read off the picture rather than whole-run averages.
 *
 * State for tests: the section carries `data-chart-kind` and `data-points` (runs) or
 * `data-groups` (series); every point is a marker with `data-x`, `data-y` and `data-line` ("y" or "also"),
 * every series line a path with `data-group`, `data-peak` (its highest window, a fraction) and
 * `data-saturated-ms` (how long it was at least 95 % busy, the legend's figure).
 */
import * as d3 from "d3";
import { formatMetric, type Lesson, type LessonVerdict } from "../../engine/index";
import { h } from "../app/dom";
import { MARGIN, tickValues } from "../charts/frame";
import { seriesColour } from "../charts/palette";
import type { ChartInput } from "./lesson-check";
import type { SeriesColumns } from "../worker/run-protocol";

/** One checked answer on a runs chart. */
export interface ChartPoint {
  xLabel: string;
  xValue: number | null;
  y: number | null;
  also: number | null;
}

const WIDTH = 640;
/** Utilisation from which a window counts as saturated. */
const SATURATED = 0.95;
const HEIGHT = 260;

/** Adds a checked answer's point to `points` (replacing one at the same x) and returns the new list. */
export function addPoint(lesson: Lesson, points: readonly ChartPoint[], verdict: LessonVerdict, input: ChartInput): ChartPoint[] {
  const chart = lesson.chart;
  if (chart === null || chart.series !== undefined || input.x === null) return [...points];
  const figure = (name: string | undefined) => {
    const value = name === undefined ? null : verdict.figures.find((f) => f.name === name)?.value ?? null;
    return typeof value === "number" ? value : null;
  };
  const point: ChartPoint = { xLabel: input.x.label, xValue: input.x.value, y: figure(chart.y), also: figure(chart.also) };
  return [...points.filter((p) => p.xLabel !== point.xLabel), point];
}

/** The chart section: title, the picture (or a note until the first check). */
export function renderLessonChart(lesson: Lesson, points: readonly ChartPoint[], series: SeriesColumns | null): HTMLElement | null {
  const chart = lesson.chart;
  if (chart === null) return null;
  const svg = document.createElementNS("http://www.w3.org/2000/svg", "svg");
  svg.setAttribute("class", "lesson-chart-svg");
  svg.setAttribute("role", "img");
  svg.setAttribute("aria-label", chart.title);
  const section = h("section", { class: "lesson-chart", "data-testid": "lesson-chart", "aria-label": chart.title }, h("h2", {}, chart.title));
  if (chart.series !== undefined) {
    section.dataset.chartKind = "series";
    if (series === null) section.append(h("p", { class: "muted" }, "Check an answer to see each tier's utilisation, window by window."));
    else { drawSeries(svg, series); section.dataset.groups = String(svg.querySelectorAll("path[data-group]").length); section.append(svg); }
    return section;
  }
  section.dataset.chartKind = "runs";
  section.dataset.points = String(points.length);
  if (points.length === 0) section.append(h("p", { class: "muted" }, "Each answer you check adds a point here."));
  else { drawRuns(svg, lesson, points); section.append(svg, legend(lesson)); }
  return section;
}

function legend(lesson: Lesson): HTMLElement {
  const label = (name: string | undefined) => lesson.figures.find((f) => f.name === name)?.label ?? "";
  return h("p", { class: "lesson-chart-legend" },
    h("span", { style: `color: ${seriesColour(0)}` }, "● "), label(lesson.chart?.y),
    lesson.chart?.also === undefined ? null : [h("span", { style: `color: ${seriesColour(1)}; margin-left: 1em` }, "◆ "), label(lesson.chart.also)]);
}

/** One point per checked answer: a line over a numeric knob, columns for a choice. */
function drawRuns(svg: SVGSVGElement, lesson: Lesson, points: readonly ChartPoint[]): void {
  const { plot, innerWidth, innerHeight } = frame(svg);
  const numeric = points.every((p) => p.xValue !== null);
  const sorted = numeric ? [...points].sort((a, b) => a.xValue! - b.xValue!) : orderByOptions(lesson, points);
  const unit = lesson.figures.find((f) => f.name === lesson.chart?.y)?.unit ?? "number";
  let xOf: (p: ChartPoint) => number;
  if (numeric) {
    const xs = sorted.map((p) => p.xValue!);
    const lo = Math.min(...xs), hi = Math.max(...xs);
    const x = d3.scaleLinear().domain(lo === hi ? [lo * 0.9, hi * 1.1 + 1e-9] : [lo, hi]).range([0, innerWidth]).nice();
    xOf = (p) => x(p.xValue!);
    const labels = new Map(sorted.map((p) => [p.xValue!, p.xLabel]));
    plot.append("g").attr("class", "axis").attr("transform", `translate(0,${innerHeight})`).call(d3.axisBottom(x).tickValues(xs.length <= 8 ? xs : x.ticks(6)).tickFormat((v) => labels.get(Number(v)) ?? d3.format("~s")(Number(v))));
  } else {
    const x = d3.scalePoint<string>().domain(sorted.map((p) => p.xLabel)).range([0, innerWidth]).padding(0.5);
    xOf = (p) => x(p.xLabel)!;
    plot.append("g").attr("class", "axis").attr("transform", `translate(0,${innerHeight})`).call(d3.axisBottom(x));
  }
  const values = sorted.flatMap((p) => [p.y, p.also]).filter((v): v is number => v !== null && Number.isFinite(v));
  const hi = values.length > 0 ? Math.max(...values) : 1;
  const lo = values.length > 0 ? Math.min(0, ...values) : 0;
  // A share is drawn on its whole range, 0 to 100 %, so a point's height reads as the share itself.
  const share = unit === "percent" && lo >= 0 && hi <= 1;
  const y = d3.scaleLinear().domain(share ? [0, 1] : [lo, hi === lo ? lo + 1 : hi]).nice().range([innerHeight, 0]);
  plot.append("g").attr("class", "grid").call(d3.axisLeft(y).tickValues(tickValues(y, 5)).tickSize(-innerWidth).tickFormat(() => "")).call((g) => g.select(".domain").remove());
  plot.append("g").attr("class", "axis").call(d3.axisLeft(y).tickValues(tickValues(y, 5)).tickFormat((v) => formatMetric(Number(v), unit)));
  const lines: Array<{ key: "y" | "also"; colour: string }> = [{ key: "y", colour: seriesColour(0) }];
  if (lesson.chart?.also !== undefined) lines.push({ key: "also", colour: seriesColour(1) });
  if (!numeric) {
    // A choice per column: bars for the figure asked about, so the columns compare at a glance.
    const band = Math.min(60, innerWidth / Math.max(1, sorted.length) / 2);
    for (const p of sorted.filter((q) => q.y !== null)) {
      plot.append("rect").attr("class", "lesson-bar").attr("x", xOf(p) - band / 2).attr("width", band).attr("y", Math.min(y(p.y!), y(0))).attr("height", Math.abs(y(0) - y(p.y!))).attr("fill", lines[0]!.colour).attr("opacity", 0.35);
    }
  }
  for (const line of lines) {
    const defined = sorted.filter((p) => p[line.key] !== null);
    if (numeric && defined.length > 1) {
      plot.append("path").attr("fill", "none").attr("stroke", line.colour).attr("stroke-width", 1.5).attr("stroke-dasharray", line.key === "also" ? "4 3" : null)
        .attr("d", d3.line<ChartPoint>().x(xOf).y((p) => y(p[line.key]!))(defined) ?? "");
    }
    for (const p of defined) {
      plot.append("path").attr("class", "lesson-point").attr("d", d3.symbol(line.key === "y" ? d3.symbolCircle : d3.symbolDiamond, 64)())
        .attr("transform", `translate(${xOf(p)},${y(p[line.key]!)})`).attr("fill", line.colour).attr("data-line", line.key).attr("data-x", p.xLabel).attr("data-y", String(p[line.key]))
        .append("title").text(`${p.xLabel}: ${formatMetric(p[line.key]!, unit)}`);
    }
  }
}

/** Choices in the knob's option order. */
function orderByOptions(lesson: Lesson, points: readonly ChartPoint[]): ChartPoint[] {
  const options = lesson.knobs.find((k) => k.path === lesson.chart?.x)?.options?.map((o) => o.label) ?? [];
  const rank = (p: ChartPoint) => { const i = options.indexOf(p.xLabel); return i < 0 ? options.length : i; };
  return [...points].sort((a, b) => rank(a) - rank(b));
}

/** Each group's utilisation per window of the answer run. */
function drawSeries(svg: SVGSVGElement, series: SeriesColumns): void {
  const { plot, innerWidth, innerHeight } = frame(svg);
  const groups = series.names.filter((n) => n.startsWith("group/") && n.endsWith("/utilisation")).map((n) => n.slice("group/".length, -"/utilisation".length));
  const minutes = (i: number) => ((i + 0.5) * series.windowMs) / 60_000;
  const x = d3.scaleLinear().domain([0, (series.length * series.windowMs) / 60_000]).range([0, innerWidth]);
  const y = d3.scaleLinear().domain([0, 1]).range([innerHeight, 0]);
  plot.append("g").attr("class", "grid").call(d3.axisLeft(y).ticks(5).tickSize(-innerWidth).tickFormat(() => "")).call((g) => g.select(".domain").remove());
  plot.append("g").attr("class", "axis").call(d3.axisLeft(y).ticks(5).tickFormat((v) => formatMetric(Number(v), "percent")));
  plot.append("g").attr("class", "axis").attr("transform", `translate(0,${innerHeight})`).call(d3.axisBottom(x).ticks(8).tickFormat((v) => `${Number(v)} min`));
  groups.forEach((group, g) => {
    const column = series.columns[`group/${group}/utilisation`]!;
    const values = Array.from({ length: series.length }, (_, i) => column[i]!);
    const peak = values.reduce((m, v) => (Number.isFinite(v) ? Math.max(m, v) : m), 0);
    // How long the tier was saturated: the bottleneck is the tier that stays there, not the one that touches 100 % once.
    const saturatedMs = values.filter((v) => v >= SATURATED).length * series.windowMs;
    plot.append("path").attr("fill", "none").attr("stroke", seriesColour(g)).attr("stroke-width", 1.5).attr("data-group", group).attr("data-peak", String(peak)).attr("data-saturated-ms", String(saturatedMs))
      .attr("d", d3.line<number>().defined((v) => Number.isFinite(v)).x((_, i) => x(minutes(i))).y((v) => y(Math.min(1, v)))(values) ?? "")
      .append("title").text(`${group}: peak ${formatMetric(peak, "percent")}`);
    plot.append("text").attr("x", innerWidth - 4).attr("y", 12 + g * 14).attr("text-anchor", "end").attr("font-size", 11).attr("fill", seriesColour(g)).text(`${group}: ≥ 95 % busy for ${formatMetric(saturatedMs, "ms")}`);
  });
}

function frame(svg: SVGSVGElement): { plot: d3.Selection<SVGGElement, unknown, null, undefined>; innerWidth: number; innerHeight: number } {
  const root = d3.select(svg);
  root.selectAll("*").remove();
  root.attr("viewBox", `0 0 ${WIDTH} ${HEIGHT}`).attr("width", "100%").attr("height", HEIGHT);
  const left = MARGIN.left + 10;
  const plot = root.append("g").attr("transform", `translate(${left},${MARGIN.top})`);
  return { plot, innerWidth: WIDTH - left - MARGIN.right, innerHeight: HEIGHT - MARGIN.top - MARGIN.bottom - 6 };
}
