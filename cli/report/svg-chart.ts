/**
 * A line chart as an SVG string, for the self-contained HTML report. d3-scale maps values to
 * pixels and picks tick values, d3-shape turns series into path data; neither needs a DOM, so
 * the chart is plain text built in Node. Gaps (null values: a window without requests) break
 * the line instead of drawing it through zero. The warm-up period is shaded, since statistics
 * exclude it but the series show it.
 */
import { line, scaleLinear, scaleLog, type ScaleContinuousNumeric } from "d3";
import { formatDurationMs } from "../../engine";
import { xmlEscape } from "../format/xml";

/** One line of a chart. */
export interface ChartSeries {
  name: string;
  values: ReadonlyArray<number | null>;
  dashed?: boolean;
}

/** What to draw. */
export interface ChartOptions {
  title: string;
  /** Start of each window, ms of simulated time. */
  startMs: readonly number[];
  windowMs: number;
  warmupMs: number;
  series: readonly ChartSeries[];
  /** Formats a y tick, e.g. `(v) => v + " ms"`. */
  formatY: (value: number) => string;
  /** Fixed y range (e.g. [0, 1] for a share); by default 0 .. the largest value. */
  yDomain?: [number, number];
  /** Use a log y scale when the values span more than this ratio (latency). */
  logWhenRatioAbove?: number;
}

/** Tableau 10, colour-blind friendlier than d3's default category order. */
const COLOURS = ["#4e79a7", "#e15759", "#59a14f", "#f28e2b", "#76b7b2", "#edc948", "#b07aa1", "#ff9da7", "#9c755f", "#bab0ac"];
const WIDTH = 760;
const HEIGHT = 240;
const MARGIN = { top: 34, right: 30, bottom: 30, left: 64 };

/** The chart as an `<svg>` element (text). */
export function lineChartSvg(options: ChartOptions): string {
  const innerWidth = WIDTH - MARGIN.left - MARGIN.right;
  const innerHeight = HEIGHT - MARGIN.top - MARGIN.bottom;
  const endMs = options.startMs.length > 0 ? options.startMs[options.startMs.length - 1] + options.windowMs : options.windowMs;
  const x = scaleLinear().domain([0, endMs]).range([0, innerWidth]);
  const y = yScale(options, innerHeight);
  const parts: string[] = [];
  parts.push(`<svg xmlns="http://www.w3.org/2000/svg" class="chart" viewBox="0 0 ${WIDTH} ${HEIGHT}" width="${WIDTH}" height="${HEIGHT}" role="img" aria-label="${xmlEscape(options.title)}">`);
  parts.push(`<text class="title" x="${MARGIN.left}" y="16">${xmlEscape(options.title)}</text>`);
  parts.push(`<g transform="translate(${MARGIN.left},${MARGIN.top})">`);
  if (options.warmupMs > 0) parts.push(`<rect class="warmup" x="0" y="0" width="${fixed(x(options.warmupMs))}" height="${innerHeight}"><title>warm-up (excluded from statistics)</title></rect>`);
  for (const tick of y.ticks(5)) {
    const py = fixed(y(tick));
    parts.push(`<line class="grid" x1="0" x2="${innerWidth}" y1="${py}" y2="${py}"/><text class="tick" x="-6" y="${py}" dy="0.32em" text-anchor="end">${xmlEscape(options.formatY(tick))}</text>`);
  }
  for (const tick of timeTicks(endMs)) {
    const px = fixed(x(tick));
    parts.push(`<line class="axis" x1="${px}" x2="${px}" y1="${innerHeight}" y2="${innerHeight + 4}"/><text class="tick" x="${px}" y="${innerHeight + 16}" text-anchor="middle">${tick === 0 ? "0" : xmlEscape(formatDurationMs(tick))}</text>`);
  }
  parts.push(`<line class="axis" x1="0" x2="${innerWidth}" y1="${innerHeight}" y2="${innerHeight}"/>`);
  const [yLow] = y.domain();
  options.series.forEach((series, i) => {
    const path = line<number | null>()
      .defined((value) => value !== null && Number.isFinite(value) && (!isLog(y) || value > 0))
      .x((_, k) => x(options.startMs[k] + options.windowMs / 2))
      .y((value) => y(Math.max(value as number, yLow)))
      .digits(1)(series.values as Array<number | null>);
    const dash = series.dashed ? ` stroke-dasharray="4 3"` : "";
    if (path !== null && path !== "") parts.push(`<path class="line" d="${path}" stroke="${COLOURS[i % COLOURS.length]}"${dash}><title>${xmlEscape(series.name)}</title></path>`);
  });
  parts.push(`</g>`);
  parts.push(legend(options.series));
  parts.push(`</svg>`);
  return parts.join("");
}

/** Tick positions on round numbers of the unit the span reads in (5 min, not 3.3 min). */
function timeTicks(endMs: number): number[] {
  const unitMs = endMs >= 7_200_000 ? 3_600_000 : endMs >= 120_000 ? 60_000 : endMs >= 2000 ? 1000 : 1;
  return scaleLinear().domain([0, endMs / unitMs]).ticks(8).map((tick) => tick * unitMs);
}

function yScale(options: ChartOptions, innerHeight: number): ScaleContinuousNumeric<number, number> {
  let low = Infinity;
  let high = -Infinity;
  for (const series of options.series) {
    for (const value of series.values) {
      if (value === null || !Number.isFinite(value)) continue;
      if (value > 0 && value < low) low = value;
      if (value > high) high = value;
    }
  }
  if (options.yDomain) return scaleLinear().domain(options.yDomain).range([innerHeight, 0]);
  if (options.logWhenRatioAbove !== undefined && low < Infinity && high / low > options.logWhenRatioAbove) {
    return scaleLog().domain([low, high]).range([innerHeight, 0]).nice();
  }
  return scaleLinear().domain([0, high > 0 ? high : 1]).range([innerHeight, 0]).nice();
}

function isLog(scale: ScaleContinuousNumeric<number, number>): boolean {
  return "base" in scale;
}

/** Legend entries in one row above the plot, right-aligned. */
function legend(series: readonly ChartSeries[]): string {
  const parts: string[] = [];
  let xRight = WIDTH - MARGIN.right;
  for (let i = series.length - 1; i >= 0; i--) {
    const label = series[i].name;
    const width = 22 + label.length * 6.5;
    xRight -= width;
    parts.push(`<g transform="translate(${fixed(xRight)},12)"><rect x="0" y="-4" width="12" height="4" fill="${COLOURS[i % COLOURS.length]}"/><text class="legend" x="16" y="0" dy="0.1em">${xmlEscape(label)}</text></g>`);
  }
  return parts.join("");
}

/** A coordinate with at most one decimal, so the file stays small and deterministic. */
function fixed(value: number): string {
  return String(Math.round(value * 10) / 10);
}
