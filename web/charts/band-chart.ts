/**
 * A size-versus-measure chart for the planner: one line per measure with its confidence band,
 * reference lines (SLO thresholds) and the recommended size marked. x is a size (nodes), not
 * time. Axis titles name both axes. Each line's path carries `data-key` and `data-points`; each
 * band carries `data-low-min` and `data-high-max`, the band's extremes as drawn (after clipping
 * to the metric's range), so tests check that no band leaves it.
 */
import * as d3 from "d3";
import { MARGIN } from "./frame";
import { tickValues } from "./frame";

/** One measure over the sizes tried. */
export interface BandLine {
  key: string;
  label: string;
  colour: string;
  mean: number[];
  low: number[];
  high: number[];
}

/** What the band chart draws. */
export interface BandChartData {
  x: number[];
  lines: BandLine[];
  thresholds: Array<{ value: number; label: string }>;
  recommended: number | null;
  xLabel: string;
  /** The y axis's title (what is measured; the tick labels carry the units). */
  yLabel: string;
  format: (value: number) => string;
  yScale: "linear" | "log";
  /** The metric's own range (a share: [0, 1]; a latency or cost: [0, ∞)): bands are clipped to it. */
  range?: [number, number];
}

/** Draws `data` into `svg`. */
export function drawBandChart(svg: SVGSVGElement, data: BandChartData, options: { width: number; height: number }): void {
  const root = d3.select(svg);
  root.selectAll("*").remove();
  root.attr("viewBox", `0 0 ${options.width} ${options.height}`).attr("width", options.width).attr("height", options.height);
  const innerWidth = options.width - MARGIN.left - MARGIN.right;
  const innerHeight = options.height - MARGIN.top - MARGIN.bottom - 12;
  const plot = root.append("g").attr("class", "plot").attr("transform", `translate(${MARGIN.left},${MARGIN.top})`);
  const xs = data.x.length > 0 ? data.x : [0, 1];
  const x = d3.scaleLinear().domain([Math.min(...xs), Math.max(...xs) === Math.min(...xs) ? Math.min(...xs) + 1 : Math.max(...xs)]).range([0, innerWidth]);
  const inRange = (v: number) => Math.min(data.range?.[1] ?? Infinity, Math.max(data.range?.[0] ?? -Infinity, v));
  const values = [...data.lines.flatMap((l) => [...l.low, ...l.high, ...l.mean]), ...data.thresholds.map((t) => t.value)].map(inRange).filter((v) => Number.isFinite(v) && (data.yScale === "linear" || v > 0));
  let y: d3.ScaleContinuousNumeric<number, number>;
  if (data.yScale === "log") {
    const lo = values.length ? Math.min(...values) : 1, hi = values.length ? Math.max(...values) : 10;
    y = d3.scaleLog().domain([10 ** Math.floor(Math.log10(lo)), 10 ** Math.ceil(Math.log10(hi * 1.0001))]).range([innerHeight, 0]);
  } else {
    const lo = values.length ? Math.min(...values) : 0, hi = values.length ? Math.max(...values) : 1;
    y = d3.scaleLinear().domain([lo, hi === lo ? lo + 1 : hi]).nice().range([innerHeight, 0]);
  }
  plot.append("g").attr("class", "grid").call(d3.axisLeft(y).tickValues(tickValues(y, 5)).tickSize(-innerWidth).tickFormat(() => "")).call((g) => g.select(".domain").remove());
  plot.append("g").attr("class", "axis").call(d3.axisLeft(y).tickValues(tickValues(y, 5)).tickFormat((v) => data.format(Number(v))));
  plot.append("g").attr("class", "axis").attr("transform", `translate(0,${innerHeight})`).call(d3.axisBottom(x).tickValues(data.x.length <= 20 ? data.x : x.ticks(10)).tickFormat(d3.format("~g")));
  plot.append("text").attr("class", "axis-title axis-title-x").attr("x", innerWidth / 2).attr("y", innerHeight + 34).attr("text-anchor", "middle").attr("font-size", 11).text(data.xLabel);
  plot.append("text").attr("class", "axis-title axis-title-y").attr("transform", `translate(${-MARGIN.left + 11},${innerHeight / 2}) rotate(-90)`).attr("text-anchor", "middle").attr("font-size", 11).text(data.yLabel);
  // Clip to the metric's range (no negative latency, no availability above 100%); on a log
  // axis a band reaching 0 runs to the bottom of the axis.
  const [rangeLo, rangeHi] = data.range ?? [-Infinity, Infinity];
  const bottom = y.domain()[0]!;
  const clamp = (v: number) => {
    const clipped = Number.isFinite(v) ? Math.min(rangeHi, Math.max(rangeLo, v)) : v;
    return data.yScale === "log" && !(clipped > 0) ? (Number.isFinite(clipped) ? bottom : NaN) : clipped;
  };
  for (const line of data.lines) {
    const points = data.x.map((xv, i) => ({ x: xv, mean: clamp(line.mean[i]!), low: clamp(line.low[i]!), high: clamp(line.high[i]!) }));
    const defined = (d: { mean: number }) => Number.isFinite(d.mean);
    const drawn = points.filter((d) => defined(d) && Number.isFinite(d.low) && Number.isFinite(d.high));
    plot.append("path").attr("class", "band").attr("fill", line.colour).attr("data-key", line.key)
      .attr("data-low-min", drawn.length ? Math.min(...drawn.map((d) => d.low)) : "").attr("data-high-max", drawn.length ? Math.max(...drawn.map((d) => d.high)) : "")
      .attr("d", d3.area<(typeof points)[number]>().defined((d) => defined(d) && Number.isFinite(d.low) && Number.isFinite(d.high)).x((d) => x(d.x)).y0((d) => y(d.low)).y1((d) => y(d.high))(points) ?? "");
    plot.append("path").attr("class", "series-line").attr("stroke", line.colour).attr("data-key", line.key).attr("data-points", points.filter(defined).length)
      .attr("d", d3.line<(typeof points)[number]>().defined(defined).x((d) => x(d.x)).y((d) => y(d.mean))(points) ?? "");
    plot.append("g").selectAll("circle").data(points.filter(defined)).join("circle").attr("cx", (d) => x(d.x)).attr("cy", (d) => y(d.mean)).attr("r", 3).attr("fill", line.colour)
      .append("title").text((d) => `${data.xLabel} ${d.x}: ${line.label} ${data.format(d.mean)} (${data.format(d.low)} – ${data.format(d.high)})`);
  }
  for (const t of data.thresholds) {
    const g = plot.append("g").attr("class", "threshold");
    g.append("line").attr("x1", 0).attr("x2", innerWidth).attr("y1", y(t.value)).attr("y2", y(t.value));
    g.append("text").attr("x", innerWidth - 4).attr("y", y(t.value) - 3).attr("text-anchor", "end").text(t.label);
  }
  if (data.recommended !== null) {
    const g = plot.append("g").attr("class", "recommended");
    g.append("line").attr("x1", x(data.recommended)).attr("x2", x(data.recommended)).attr("y1", 0).attr("y2", innerHeight);
    g.append("text").attr("x", x(data.recommended) + 4).attr("y", 12).text(`recommended: ${data.recommended}`);
  }
}
