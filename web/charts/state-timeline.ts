/**
 * Per-node state timeline: one row per node (grouped by group), coloured runs of state over
 * the run, the same annotations as the other time axes, and a cursor at the scrubber's time.
 * Many nodes x many windows would be too many SVG rects, so the runs are painted on a canvas
 * (one pixel column per window or per pixel) shown as an `<image>`; labels and axes are SVG.
 */
import * as d3 from "d3";
import { createFrame, drawAnnotations, drawTimeAxis, MARGIN, type Annotation } from "./frame";
import { NODE_STATE_STYLE, type NodeStateName } from "./palette";

/** What the timeline draws. */
export interface StateTimelineData {
  nodeNames: string[];
  /** Per node, runs of windows [from, to) in one state. */
  runs: Array<Array<{ from: number; to: number; state: NodeStateName }>>;
  windowMs: number;
  windows: number;
}

/** Row height per node, px (bounded so a 500-node cluster still fits). */
export function rowHeight(nodes: number): number {
  return Math.max(2, Math.min(14, Math.floor(600 / Math.max(1, nodes))));
}

/** Draws the timeline; `cursorMs` marks the scrubber's time. */
export function drawStateTimeline(svg: SVGSVGElement, data: StateTimelineData, options: { width: number; durationMs: number; cursorMs: number; annotations: Annotation[]; warmupMs: number; onPick?: (ms: number) => void }): void {
  const row = rowHeight(data.nodeNames.length);
  const height = MARGIN.top + MARGIN.bottom + row * data.nodeNames.length + 4;
  const frame = createFrame(svg, { width: options.width, height, xDomain: [0, options.durationMs] });
  frame.svg.attr("data-rows", data.nodeNames.length);
  drawTimeAxis(frame);
  if (typeof document !== "undefined" && data.windows > 0 && data.nodeNames.length > 0) {
    const columns = Math.min(data.windows, Math.max(1, Math.floor(frame.innerWidth)));
    const canvas = document.createElement("canvas");
    canvas.width = columns;
    canvas.height = data.nodeNames.length;
    const context = canvas.getContext("2d");
    if (context) {
      data.runs.forEach((runs, node) => {
        for (const run of runs) {
          context.fillStyle = NODE_STATE_STYLE[run.state].colour;
          const x0 = Math.floor((run.from / data.windows) * columns);
          const x1 = Math.max(x0 + 1, Math.floor((run.to / data.windows) * columns));
          context.fillRect(x0, node, x1 - x0, 1);
        }
      });
      frame.plot.append("image").attr("class", "state-cells").attr("href", canvas.toDataURL("image/png"))
        .attr("x", 0).attr("y", 0).attr("width", frame.x(data.windows * data.windowMs)).attr("height", row * data.nodeNames.length)
        .attr("preserveAspectRatio", "none").style("image-rendering", "pixelated");
    }
  }
  if (row >= 8) {
    frame.plot.append("g").attr("class", "axis").selectAll("text").data(data.nodeNames).join("text")
      .attr("x", -4).attr("y", (_, i) => i * row + row / 2 + 3).attr("text-anchor", "end").attr("font-size", Math.min(10, row)).text((d) => d);
  }
  drawAnnotations(frame, options);
  frame.plot.append("line").attr("class", "hover-rule").attr("x1", frame.x(options.cursorMs)).attr("x2", frame.x(options.cursorMs)).attr("y1", 0).attr("y2", frame.innerHeight);
  if (options.onPick) {
    frame.plot.append("rect").attr("width", frame.innerWidth).attr("height", frame.innerHeight).attr("fill", "transparent").style("cursor", "pointer")
      .on("click", (event: MouseEvent) => options.onPick!(frame.x.invert(d3.pointer(event, frame.plot.node())[0])));
  }
}
