/**
 * A time-series line chart: several lines over the run, SLO thresholds, annotations, a shared
 * brush and hover rule. Each line is decimated per pixel (min/max kept, see decimate.ts), so a
 * 100k-window series draws as fast as a 1k one and spikes stay visible.
 *
 * While a run streams the frame (time axis, bands, brush) stays as it is and only the data
 * layers (y axis, grid, thresholds, lines) are replaced: a live redraw touches a few elements.
 *
 * Each line's `<path>` carries `data-key` and `data-points` (points drawn), so tests read the
 * chart's state instead of pixels.
 */
import * as d3 from "d3";
import type { TimeChartModel } from "./chart-data";
import { decimateMinMax } from "./decimate";
import {
  attachTimeInteractions, clipId, createFrame, DATA_LAYER, drawAnnotations, drawAxisTitles, drawFrameOnly, drawTimeAxis, drawYAxis, frameKey, refreshTimeInteractions, rememberFrame,
  reuseFrame, type TimeFrameOptions,
} from "./frame";

/** The key of `model`'s frame at these options (see frame.ts's frameKey). */
export function timeChartFrameKey(model: Pick<TimeChartModel, "unit">, options: TimeFrameOptions): string {
  return frameKey(options, model.unit);
}

/** Draws `model`'s frame alone, for a first draw split in two jobs (frame, then data). */
export function drawTimeChartFrame(svg: SVGSVGElement, model: Pick<TimeChartModel, "unit">, options: TimeFrameOptions): void {
  drawFrameOnly(svg, timeChartFrameKey(model, options), model.unit, options);
}

/** Draws `model` into `svg`, replacing what was there. */
export function drawTimeChart(svg: SVGSVGElement, model: TimeChartModel, options: TimeFrameOptions): void {
  const key = timeChartFrameKey(model, options);
  const reused = reuseFrame(svg, key);
  const frame = reused ?? createFrame(svg, options);
  const [x0, x1] = options.xDomain;
  const lines = model.lines.map((line) => ({ line, points: decimateMinMax(model.x, line.values, { x0, x1, pixels: frame.innerWidth }) }));
  const y = yScaleFor(model, lines.map((l) => l.points.y), frame.innerHeight);
  drawYAxis(frame, y, model.format, Math.max(2, Math.floor(frame.innerHeight / 40)));
  if (!reused) {
    drawTimeAxis(frame);
    drawAxisTitles(frame, model.unit);
    drawAnnotations(frame, options);
  }
  const clip = `url(#${clipId(svg)})`;
  const thresholds = frame.plot.insert("g", ":scope > .brush").attr("class", `thresholds ${DATA_LAYER}`).attr("clip-path", clip);
  for (const threshold of model.thresholds) {
    const at = y(threshold.value);
    if (!Number.isFinite(at)) continue;
    const mark = thresholds.append("g").attr("class", "threshold");
    mark.append("line").attr("x1", 0).attr("x2", frame.innerWidth).attr("y1", at).attr("y2", at);
    mark.append("text").attr("x", frame.innerWidth - 4).attr("y", at - 3).attr("text-anchor", "end").text(threshold.label);
  }
  const layer = frame.plot.insert("g", ":scope > .brush").attr("class", `lines ${DATA_LAYER}`).attr("clip-path", clip);
  const path = d3.line<[number, number]>()
    .defined(([px, py]) => !Number.isNaN(px) && !Number.isNaN(py) && (model.yScale === "linear" || py > 0))
    .x(([px]) => frame.x(px))
    .y(([, py]) => y(clampForScale(py, y)));
  for (const { line, points } of lines) {
    const pairs = points.x.map((px, i): [number, number] => [px, points.y[i]!]);
    layer.append("path")
      .attr("class", "series-line")
      .attr("data-key", line.key)
      .attr("data-points", points.y.filter((v) => !Number.isNaN(v)).length)
      .attr("stroke", line.colour)
      .attr("stroke-dasharray", line.dash || null)
      .attr("d", path(pairs) ?? "");
  }
  if (reused) refreshTimeInteractions(frame, options);
  else {
    attachTimeInteractions(frame, options);
    rememberFrame(svg, key);
  }
}

/** A value the scale can place: -Infinity (a blown budget) pins to the bottom. */
function clampForScale(value: number, y: d3.ScaleContinuousNumeric<number, number>): number {
  const [lo, hi] = y.domain() as [number, number];
  return Math.min(Math.max(value, Math.min(lo, hi)), Math.max(lo, hi));
}

/** The y scale for the visible points, the thresholds and the floor. */
export function yScaleFor(model: Pick<TimeChartModel, "yScale" | "yFloor" | "thresholds">, visible: number[][], innerHeight: number): d3.ScaleContinuousNumeric<number, number> {
  let lo = Infinity;
  let hi = -Infinity;
  for (const values of visible) for (const v of values) if (Number.isFinite(v) && (model.yScale === "linear" || v > 0)) { lo = Math.min(lo, v); hi = Math.max(hi, v); }
  for (const t of model.thresholds) if (Number.isFinite(t.value)) { lo = Math.min(lo, t.value); hi = Math.max(hi, t.value); }
  if (model.yScale === "log") {
    if (!(lo < Infinity)) { lo = 1; hi = 10; }
    const low = 10 ** Math.floor(Math.log10(lo));
    const high = 10 ** Math.ceil(Math.log10(Math.max(hi, lo * 1.0001)));
    return d3.scaleLog().domain([low, high === low ? low * 10 : high]).range([innerHeight, 0]);
  }
  if (model.yFloor !== null) lo = Math.min(lo, model.yFloor);
  if (!(lo < Infinity)) { lo = 0; hi = 1; }
  if (hi - lo < 1e-9) hi = lo + 1;
  return d3.scaleLinear().domain([lo, hi + (hi - lo) * 0.05]).nice().range([innerHeight, 0]);
}
