/**
 * Charts of a capacity plan as SVG strings for the HTML report (d3 scales and shapes, no DOM):
 * - {@link sizeCurveSvg}: one variable. An SLO's measured value (mean over replications) against
 *   the variable's value, one line per failure case with its confidence band shaded, the SLO
 *   threshold dashed, and the recommendation marked with a vertical line.
 * - {@link costFrontierSvg}: several variables. Every candidate tried as a point at (cost per
 *   hour, worst SLO ratio), passing ones filled, the frontier joined, ratio 1 dashed.
 */
import { area, curveStepAfter, line, scaleLinear, scaleLog, type ScaleContinuousNumeric } from "d3";
import type { PlanReport } from "../../engine";
import { xmlEscape } from "../format/xml";

const WIDTH = 760;
const HEIGHT = 260;
const MARGIN = { top: 44, right: 30, bottom: 36, left: 70 };
const COLOURS = ["#4e79a7", "#e15759", "#59a14f", "#f28e2b", "#76b7b2", "#edc948", "#b07aa1", "#ff9da7", "#9c755f", "#bab0ac"];
const INNER_WIDTH = WIDTH - MARGIN.left - MARGIN.right;
const INNER_HEIGHT = HEIGHT - MARGIN.top - MARGIN.bottom;

/** A coordinate with at most one decimal, so the file stays small and deterministic. */
function fixed(value: number): string {
  return String(Math.round(value * 10) / 10);
}

interface CurvePoint {
  x: number;
  mean: number;
  low: number | null;
  high: number | null;
}

/** One chart per SLO check: measured value against the (only) variable, per failure case. */
export function sizeCurveSvg(report: PlanReport, checkIndex: number, formatY: (value: number) => string): string {
  const check = report.checks[checkIndex]!;
  const variable = report.variables[0]!;
  // A range or a numeric list is drawn at its values; a list of names at its positions.
  const labels = variable.values;
  const numeric = labels === null || labels.every((v) => typeof v === "number");
  const xOf = (candidate: { indexes: number[]; values: Array<number | string> }): number => (numeric ? (candidate.values[0] as number) : candidate.indexes[0]!);
  const caseNames = [...new Set(report.candidates.flatMap((c) => c.cases.map((k) => k.name)))];
  const curves = caseNames.map((name) => {
    const points: CurvePoint[] = [];
    for (const candidate of report.candidates) {
      const evidence = candidate.cases.find((k) => k.name === name)?.checks.find((e) => e.name === check.name);
      if (evidence === undefined || evidence.mean === null) continue;
      points.push({ x: xOf(candidate), mean: evidence.mean, low: evidence.low, high: evidence.high });
    }
    return { name, points: points.sort((a, b) => a.x - b.x) };
  });
  const target = report.candidates[0]?.cases[0]?.checks.find((e) => e.name === check.name)?.target ?? 0;
  const xs = curves.flatMap((c) => c.points.map((p) => p.x));
  const x = scaleLinear().domain(xs.length > 0 ? [Math.min(...xs), Math.max(...xs)] : [0, 1]).range([0, INNER_WIDTH]).nice();
  const ys = curves.flatMap((c) => c.points.flatMap((p) => [p.mean, p.low ?? p.mean, p.high ?? p.mean])).concat(target).filter((v) => Number.isFinite(v));
  // Shares (availability, windows met) sit near 1: zoom in on their range instead of 0..1.
  const shareLow = Math.min(...ys);
  const shareHigh = Math.max(...ys);
  const y = check.kind === "latency" ? valueScale(ys) : scaleLinear().domain([shareLow === shareHigh ? shareLow - 0.001 : shareLow, shareHigh]).range([INNER_HEIGHT, 0]).nice();
  const parts = [open(`${check.name}: ${check.objective}, by ${variable.label}`)];
  parts.push(...yAxis(y, formatY), ...xAxis(x, numeric ? (v) => String(v) : (v) => String(labels?.[Math.round(v)] ?? ""), integerValued(curves)));
  curves.forEach((curve, i) => {
    const colour = COLOURS[i % COLOURS.length]!;
    const band = area<CurvePoint>().defined((p) => p.low !== null && p.high !== null).x((p) => x(p.x)).y0((p) => y(clamp(y, p.low!))).y1((p) => y(clamp(y, p.high!))).digits(1)(curve.points);
    if (band) parts.push(`<path d="${band}" fill="${colour}" fill-opacity="0.15"><title>${xmlEscape(`${curve.name}: ${formatConfidence(report.confidence)} confidence band`)}</title></path>`);
    const path = line<CurvePoint>().x((p) => x(p.x)).y((p) => y(clamp(y, p.mean))).digits(1)(curve.points);
    if (path) parts.push(`<path d="${path}" class="line" stroke="${colour}"><title>${xmlEscape(curve.name)}</title></path>`);
    for (const p of curve.points) parts.push(`<circle cx="${fixed(x(p.x))}" cy="${fixed(y(clamp(y, p.mean)))}" r="2.5" fill="${colour}"/>`);
  });
  const ty = fixed(y(clamp(y, target)));
  parts.push(`<line x1="0" x2="${INNER_WIDTH}" y1="${ty}" y2="${ty}" stroke="#cf222e" stroke-dasharray="5 4"/><text class="tick" x="${INNER_WIDTH}" y="${ty}" dy="-0.4em" text-anchor="end" fill="#cf222e">SLO ${xmlEscape(formatY(target))}</text>`);
  if (report.recommendation !== null) {
    const rx = fixed(x(xOf(report.recommendation)));
    parts.push(`<line x1="${rx}" x2="${rx}" y1="0" y2="${INNER_HEIGHT}" stroke="#1a7f37" stroke-width="2"/><text class="tick" x="${rx}" y="-6" text-anchor="middle" fill="#1a7f37">recommended ${xmlEscape(String(report.recommendation.values[0]))}</text>`);
  }
  parts.push(`</g>`, legend(curves.map((c) => c.name)), `</svg>`);
  return parts.join("");
}

/** Cost against worst SLO ratio for every candidate tried (several variables). */
export function costFrontierSvg(report: PlanReport): string {
  const points = report.candidates.filter((c) => c.worstRatio !== null && Number.isFinite(c.worstRatio));
  const costs = points.map((c) => c.costPerHour);
  const x = scaleLinear().domain(costs.length > 0 ? [Math.min(...costs), Math.max(...costs)] : [0, 1]).range([0, INNER_WIDTH]).nice();
  const y = valueScale(points.map((c) => c.worstRatio!).concat(1));
  const parts = [open("Cost per hour against the worst SLO ratio (measured / allowed; below 1 passes)")];
  parts.push(...yAxis(y, (v) => String(Number(v.toPrecision(3)))), ...xAxis(x, (v) => `$${v}/h`));
  const oneY = fixed(y(1));
  parts.push(`<line x1="0" x2="${INNER_WIDTH}" y1="${oneY}" y2="${oneY}" stroke="#cf222e" stroke-dasharray="5 4"/>`);
  const frontier = (report.frontier ?? []).filter((f) => f.worstRatio !== null && Number.isFinite(f.worstRatio));
  const path = line<{ costPerHour: number; worstRatio: number | null }>().x((f) => x(f.costPerHour)).y((f) => y(f.worstRatio!)).curve(curveStepAfter).digits(1)(frontier);
  if (path) parts.push(`<path d="${path}" class="line" stroke="#8c959f"/>`);
  for (const c of points) {
    const fill = c.verdict === "pass" ? "#1a7f37" : c.verdict === "fail" ? "#cf222e" : "#bf8700";
    const recommended = report.recommendation?.key === c.key;
    parts.push(`<circle cx="${fixed(x(c.costPerHour))}" cy="${fixed(y(c.worstRatio!))}" r="${recommended ? 6 : 3.5}" fill="${fill}"${recommended ? ` stroke="#1f2328" stroke-width="2"` : ""}><title>${xmlEscape(`${c.label}: $${c.costPerHour}/h, ratio ${c.worstRatio!.toFixed(3)}, ${c.verdict}`)}</title></circle>`);
  }
  parts.push(`</g>`, legend(["pass", "fail", "undecided"], ["#1a7f37", "#cf222e", "#bf8700"]), `</svg>`);
  return parts.join("");
}

function valueScale(values: readonly number[]): ScaleContinuousNumeric<number, number> {
  const positive = values.filter((v) => v > 0);
  const low = positive.length > 0 ? Math.min(...positive) : 1;
  const high = values.length > 0 ? Math.max(...values) : 1;
  if (high / low > 30) return scaleLog().domain([low, high]).range([INNER_HEIGHT, 0]).nice();
  return scaleLinear().domain([Math.min(0, ...values), high > 0 ? high : 1]).range([INNER_HEIGHT, 0]).nice();
}

/** Keeps a value inside the scale's domain (a log scale cannot show 0). */
function clamp(scale: ScaleContinuousNumeric<number, number>, value: number): number {
  const [a, b] = scale.domain() as [number, number];
  return Math.min(Math.max(value, Math.min(a, b)), Math.max(a, b));
}

function open(title: string): string {
  return `<svg xmlns="http://www.w3.org/2000/svg" class="chart" viewBox="0 0 ${WIDTH} ${HEIGHT}" width="${WIDTH}" height="${HEIGHT}" role="img" aria-label="${xmlEscape(title)}"><text class="title" x="${MARGIN.left}" y="16">${xmlEscape(title)}</text><g transform="translate(${MARGIN.left},${MARGIN.top})">`;
}

function yAxis(y: ScaleContinuousNumeric<number, number>, format: (v: number) => string): string[] {
  // A log scale proposes ticks at 1..9 of every decade; keep the powers of ten (and 2 and 5 when
  // the axis spans less than two decades) so the labels do not overlap.
  const [low, high] = y.domain() as [number, number];
  const isLog = "base" in y;
  const keep = (tick: number): boolean => {
    if (!isLog) return true;
    const mantissa = Number((tick / 10 ** Math.floor(Math.log10(tick))).toPrecision(3));
    return mantissa === 1 || (high / low < 100 && (mantissa === 2 || mantissa === 5));
  };
  return y.ticks(5).filter(keep).map((tick) => {
    const py = fixed(y(tick));
    return `<line class="grid" x1="0" x2="${INNER_WIDTH}" y1="${py}" y2="${py}"/><text class="tick" x="-6" y="${py}" dy="0.32em" text-anchor="end">${xmlEscape(format(tick))}</text>`;
  });
}

/** True when every x is a whole number (node counts): ticks between them would mean nothing. */
function integerValued(curves: ReadonlyArray<{ points: readonly CurvePoint[] }>): boolean {
  return curves.every((c) => c.points.every((p) => Number.isInteger(p.x)));
}

function xAxis(x: ScaleContinuousNumeric<number, number>, format: (v: number) => string, integers = false): string[] {
  const parts = [`<line class="axis" x1="0" x2="${INNER_WIDTH}" y1="${INNER_HEIGHT}" y2="${INNER_HEIGHT}"/>`];
  for (const tick of x.ticks(8).filter((t) => !integers || Number.isInteger(t))) {
    const px = fixed(x(tick));
    parts.push(`<line class="axis" x1="${px}" x2="${px}" y1="${INNER_HEIGHT}" y2="${INNER_HEIGHT + 4}"/><text class="tick" x="${px}" y="${INNER_HEIGHT + 16}" text-anchor="middle">${xmlEscape(format(tick))}</text>`);
  }
  return parts;
}

function legend(names: readonly string[], colours: readonly string[] = COLOURS): string {
  const parts: string[] = [];
  let xRight = WIDTH - MARGIN.right;
  for (let i = names.length - 1; i >= 0; i--) {
    const label = names[i]!;
    xRight -= 22 + label.length * 6.5;
    parts.push(`<g transform="translate(${fixed(xRight)},32)"><rect x="0" y="-4" width="12" height="4" fill="${colours[i % colours.length]}"/><text class="legend" x="16" y="0" dy="0.1em">${xmlEscape(label)}</text></g>`);
  }
  return parts.join("");
}

function formatConfidence(level: number): string {
  return `${Number((level * 100).toFixed(2))}%`;
}
