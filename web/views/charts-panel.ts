/**
 * The run view's charts, drawn together: one time domain (brush any chart to zoom all,
 * double-click or "Whole run" to undo), one hover time (the rule moves on every chart and
 * each shows its exact values there), the same event bands on every time axis.
 *
 * Incident first: once a run is complete the charts open on its incident (where the SLOs
 * burn, with context either side: incident.ts) unless the reader already zoomed; "Incident"
 * and "Whole run" switch between the two. The panel carries `data-zoom` ("incident", "all",
 * "custom") and `data-from-ms` / `data-to-ms` (the visible range) for tests, and `data-drawn`
 * ("true" once no drawing job waits). Below the zoom
 * bar, the event legend lists the bands (a scaling burst, a fault's span) by time; each entry
 * zooms to its band.
 *
 * Keyboard: each chart is focusable; Left/Right move the hover time by a window, Escape clears
 * it; the zoom bar's buttons zoom in and out around it.
 *
 * Off screen, a chart holds its live redraws: while a run streams, a chart scrolled out of view
 * (with a margin: an IntersectionObserver) keeps its last drawing and carries `data-held`
 * "true"; it redraws with the latest data as soon as it comes into view. A chart's first data
 * and a finished run are drawn on every chart, seen or not. Most of the grid is below the first
 * screen, so while a run streams the page draws about a quarter of the charts it would.
 */
import { h, replaceChildren } from "../app/dom";
import { TaskQueue } from "../app/task-queue";
import { buildTimeCharts, windowIndexAt, windowMidpoints, type ChartContext, type TimeChartModel } from "../charts/chart-data";
import { BAND_CATEGORY_TEXT, type EventBand } from "../charts/event-bands";
import { mechanismTimeCharts } from "../charts/mechanism-charts";
import { frameIsCurrent, setHoverRule, type Annotation, type TimeFrameOptions } from "../charts/frame";
import { drawHeatmapChart, drawHeatmapFrame, heatmapFrameKey } from "../charts/heatmap-chart";
import { drawTimeChart, drawTimeChartFrame, timeChartFrameKey } from "../charts/time-chart";
import { formatMetric } from "../../engine/index";
import { formatClock, formatNumber } from "../format";
import type { Heatmap, SeriesColumns } from "../worker/run-protocol";
import { ChartFigure } from "./chart-figure";

/** What the panel draws. */
export interface ChartsInput {
  series: SeriesColumns | undefined;
  heatmap: Heatmap | undefined;
  context: ChartContext;
  durationMs: number;
  annotations: Annotation[];
  /** The annotations as labelled bands. */
  bands: EventBand[];
  /** The range to open on once the run is complete (null: the whole run). */
  incident: { fromMs: number; toMs: number } | null;
  status: "empty" | "partial" | "complete";
  exportName: string;
}

const HEATMAP_ID = "heatmap";
/** Shortest time between two redraws of the charts while a run streams, ms. */
const LIVE_REDRAW_MS = 1000;
/** How far outside the viewport a chart still counts as on screen (drawn live), CSS margin. */
const ON_SCREEN_MARGIN = "200px 0px";

export class ChartsPanel {
  readonly element: HTMLElement;
  private readonly grid: HTMLElement;
  private readonly zoomText: HTMLElement;
  private readonly figures = new Map<string, ChartFigure>();
  private models: TimeChartModel[] = [];
  private input: ChartsInput | null = null;
  private zoom: [number, number] | null = null;
  /** How the visible range was chosen: "auto" follows the incident when the run completes. */
  private zoomMode: "auto" | "incident" | "all" | "custom" = "auto";
  private pendingRange: [number, number] | null = null;
  private lastLiveDrawMs = -Infinity;
  private liveTimer: ReturnType<typeof setTimeout> | undefined;
  private readonly bandLegend: HTMLElement;
  private readonly incidentButton: HTMLButtonElement;
  /** Called when the reader changes the visible range (for the URL). */
  onZoom: ((range: [number, number] | null) => void) | null = null;
  private hoverMs: number | null = null;
  /**
   * Shaping the series into chart models is one job and each chart draws in its own, one job
   * per animation frame, so no single task shapes and draws them all (and each frame lays out
   * one chart). Each figure carries `data-draw-step`, its last draw's job number, for tests.
   */
  private readonly drawQueue = new TaskQueue({ perFrame: true, name: "charts" });
  /** Charts in view (or within {@link ON_SCREEN_MARGIN} of it). Without an IntersectionObserver no chart holds. */
  private readonly onScreen = new Set<string>();
  private readonly visibility: IntersectionObserver | null;

  constructor() {
    this.zoomText = h("span", { class: "zoom-text", "data-testid": "zoom-text" });
    this.grid = h("div", { class: "charts-grid" });
    this.bandLegend = h("div", { class: "band-legend", "aria-label": "Events on the time axes" });
    this.incidentButton = h("button", { type: "button", class: "small", "data-action": "zoom-incident", disabled: true, onclick: () => this.showIncident() }, "Incident");
    this.visibility = typeof IntersectionObserver === "function"
      ? new IntersectionObserver((entries) => this.onVisibility(entries), { rootMargin: ON_SCREEN_MARGIN })
      : null;
    this.element = h("section", { class: "charts-panel", "aria-label": "Charts", "data-zoom": "all" },
      h("div", { class: "zoom-bar" },
        this.zoomText,
        this.incidentButton,
        h("button", { type: "button", class: "small", "data-action": "reset-zoom", onclick: () => this.showAll() }, "Whole run"),
        h("button", { type: "button", class: "small", onclick: () => this.zoomBy(0.5) }, "Zoom in"),
        h("button", { type: "button", class: "small", onclick: () => this.zoomBy(2) }, "Zoom out"),
        h("span", { class: "hint" }, "Drag across a chart to zoom all charts; double-click for the whole run.")),
      this.bandLegend,
      this.grid);
  }

  /** Redraws with new data (a live chunk, a finished run, or another run). */
  update(input: ChartsInput): void {
    const changedRun = this.input?.exportName !== input.exportName || this.input?.durationMs !== input.durationMs;
    // The first data of a run is drawn at once (a restored fork's past arrives in one chunk).
    const firstData = this.input?.status === "empty" && input.status !== "empty";
    this.input = input;
    if (changedRun) { this.zoom = null; this.zoomMode = "auto"; }
    if (this.pendingRange && input.series && input.status === "complete") {
      this.zoom = this.pendingRange;
      this.zoomMode = "custom";
      this.pendingRange = null;
    }
    // Opening on the incident waits for the whole run: a range that moved while the run
    // streamed would pull the charts out from under the reader.
    if (this.zoomMode === "auto" && input.status === "complete" && input.incident) {
      this.zoomMode = "incident";
      this.zoom = [input.incident.fromMs, input.incident.toMs];
    }
    this.incidentButton.disabled = !input.incident || input.status !== "complete";
    this.renderBandLegend(input.bands);
    // While a run streams, redraw at most once per LIVE_REDRAW_MS (the last update is drawn
    // by a trailing timer): each redraw is eight chart tasks on the page's thread.
    if (input.status === "partial" && !changedRun && !firstData) {
      const wait = this.lastLiveDrawMs + LIVE_REDRAW_MS - performance.now();
      if (wait > 0) {
        this.liveTimer ??= setTimeout(() => { this.liveTimer = undefined; this.lastLiveDrawMs = performance.now(); this.render(); }, wait);
        return;
      }
    }
    clearTimeout(this.liveTimer);
    this.liveTimer = undefined;
    this.lastLiveDrawMs = performance.now();
    this.render();
  }

  /** Shows `range` (ms) on every chart, as the reader's own zoom (e.g. from a "what happened" link). */
  showRange(range: [number, number]): void {
    this.zoomMode = "custom";
    this.setZoom(range);
  }

  /** Shows the incident (when the run has one). */
  showIncident(): void {
    const incident = this.input?.incident;
    if (!incident) return;
    this.zoomMode = "incident";
    this.setZoom([incident.fromMs, incident.toMs]);
  }

  /** Shows the whole run. */
  showAll(): void {
    this.zoomMode = "all";
    this.setZoom(null);
  }

  /** A range from the URL, shown once a complete run is drawn (null: let the incident decide). */
  restoreRange(range: [number, number] | null): void {
    this.pendingRange = range;
  }

  private renderBandLegend(bands: EventBand[]): void {
    const key = bands.map((b) => `${b.fromMs}:${b.toMs}:${b.label}`).join("|");
    if (this.bandLegend.dataset.key === key) return;
    this.bandLegend.dataset.key = key;
    this.bandLegend.dataset.bands = String(bands.length);
    if (bands.length === 0) { replaceChildren(this.bandLegend); return; }
    const categories = [...new Set(bands.map((b) => b.category))];
    const full = this.fullDurationMs;
    const span = (b: EventBand) => `${formatClock(b.fromMs, full)}${b.toMs > b.fromMs ? `–${formatClock(b.toMs, full)}` : ""}`;
    replaceChildren(this.bandLegend,
      h("ul", { class: "band-kinds" }, categories.map((c) => h("li", {}, h("span", { class: `band-swatch band-swatch-${c}`, "aria-hidden": "true" }), BAND_CATEGORY_TEXT[c] ?? c))),
      h("ol", { class: "band-list" }, bands.map((b) => h("li", { "data-category": b.category },
        h("button", { type: "button", class: "link-button", "data-from-ms": String(b.fromMs), "data-to-ms": String(b.toMs), onclick: () => this.showRange(contextAround(b, this.input?.durationMs ?? b.toMs)) },
          h("span", { class: `band-swatch band-swatch-${b.category}`, "aria-hidden": "true" }), h("span", { class: "mono" }, span(b)), ` ${b.label}`)))));
  }

  /** The zoomed range (or the one from the URL still waiting for the run), or null for the whole run. */
  get zoomRange(): [number, number] | null {
    return this.zoom ?? this.pendingRange;
  }

  /** The run's length, ms. */
  get fullDurationMs(): number {
    return this.input?.durationMs ?? 1;
  }

  /** The visible time range, ms. */
  get domain(): [number, number] {
    return this.zoom ?? [0, this.input?.durationMs ?? 1];
  }

  private render(): void {
    const input = this.input;
    if (!input) return;
    const series = input.series;
    if (!series) {
      this.models = [];
      if (this.figures.size === 0) replaceChildren(this.grid, h("p", { class: "placeholder" }, "Charts fill in here as the run progresses."));
      // A new run starting: empty the charts in place, one per task (taking them out of the
      // page and back would lay the whole grid out again in one long task).
      else for (const [id, figure] of this.figures) this.queue(id, () => figure.clear());
      return;
    }
    const [d0, d1] = this.domain;
    const mode = this.zoom === null ? "all" : this.zoomMode === "incident" ? "incident" : "custom";
    this.zoomText.textContent = `${mode === "incident" ? "The incident" : mode === "all" ? "Whole run" : "Showing"}: ${formatClock(d0, input.durationMs)}–${formatClock(d1, input.durationMs)}`;
    this.element.dataset.zoom = mode;
    this.element.dataset.fromMs = String(Math.round(d0));
    this.element.dataset.toMs = String(Math.round(d1));
    this.queue("shape", () => {
      this.models = [...buildTimeCharts(series, input.context), ...mechanismTimeCharts(series, windowMidpoints(series))];
      this.element.dataset.shapeStep = String(this.drawQueue.ran);
      this.drawCharts(input, series);
    });
  }

  /**
   * Charts coming into view that held their live redraws are drawn now (with the models of the
   * last shaping, which holds the latest data the panel was given).
   */
  private onVisibility(entries: IntersectionObserverEntry[]): void {
    const cameIntoView = new Set<string>();
    for (const entry of entries) {
      const id = (entry.target as HTMLElement).dataset.chart!;
      if (!entry.isIntersecting) { this.onScreen.delete(id); continue; }
      this.onScreen.add(id);
      if ((entry.target as HTMLElement).dataset.held === "true") cameIntoView.add(id);
    }
    const input = this.input;
    if (cameIntoView.size > 0 && input?.series) this.drawCharts(input, input.series, cameIntoView);
  }

  /** True when a chart may keep its drawing for now: the run streams, it drew data of this run, and it is off screen. */
  private mayHold(figure: ChartFigure, input: ChartsInput): boolean {
    return this.visibility !== null && input.status === "partial" && figure.element.dataset.status === "partial" && !this.onScreen.has(figure.id);
  }

  /**
   * Queues each chart's drawing (one job each) and puts the figures in order; with `only`,
   * just those charts. While a run streams, a chart off screen holds (see the file's comment).
   */
  private drawCharts(input: ChartsInput, series: SeriesColumns, only: Set<string> | null = null): void {
    const frameOptions = {
      xDomain: this.domain,
      annotations: input.annotations,
      bands: input.bands,
      warmupMs: input.context.warmupMs,
      hoverMs: this.hoverMs,
      onBrush: (domain: [number, number] | null) => (domain ? this.showRange(domain) : this.showAll()),
      onHover: (ms: number | null) => this.setHover(ms),
    };
    const order = [...this.models.map((m) => m.id)];
    order.splice(3, 0, HEATMAP_ID);
    const stamp = (figure: ChartFigure) => { figure.element.dataset.drawStep = String(this.drawQueue.ran); };
    for (const id of order) {
      const model = this.models.find((m) => m.id === id);
      const figure = this.figure(id, model);
      if (only !== null && !only.has(id)) continue;
      const hold = this.mayHold(figure, input);
      figure.element.dataset.held = String(hold);
      if (hold) continue;
      // A chart whose frame (axes, bands, brush) must be drawn anew draws it in a job of its own
      // first, so neither job is the whole first draw (the frame job does nothing when a draw
      // already made the frame current).
      const options = () => ({ ...frameOptions, width: figure.width, height: figure.height });
      const frame = model
        ? { key: (o: TimeFrameOptions) => timeChartFrameKey(model, o), draw: (o: TimeFrameOptions) => drawTimeChartFrame(figure.svg, model, o) }
        : id === HEATMAP_ID && input.heatmap ? { key: heatmapFrameKey, draw: (o: TimeFrameOptions) => drawHeatmapFrame(figure.svg, o) } : null;
      const stale = () => frame !== null && !frameIsCurrent(figure.svg, frame.key(options()));
      if (stale()) this.queue(`${id}:frame`, () => { if (stale()) frame!.draw(options()); });
      if (model) {
        this.queue(id, () => { stamp(figure); figure.update((svg, size) => drawTimeChart(svg, model, { ...frameOptions, ...size }), {
          status: input.status === "empty" || model.lines.length === 0 ? "empty" : input.status,
          legend: model.lines.map((l) => ({ label: l.label, colour: l.colour, dash: l.dash })),
          series: model.lines.map((l) => l.key),
          table: () => timeTable(model, series),
          tableOf: series,
          schedule: (job) => this.queue(`${id}:table`, job),
        }); });
      } else if (id === HEATMAP_ID && input.heatmap) {
        const heatmap = input.heatmap;
        this.queue(id, () => { stamp(figure); figure.update((svg, size) => drawHeatmapChart(svg, { heatmap, windowMs: series.windowMs }, { ...frameOptions, ...size }), {
          status: heatmap.length === 0 ? "empty" : input.status,
          legend: [{ label: "few requests", colour: "#440154" }, { label: "most requests", colour: "#FDE725" }],
          series: ["heatmap"],
          table: () => heatmapTable(heatmap, series.windowMs),
          tableOf: heatmap,
          schedule: (job) => this.queue(`${id}:table`, job),
        }); });
      }
    }
    if (only !== null) return;
    const elements = order.map((id) => this.figures.get(id)!.element);
    if (elements.some((element, i) => this.grid.children[i] !== element) || this.grid.childElementCount !== elements.length) replaceChildren(this.grid, elements);
  }

  /**
   * Queues a drawing job. The panel's `data-drawn` is "false" while jobs wait and "true" once
   * the last has run, so tests read the charts when they are all drawn.
   */
  private queue(key: string, job: () => void): void {
    this.element.dataset.drawn = "false";
    this.drawQueue.set(key, () => {
      job();
      if (this.drawQueue.pending === 0) this.element.dataset.drawn = "true";
    });
  }

  /** Stops pending drawing (the view is gone). */
  dispose(): void {
    this.drawQueue.clear();
    this.visibility?.disconnect();
    clearTimeout(this.liveTimer);
    this.liveTimer = undefined;
  }

  private figure(id: string, model: TimeChartModel | undefined): ChartFigure {
    let figure = this.figures.get(id);
    if (!figure) {
      const title = model?.title ?? "Latency heatmap";
      const description = model?.description ?? "Where successful requests' latencies fell, per window: brighter = more requests.";
      figure = new ChartFigure(id, title, description, { exportName: () => this.input?.exportName ?? "run" });
      figure.element.tabIndex = 0;
      figure.onResize = () => this.scheduleRender();
      figure.element.addEventListener("keydown", (event) => this.onKey(event));
      this.visibility?.observe(figure.element);
      this.figures.set(id, figure);
    }
    return figure;
  }

  private onKey(event: KeyboardEvent): void {
    const series = this.input?.series;
    if (!series || series.length === 0) return;
    const step = series.windowMs;
    const [d0, d1] = this.domain;
    if (event.key === "ArrowRight" || event.key === "ArrowLeft") {
      const current = this.hoverMs ?? (event.key === "ArrowRight" ? d0 - step / 2 : d1 + step / 2);
      this.setHover(Math.min(d1, Math.max(d0, current + (event.key === "ArrowRight" ? step : -step))));
      event.preventDefault();
    } else if (event.key === "Escape") {
      this.setHover(null);
    }
  }

  private renderQueued = false;

  /** Redraws at the next animation frame (several charts resizing at once redraw once). */
  private scheduleRender(): void {
    if (this.renderQueued) return;
    this.renderQueued = true;
    requestAnimationFrame(() => { this.renderQueued = false; this.render(); });
  }

  private setZoom(domain: [number, number] | null): void {
    this.zoom = domain;
    this.onZoom?.(domain);
    this.render();
  }

  private zoomBy(factor: number): void {
    const [d0, d1] = this.domain;
    const full = this.input?.durationMs ?? d1;
    const centre = this.hoverMs ?? (d0 + d1) / 2;
    const half = ((d1 - d0) * factor) / 2;
    const next: [number, number] = [Math.max(0, centre - half), Math.min(full, centre + half)];
    if (next[0] <= 0 && next[1] >= full) this.showAll();
    else this.showRange(next);
  }

  private setHover(ms: number | null): void {
    this.hoverMs = ms;
    const series = this.input?.series;
    for (const [id, figure] of this.figures) {
      setHoverRule(figure.svg, ms);
      if (ms === null || !series || series.length === 0) { figure.setReadout(null); continue; }
      const i = windowIndexAt(series, ms);
      const start = series.columns.startMs![i]!;
      const full = this.fullDurationMs;
      const when = `${formatClock(start, full)}–${formatClock(start + series.windowMs, full)}`;
      const model = this.models.find((m) => m.id === id);
      if (model) figure.setReadout([when, ...model.lines.map((l) => `${l.label}: ${Number.isNaN(l.values[i]!) ? "–" : model.format(l.values[i]!)}`)]);
      else figure.setReadout([when, `p50 ${formatMetric(series.columns.latencyP50Ms![i], "ms")}, p99 ${formatMetric(series.columns.latencyP99Ms![i], "ms")}, p99.9 ${formatMetric(series.columns.latencyP999Ms![i], "ms")}`]);
    }
  }
}

/** A band with context either side (its own length, at least two minutes), clamped to the run. */
function contextAround(band: EventBand, durationMs: number): [number, number] {
  const margin = Math.max(120_000, band.toMs - band.fromMs);
  return [Math.max(0, band.fromMs - margin), Math.min(durationMs, band.toMs + margin)];
}

/** The hidden table of a time chart: one row per window. */
function timeTable(model: TimeChartModel, series: SeriesColumns): { columns: string[]; rows: string[][] } {
  const rows: string[][] = [];
  for (let i = 0; i < series.length; i++) {
    rows.push([formatClock(series.columns.startMs![i]!), ...model.lines.map((l) => (Number.isNaN(l.values[i]!) ? "" : model.format(l.values[i]!)))]);
  }
  return { columns: ["window start", ...model.lines.map((l) => `${l.label} (${model.unit})`)], rows };
}

/** The hidden table of the heatmap: per window, the requests and the most common latency bin. */
function heatmapTable(heatmap: Heatmap, windowMs: number): { columns: string[]; rows: string[][] } {
  const bins = heatmap.edgesMs.length - 1;
  const rows: string[][] = [];
  for (let w = 0; w < heatmap.length; w++) {
    let total = 0, mode = 0;
    for (let b = 0; b < bins; b++) {
      const count = heatmap.counts[w * bins + b]!;
      total += count;
      if (count > heatmap.counts[w * bins + mode]!) mode = b;
    }
    rows.push([formatClock(w * windowMs), formatNumber(total), total > 0 ? `${formatMetric(heatmap.edgesMs[mode], "ms")}–${formatMetric(heatmap.edgesMs[mode + 1], "ms")}` : ""]);
  }
  return { columns: ["window start", "successful requests", "most common latency"], rows };
}
