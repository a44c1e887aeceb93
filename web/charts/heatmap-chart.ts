/**
 * Latency heatmap: time across, latency up (log), colour = share of the window's successful
 * requests in that latency bin. Where the percentile lines say "p99 went up", the heatmap
 * shows whether the whole distribution shifted or a second mode appeared (timeouts retried,
 * a slow node).
 *
 * Dense marks go to a canvas (one pixel per column and bin, scaled up by the SVG as an
 * `<image>`), axes and annotations stay SVG: thousands of windows x 30 bins would be too many
 * SVG rects to redraw during a run. Columns narrower than a pixel merge by adding counts.
 * While a run streams, the frame is reused and only the y axis and the image are replaced.
 */
import * as d3 from "d3";
import type { Heatmap } from "../worker/run-protocol";
import { formatMetric } from "../../engine/index";
import {
  attachTimeInteractions, clipId, createFrame, DATA_LAYER, drawAnnotations, drawAxisTitles, drawFrameOnly, drawTimeAxis, drawYAxis, frameKey, refreshTimeInteractions, rememberFrame,
  reuseFrame, type TimeFrameOptions,
} from "./frame";

/** What the heatmap draws. */
export interface HeatmapData {
  heatmap: Heatmap;
  windowMs: number;
}

/** Per-column shares after merging windows into at most `columnsMax` columns. */
export function heatmapColumns(data: HeatmapData, options: { x0: number; x1: number; columnsMax: number }): { startMs: number; endMs: number; columns: number; bins: number; shares: Float64Array; binLo: number; binHi: number } {
  const { heatmap, windowMs } = data;
  const bins = heatmap.edgesMs.length - 1;
  const w0 = Math.max(0, Math.floor(options.x0 / windowMs));
  const w1 = Math.min(heatmap.length, Math.ceil(options.x1 / windowMs));
  const windows = Math.max(0, w1 - w0);
  const columns = Math.max(1, Math.min(windows, Math.floor(options.columnsMax)));
  const sums = new Float64Array(columns * bins);
  for (let w = w0; w < w1; w++) {
    const column = Math.min(columns - 1, Math.floor(((w - w0) / windows) * columns));
    for (let b = 0; b < bins; b++) sums[column * bins + b]! += heatmap.counts[w * bins + b]!;
  }
  let binLo = bins, binHi = -1;
  const shares = new Float64Array(columns * bins);
  for (let c = 0; c < columns; c++) {
    let total = 0;
    for (let b = 0; b < bins; b++) total += sums[c * bins + b]!;
    if (total === 0) continue;
    for (let b = 0; b < bins; b++) {
      const share = sums[c * bins + b]! / total;
      shares[c * bins + b] = share;
      if (share > 0) { binLo = Math.min(binLo, b); binHi = Math.max(binHi, b); }
    }
  }
  return { startMs: w0 * windowMs, endMs: w1 * windowMs, columns, bins, shares, binLo, binHi };
}

/** Colours of the cells' scale: viridis at this many evenly spaced levels (finer than the eye tells apart). */
const VIRIDIS_LEVELS = 256;
let viridisBytes: Uint8Array | null = null;
/** The canvas the cells are painted on before they are encoded as the `<image>`'s PNG. */
let canvasInMemory: HTMLCanvasElement | null = null;

/** Viridis as r, g, b bytes per level, computed on first use (a cell looks its colour up instead of parsing a CSS colour string). */
function viridisTable(): Uint8Array {
  if (viridisBytes) return viridisBytes;
  viridisBytes = new Uint8Array(VIRIDIS_LEVELS * 3);
  for (let level = 0; level < VIRIDIS_LEVELS; level++) {
    const colour = d3.rgb(d3.interpolateViridis(level / (VIRIDIS_LEVELS - 1)));
    viridisBytes.set([colour.r, colour.g, colour.b], level * 3);
  }
  return viridisBytes;
}

/** The y axis title of the heatmap. */
const HEATMAP_Y_TITLE = "latency, ms (log scale)";

/** The key of the heatmap's frame at these options (see frame.ts's frameKey). */
export function heatmapFrameKey(options: TimeFrameOptions): string {
  return frameKey(options, "heatmap");
}

/** Draws the heatmap's frame alone, for a first draw split in two jobs (frame, then data). */
export function drawHeatmapFrame(svg: SVGSVGElement, options: TimeFrameOptions): void {
  drawFrameOnly(svg, heatmapFrameKey(options), HEATMAP_Y_TITLE, options);
}

/** Draws the heatmap into `svg`. */
export function drawHeatmapChart(svg: SVGSVGElement, data: HeatmapData, options: TimeFrameOptions): void {
  const key = heatmapFrameKey(options);
  const reused = reuseFrame(svg, key);
  const frame = reused ?? createFrame(svg, options);
  const [x0, x1] = options.xDomain;
  const cells = heatmapColumns(data, { x0, x1, columnsMax: frame.innerWidth });
  const edges = data.heatmap.edgesMs;
  const lo = cells.binHi < 0 ? 1 : Math.max(0, cells.binLo - 1);
  const hi = cells.binHi < 0 ? 20 : Math.min(cells.bins - 1, cells.binHi + 1);
  const y = d3.scaleLog().domain([edges[lo]!, edges[hi + 1]!]).range([frame.innerHeight, 0]);
  drawYAxis(frame, y, (v) => formatMetric(v, "ms"), Math.max(2, Math.floor(frame.innerHeight / 40)));
  if (!reused) {
    drawTimeAxis(frame);
    drawAxisTitles(frame, HEATMAP_Y_TITLE);
    drawAnnotations(frame, options);
  }
  if (cells.binHi >= 0 && typeof document !== "undefined") {
    // One canvas for every draw, in memory (willReadFrequently): a new canvas per redraw set up
    // a new drawing context each time, and the image is only encoded, never shown.
    canvasInMemory ??= document.createElement("canvas");
    const canvas = canvasInMemory;
    const rows = hi - lo + 1;
    canvas.width = cells.columns;
    canvas.height = rows;
    const context = canvas.getContext("2d", { willReadFrequently: true });
    if (context) {
      const image = context.createImageData(cells.columns, rows);
      const viridis = viridisTable();
      for (let c = 0; c < cells.columns; c++) {
        for (let b = lo; b <= hi; b++) {
          const share = cells.shares[c * cells.bins + b]!;
          if (share <= 0) continue;
          // Log colour scale over shares 1e-4 .. 1: a 0.1% tail stays visible beside the mode.
          const level = Math.round(Math.max(0, 1 + Math.log10(share) / 4) * (VIRIDIS_LEVELS - 1));
          const offset = ((hi - b) * cells.columns + c) * 4;
          image.data[offset] = viridis[level * 3]!;
          image.data[offset + 1] = viridis[level * 3 + 1]!;
          image.data[offset + 2] = viridis[level * 3 + 2]!;
          image.data[offset + 3] = 255;
        }
      }
      context.putImageData(image, 0, 0);
      const left = frame.x(cells.startMs);
      frame.plot.insert("g", ":scope > .annotations").attr("class", DATA_LAYER).attr("clip-path", `url(#${clipId(svg)})`).append("image")
        .attr("class", "heatmap-cells")
        .attr("data-columns", cells.columns)
        .attr("href", canvas.toDataURL("image/png"))
        .attr("x", left).attr("width", Math.max(1, frame.x(cells.endMs) - left))
        .attr("y", y(edges[hi + 1]!)).attr("height", y(edges[lo]!) - y(edges[hi + 1]!))
        .attr("preserveAspectRatio", "none")
        .style("image-rendering", "pixelated");
    }
  }
  if (reused) refreshTimeInteractions(frame, options);
  else {
    attachTimeInteractions(frame, options);
    rememberFrame(svg, key);
  }
}
