/**
 * Shared pieces of the time charts: the frame (margins, axes), the time scale, annotations
 * (timeline events, warm-up, fork points) and the interactions every time chart has: a brush
 * that zooms all charts together (double-click resets) and a hover rule that follows the
 * pointer on all charts at once.
 *
 * Times on the x axis are ms from the start of the run, labelled as a clock (`12:30`).
 */
import * as d3 from "d3";
import { formatClock } from "../format";
import type { EventBand } from "./event-bands";

/** Something that happened at a moment, drawn as a vertical mark on every time axis. */
export interface Annotation {
  atMs: number;
  /** Short label ("crash web-3"). */
  label: string;
  /** Category for styling: "fault", "recovery", "scale", "fork", "info". */
  category: string;
}

/** Options every time chart takes. */
export interface TimeFrameOptions {
  /** Size of the SVG, px. */
  width: number;
  height: number;
  /** Visible time range, ms. */
  xDomain: [number, number];
  annotations: Annotation[];
  /** The annotations grouped into labelled bands (see event-bands.ts); drawn instead of them when given. */
  bands?: EventBand[];
  /** End of warm-up, ms (shaded: excluded from statistics). */
  warmupMs: number;
  /** Time under the pointer on any chart, ms, or null. */
  hoverMs: number | null;
  /** Called with the brushed range, or null on double-click (reset). */
  onBrush?: (domain: [number, number] | null) => void;
  /** Called with the time under the pointer, or null when it leaves. */
  onHover?: (ms: number | null) => void;
}

/** Plot margins, px: room for the y axis labels on the left and the time axis below. */
export const MARGIN = { top: 10, right: 14, bottom: 34, left: 70 };

/** The drawing area inside the margins. */
export interface Frame {
  svg: d3.Selection<SVGSVGElement, unknown, null, undefined>;
  plot: d3.Selection<SVGGElement, unknown, null, undefined>;
  innerWidth: number;
  innerHeight: number;
  x: d3.ScaleLinear<number, number>;
}

const scales = new WeakMap<SVGSVGElement, { x: d3.ScaleLinear<number, number>; innerHeight: number }>();
/** What each chart's frame was last drawn for (see {@link frameKey}). */
const frameKeys = new WeakMap<SVGSVGElement, string>();

/** Class of the groups that depend on the data (y axis, grid, marks): {@link reuseFrame} replaces only these. */
export const DATA_LAYER = "data-layer";

/**
 * Everything the frame (time axis, axis titles, annotations, bands, brush) depends on. While a
 * run streams the visible range is the whole run and this stays the same, so a live redraw
 * replaces only the data layers instead of building the whole SVG again.
 */
export function frameKey(options: Pick<TimeFrameOptions, "width" | "height" | "xDomain" | "annotations" | "bands" | "warmupMs">, extra = ""): string {
  const bands = options.bands?.map((b) => `${b.fromMs}:${b.toMs}:${b.category}:${b.label}`).join("|") ?? "";
  const annotations = options.bands ? "" : options.annotations.map((a) => `${a.atMs}:${a.category}:${a.label}`).join("|");
  return [options.width, options.height, options.xDomain[0], options.xDomain[1], options.warmupMs, bands, annotations, extra].join(";");
}

/**
 * The frame already in `element` when it was drawn for `key` (with its data layers removed,
 * ready for new ones), else null (draw it with {@link createFrame}).
 */
export function reuseFrame(element: SVGSVGElement, key: string): Frame | null {
  if (frameKeys.get(element) !== key) return null;
  const scale = scales.get(element);
  const plotNode = element.querySelector<SVGGElement>(":scope > g.plot");
  if (!scale || !plotNode) return null;
  const plot = d3.select(plotNode);
  plot.selectAll(`:scope > .${DATA_LAYER}`).remove();
  return { svg: d3.select(element), plot, innerWidth: scale.x.range()[1] as number, innerHeight: scale.innerHeight, x: scale.x };
}

/** Records that the frame in `element` was drawn for `key` (call after drawing it whole). */
export function rememberFrame(element: SVGSVGElement, key: string): void {
  frameKeys.set(element, key);
}

/** True when the frame in `element` was drawn for `key` (a redraw reuses it: {@link reuseFrame}). */
export function frameIsCurrent(element: SVGSVGElement, key: string): boolean {
  return frameKeys.get(element) === key;
}

/**
 * Draws a time chart's whole frame for `key` without its data (time axis, axis titles,
 * annotations, brush): a chart's first draw can be two jobs, this frame and then the data drawn
 * into it as a redraw does.
 */
export function drawFrameOnly(element: SVGSVGElement, key: string, yTitle: string, options: TimeFrameOptions): void {
  const frame = createFrame(element, options);
  drawTimeAxis(frame);
  drawAxisTitles(frame, yTitle);
  drawAnnotations(frame, options);
  attachTimeInteractions(frame, options);
  rememberFrame(element, key);
}

/** Clears the SVG and sets up the frame and time scale. */
export function createFrame(element: SVGSVGElement, options: Pick<TimeFrameOptions, "width" | "height" | "xDomain">): Frame {
  const svg = d3.select(element);
  svg.selectAll("*").remove();
  frameKeys.delete(element);
  svg.attr("viewBox", `0 0 ${options.width} ${options.height}`).attr("width", options.width).attr("height", options.height);
  const innerWidth = Math.max(10, options.width - MARGIN.left - MARGIN.right);
  const innerHeight = Math.max(10, options.height - MARGIN.top - MARGIN.bottom);
  const x = d3.scaleLinear().domain(options.xDomain).range([0, innerWidth]);
  const plot = svg.append("g").attr("class", "plot").attr("transform", `translate(${MARGIN.left},${MARGIN.top})`);
  plot.append("defs").append("clipPath").attr("id", clipId(element)).append("rect").attr("width", innerWidth).attr("height", innerHeight);
  scales.set(element, { x, innerHeight });
  return { svg, plot, innerWidth, innerHeight, x };
}

/** A per-element clip path id (several charts share a page). */
export function clipId(element: SVGSVGElement): string {
  if (!element.dataset.clip) element.dataset.clip = `clip-${++clipCounter}`;
  return element.dataset.clip;
}
let clipCounter = 0;

/** Time ticks at round clock values for the visible span. */
export function drawTimeAxis(frame: Frame): void {
  const [t0, t1] = frame.x.domain() as [number, number];
  const step = niceTimeStep((t1 - t0) / Math.max(2, Math.floor(frame.innerWidth / 80)));
  const ticks = d3.range(Math.ceil(t0 / step) * step, t1 + 1e-9, step);
  frame.plot.append("g").attr("class", "axis axis-x").attr("transform", `translate(0,${frame.innerHeight})`)
    .call(d3.axisBottom(frame.x).tickValues(ticks).tickFormat((v) => formatClock(Number(v), t1)).tickSizeOuter(0));
}

/** A round tick step, ms: 1, 2, 5, 10, 15, 30 s, 1, 2, 5, 10, 15, 30 min, 1, 2, 3, 6, 12 h, days. */
export function niceTimeStep(rawMs: number): number {
  const steps = [1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 10800, 21600, 43200, 86400].map((s) => s * 1000);
  for (const step of steps) if (step >= rawMs) return step;
  return Math.ceil(rawMs / 86_400_000) * 86_400_000;
}

/** Shades warm-up and draws annotation marks (behind the data). */
export function drawAnnotations(frame: Frame, options: Pick<TimeFrameOptions, "annotations" | "warmupMs" | "bands">): void {
  const { x, innerHeight } = frame;
  const layer = frame.plot.append("g").attr("class", "annotations").attr("clip-path", `url(#${clipId(frame.svg.node()!)})`);
  if (options.warmupMs > 0) {
    layer.append("rect").attr("class", "warmup").attr("x", x(0)).attr("width", Math.max(0, x(options.warmupMs) - x(0))).attr("height", innerHeight)
      .append("title").text(`warm-up (until ${formatClock(options.warmupMs)}): excluded from statistics`);
  }
  if (options.bands) return drawBands(layer, x, innerHeight, options.bands);
  for (const annotation of options.annotations) {
    const at = x(annotation.atMs);
    const mark = layer.append("g").attr("class", `annotation annotation-${annotation.category}`).attr("transform", `translate(${at},0)`);
    mark.append("line").attr("y1", 0).attr("y2", innerHeight);
    mark.append("title").text(`${formatClock(annotation.atMs)} ${annotation.label}`);
  }
}

/** Event bands: a shaded span per stretch (at least 2 px wide), a line per single mark. */
function drawBands(layer: d3.Selection<SVGGElement, unknown, null, undefined>, x: d3.ScaleLinear<number, number>, innerHeight: number, bands: EventBand[]): void {
  for (const band of bands) {
    const mark = layer.append("g").attr("class", `event-band band-${band.category}`)
      .attr("data-from-ms", band.fromMs).attr("data-to-ms", band.toMs).attr("data-category", band.category);
    if (band.toMs > band.fromMs) {
      const x0 = x(band.fromMs), x1 = x(band.toMs);
      mark.append("rect").attr("x", x0).attr("width", Math.max(2, x1 - x0)).attr("height", innerHeight);
    } else {
      mark.append("line").attr("x1", x(band.fromMs)).attr("x2", x(band.fromMs)).attr("y1", 0).attr("y2", innerHeight);
    }
    const span = x.domain()[1]!;
    mark.append("title").text(`${formatClock(band.fromMs, span)}${band.toMs > band.fromMs ? `–${formatClock(band.toMs, span)}` : ""} ${band.label}`);
  }
}

/** Draws (or moves) the hover rule at `ms`; hides it for null. Cheap: no redraw. */
export function setHoverRule(element: SVGSVGElement, ms: number | null): void {
  const scale = scales.get(element);
  if (!scale) return;
  let rule = element.querySelector<SVGLineElement>("line.hover-rule");
  if (!rule) {
    const plot = element.querySelector("g.plot");
    if (!plot) return;
    rule = document.createElementNS("http://www.w3.org/2000/svg", "line");
    rule.setAttribute("class", "hover-rule");
    plot.appendChild(rule);
  }
  const [d0, d1] = scale.x.domain() as [number, number];
  if (ms === null || ms < d0 || ms > d1) {
    rule.setAttribute("visibility", "hidden");
    return;
  }
  const at = scale.x(ms);
  rule.setAttribute("visibility", "visible");
  rule.setAttribute("x1", String(at));
  rule.setAttribute("x2", String(at));
  rule.setAttribute("y1", "0");
  rule.setAttribute("y2", String(scale.innerHeight));
}

/** Adds the brush (zoom) and pointer tracking (hover) over the plot. */
export function attachTimeInteractions(frame: Frame, options: Pick<TimeFrameOptions, "onBrush" | "onHover" | "hoverMs">): void {
  const { x, innerWidth, innerHeight } = frame;
  const element = frame.svg.node()!;
  interactions.set(element, options);
  // The handlers read the latest options, so a reused frame (reuseFrame) calls the newest callbacks.
  const current = () => interactions.get(element) ?? options;
  const brush = d3.brushX<unknown>().extent([[0, 0], [innerWidth, innerHeight]]).on("end", (event: d3.D3BrushEvent<unknown>) => {
    if (!event.selection || !event.sourceEvent) return;
    const [s0, s1] = event.selection as [number, number];
    brushLayer.call(brush.move, null);
    if (s1 - s0 > 3) current().onBrush?.([x.invert(s0), x.invert(s1)]);
  });
  const brushLayer = frame.plot.append("g").attr("class", "brush").call(brush);
  brushLayer
    .on("dblclick", () => current().onBrush?.(null))
    .on("pointermove", (event: PointerEvent) => {
      const [px] = d3.pointer(event, frame.plot.node());
      current().onHover?.(x.invert(Math.max(0, Math.min(innerWidth, px))));
    })
    .on("pointerleave", () => current().onHover?.(null));
  setHoverRule(element, options.hoverMs);
}

const interactions = new WeakMap<SVGSVGElement, Pick<TimeFrameOptions, "onBrush" | "onHover" | "hoverMs">>();

/** On a reused frame: points the brush and hover at `options`' callbacks and redraws the hover rule. */
export function refreshTimeInteractions(frame: Frame, options: Pick<TimeFrameOptions, "onBrush" | "onHover" | "hoverMs">): void {
  const element = frame.svg.node()!;
  interactions.set(element, options);
  setHoverRule(element, options.hoverMs);
}

/** Axis titles with units: `yTitle` along the y axis, the run's clock under the time axis. */
export function drawAxisTitles(frame: Frame, yTitle: string, xTitle = "time since the run started"): void {
  const [, t1] = frame.x.domain() as [number, number];
  frame.plot.append("text").attr("class", "axis-title axis-title-x").attr("x", frame.innerWidth / 2).attr("y", frame.innerHeight + MARGIN.bottom - 4).attr("text-anchor", "middle")
    .text(`${xTitle} (${t1 >= 3_600_000 ? "h:mm:ss" : "m:ss"})`);
  frame.plot.append("text").attr("class", "axis-title axis-title-y").attr("transform", `translate(${-MARGIN.left + 11},${frame.innerHeight / 2}) rotate(-90)`).attr("text-anchor", "middle")
    .text(yTitle);
}

/** A y axis with `ticks` ticks formatted by `format`, and light grid lines. */
export function drawYAxis(frame: Frame, y: d3.ScaleContinuousNumeric<number, number>, format: (v: number) => string, ticks = 5): void {
  const values = tickValues(y, ticks);
  const axis = d3.axisLeft(y).tickValues(values).tickFormat((v) => format(Number(v))).tickSizeOuter(0);
  // Before the time axis, so a reused frame (reuseFrame) keeps the layers' order.
  frame.plot.insert("g", ":scope > .axis-x").attr("class", `axis axis-y ${DATA_LAYER}`).call(axis);
  frame.plot.insert("g", ":scope > .axis-x").attr("class", `grid ${DATA_LAYER}`).call(d3.axisLeft(y).tickValues(values).tickSize(-frame.innerWidth).tickFormat(() => ""))
    .call((g) => g.select(".domain").remove());
}

/**
 * Tick values: d3's for a linear scale; for a log scale, powers of ten, adding 2x and 5x
 * when there is room for them (d3's log ticks label every integer multiple, which crowds).
 */
export function tickValues(y: d3.ScaleContinuousNumeric<number, number>, count: number): number[] {
  const isLog = "base" in y;
  if (!isLog) return y.ticks(count);
  const [lo, hi] = y.domain() as [number, number];
  const all = y.ticks();
  const mantissa = (v: number) => Math.round(v / 10 ** Math.floor(Math.log10(v) + 1e-9));
  const withHalves = all.filter((v) => [1, 2, 5].includes(mantissa(v)));
  const chosen = withHalves.length <= count * 1.5 ? withHalves : all.filter((v) => mantissa(v) === 1);
  return chosen.filter((v) => v >= Math.min(lo, hi) && v <= Math.max(lo, hi));
}
