/**
 * A gallery card's picture: the scenario's offered traffic over the run as a sparkline, read
 * from the compiled scenario (the same rate profile the engine draws arrivals from), with its
 * peak and the run's length beside it. Closed-loop and trace workloads have no rate profile:
 * the card says so instead of drawing a line.
 */
import { formatMetric, loadScenario } from "../../engine/index";
import { filesForScenario, type CatalogEntry } from "../scenario-catalog";

/** A scenario's traffic shape: points (ms, requests/s) over [0, durationMs]. */
export interface TrafficShape {
  points: Array<[number, number]>;
  durationMs: number;
  peakPerS: number;
}

/** The open workload's rate profile over the run, or null (closed loop, trace, invalid). */
export function trafficShape(text: string): TrafficShape | null {
  const loaded = loadScenario(text, { files: filesForScenario(text) });
  if (!loaded.ok) return null;
  const model = loaded.spec.model;
  if (model.workload.kind !== "open") return null;
  const durationMs = model.durationMs;
  const profile = model.workload.profile;
  const points: Array<[number, number]> = [[0, profile.ratePerSAt(0)]];
  for (const p of profile.points) if (p.atMs > 0 && p.atMs < durationMs) points.push([p.atMs, p.ratePerS]);
  points.push([durationMs, profile.ratePerSBefore(durationMs)]);
  // A long replayed trace has thousands of points: a card is 120 px wide.
  const step = Math.max(1, Math.floor(points.length / 240));
  const kept = points.filter((_, i) => i % step === 0 || i === points.length - 1);
  return { points: kept, durationMs, peakPerS: Math.max(...points.map(([, r]) => r)) };
}

/** Fills `slot` with the sparkline of `entry`'s traffic (and its caption). */
export function drawTrafficSparkline(slot: HTMLElement, entry: CatalogEntry, width = 140, height = 32): void {
  const shape = trafficShape(entry.text);
  slot.dataset.sparkline = shape ? "drawn" : "none";
  if (!shape) {
    slot.textContent = "Closed-loop or replayed traffic: see the run.";
    return;
  }
  const svg = document.createElementNS("http://www.w3.org/2000/svg", "svg");
  svg.setAttribute("width", String(width));
  svg.setAttribute("height", String(height));
  svg.setAttribute("role", "img");
  svg.setAttribute("aria-label", `Offered traffic over the run, peaking at ${formatMetric(shape.peakPerS, "per-second")}`);
  const x = (ms: number) => (ms / shape.durationMs) * (width - 2) + 1;
  const y = (r: number) => height - 2 - (shape.peakPerS > 0 ? (r / shape.peakPerS) * (height - 4) : 0);
  const line = document.createElementNS("http://www.w3.org/2000/svg", "polyline");
  line.setAttribute("points", shape.points.map(([t, r]) => `${x(t).toFixed(1)},${y(r).toFixed(1)}`).join(" "));
  line.setAttribute("class", "sparkline");
  svg.appendChild(line);
  const caption = document.createElement("span");
  caption.className = "sparkline-caption";
  caption.textContent = `peak ${formatMetric(shape.peakPerS, "per-second")} over ${formatMetric(shape.durationMs, "ms")}`;
  slot.replaceChildren(svg, caption);
}
