/**
 * The cluster at one moment: services behind their balancers on top (arrows show who calls
 * whom), zones below as columns grouped by region, and in each zone a row of nodes per
 * group, coloured by state with a letter for every state but "up" (so colour is never the
 * only cue). Thin lines join each balancer to the groups it sends requests to.
 *
 * Load at the moment: a serving node's fill is its group's utilisation in that window (pale
 * to dark purple: no traffic-light colours, which stay for states), and a bar under it shows
 * the jobs at that node (in service and queued) against its cores: full at four jobs a core,
 * vermilion once jobs exceed cores (requests queue). Group labels give the utilisation and
 * mean queue; call edges are labelled with their estimated rate and failed share
 * (edge-load.ts) and drawn thicker with more traffic, dashed vermilion when over 1% fail.
 * Booting, draining, suspected, down and partitioned nodes keep their state colour and letter.
 *
 * Each node `<rect>` carries `data-node`, `data-state`, `data-utilisation` and `data-jobs`;
 * each labelled edge `data-rate` and `data-error-share`, so tests read the picture's state.
 */
import * as d3 from "d3";
import { formatMetric } from "../../engine/index";
import type { EdgeLoad } from "../topology/edge-load";
import { loadColour, NODE_STATE_STYLE, type NodeStateName } from "./palette";

/** What the topology draws. */
export interface TopologyData {
  regions: Array<{ name: string; zones: string[] }>;
  services: Array<{ name: string; policy: string; groups: string[]; calls: string[]; entry: boolean }>;
  /** Every node: name, group, zone, state now, jobs now. */
  nodes: Array<{ name: string; group: string; zone: string; state: NodeStateName; jobs: number; cores: number }>;
  /** Group order (rows inside each zone). */
  groups: string[];
  /** Each group's utilisation (0..1) and mean queue per node in the window shown. */
  groupLoad?: Record<string, { utilisation: number; queueMean: number }>;
  /** Estimated calls per second and failed share on each call edge in the window shown. */
  edges?: EdgeLoad[];
}

/** Stroke width of an edge carrying `rate` when the busiest carries `max`. */
function edgeWidth(rate: number, max: number): number {
  return max > 0 && rate > 0 ? 1.2 + 4 * Math.sqrt(rate / max) : 1.2;
}

/** "≈ 35.2/s · 12.0% fail" for an edge label. */
function edgeText(edge: EdgeLoad): string {
  return `≈ ${formatMetric(edge.ratePerS, "per-second")}${edge.errorShare > 0.001 ? ` · ${formatMetric(edge.errorShare, "percent")} fail` : ""}`;
}

const NODE_SIZE = 16;
const NODE_GAP = 4;
const BALANCER_HEIGHT = 38;
const TOP = 24;

/** Draws the topology into `svg`, sizing its height to the content. */
export function drawTopology(svg: SVGSVGElement, data: TopologyData, options: { width: number }): void {
  const root = d3.select(svg);
  root.selectAll("*").remove();
  const width = Math.max(320, options.width);
  const zones = data.regions.flatMap((r) => r.zones.map((zone) => ({ zone, region: r.name })));
  const columnWidth = (width - 20) / Math.max(1, zones.length);
  const perRow = Math.max(1, Math.floor((columnWidth - 24) / (NODE_SIZE + NODE_GAP)));
  // Row heights: per group, the tallest zone's wrapped node rows.
  const rowsOf = (group: string) => Math.max(1, ...zones.map((z) => Math.ceil(data.nodes.filter((n) => n.group === group && n.zone === z.zone).length / perRow)));
  const zoneTop = TOP + BALANCER_HEIGHT + 70;
  let y = zoneTop + 30;
  const groupY = new Map<string, number>();
  for (const group of data.groups) {
    groupY.set(group, y);
    y += 16 + rowsOf(group) * (NODE_SIZE + NODE_GAP) + 10;
  }
  const height = y + 10;
  root.attr("viewBox", `0 0 ${width} ${height}`).attr("width", width).attr("height", height);

  // Balancers (services), evenly spaced.
  const serviceX = new Map<string, number>();
  const boxWidth = Math.min(150, (width - 20) / Math.max(1, data.services.length) - 16);
  data.services.forEach((s, i) => serviceX.set(s.name, 10 + ((i + 0.5) * (width - 20)) / data.services.length));
  const links = root.append("g").attr("class", "links");
  root.append("defs").append("marker").attr("id", "arrow").attr("viewBox", "0 0 10 10").attr("refX", 9).attr("refY", 5)
    .attr("markerWidth", 7).attr("markerHeight", 7).attr("orient", "auto-start-reverse").append("path").attr("d", "M0,0L10,5L0,10z").attr("fill", "#8a93a0");
  const edges = data.edges ?? [];
  const maxRate = Math.max(0, ...edges.map((e) => e.ratePerS));
  const edgeLabels = root.append("g").attr("class", "edge-labels");
  const loadOf = (from: string | null, to: string) => edges.find((e) => e.from === from && e.to === to);
  const styleEdge = (path: d3.Selection<SVGPathElement, unknown, null, undefined>, load: EdgeLoad | undefined, labelAt: [number, number]) => {
    if (!load) return;
    path.attr("stroke-width", edgeWidth(load.ratePerS, maxRate)).attr("data-rate", load.ratePerS).attr("data-error-share", load.errorShare);
    if (load.errorShare > 0.01) path.classed("link-failing", true);
    edgeLabels.append("text").attr("class", `edge-label${load.errorShare > 0.01 ? " failing" : ""}`).attr("x", labelAt[0]).attr("y", labelAt[1]).attr("text-anchor", "middle").text(edgeText(load));
  };
  for (const service of data.services) {
    const x = serviceX.get(service.name)!;
    for (const callee of service.calls) {
      const cx = serviceX.get(callee);
      if (cx === undefined) continue;
      const mid = TOP + BALANCER_HEIGHT / 2;
      const path = links.append("path").attr("class", "link call").attr("marker-end", "url(#arrow)")
        .attr("d", `M${x + (cx > x ? boxWidth / 2 : -boxWidth / 2)},${mid} L${cx + (cx > x ? -boxWidth / 2 : boxWidth / 2)},${mid}`);
      styleEdge(path, loadOf(service.name, callee), [(x + cx) / 2, mid - 6]);
    }
    if (service.entry) {
      const path = links.append("path").attr("class", "link").attr("marker-end", "url(#arrow)").attr("d", `M${x},2 L${x},${TOP}`);
      styleEdge(path, loadOf(null, service.name), [x + 8 + boxWidth / 4, 12]);
    }
    for (const zone of zones) {
      for (const group of service.groups) {
        if (!data.nodes.some((n) => n.group === group && n.zone === zone.zone)) continue;
        const zx = 10 + zones.indexOf(zone) * columnWidth + columnWidth / 2;
        links.append("path").attr("class", "link balancer-link").attr("opacity", 0.45)
          .attr("d", `M${x},${TOP + BALANCER_HEIGHT} C${x},${zoneTop} ${zx},${zoneTop - 30} ${zx},${(groupY.get(group) ?? zoneTop) - 14}`);
      }
    }
  }
  const balancers = root.append("g").attr("class", "balancers");
  for (const service of data.services) {
    const x = serviceX.get(service.name)!;
    const g = balancers.append("g").attr("transform", `translate(${x - boxWidth / 2},${TOP})`).attr("data-service", service.name);
    g.append("rect").attr("class", "balancer-box").attr("width", boxWidth).attr("height", BALANCER_HEIGHT).attr("rx", 6);
    g.append("text").attr("x", boxWidth / 2).attr("y", 15).attr("text-anchor", "middle").attr("font-weight", 600).text(service.name);
    g.append("text").attr("x", boxWidth / 2).attr("y", 30).attr("text-anchor", "middle").attr("font-size", 10).attr("fill", "#555").text(service.policy);
    g.append("title").text(`service ${service.name}: balancer ${service.policy}, nodes of ${service.groups.join(", ")}${service.calls.length ? `; calls ${service.calls.join(", ")}` : ""}`);
  }

  // Zones and their nodes.
  const zoneLayer = root.append("g").attr("class", "zones");
  zones.forEach((z, i) => {
    const x0 = 10 + i * columnWidth;
    const g = zoneLayer.append("g").attr("transform", `translate(${x0 + 4},${zoneTop})`).attr("data-zone", z.zone);
    g.append("rect").attr("class", "zone-box").attr("width", columnWidth - 8).attr("height", height - zoneTop - 6).attr("rx", 8);
    g.append("text").attr("class", "zone-label").attr("x", 8).attr("y", 16).text(`${z.zone}`).append("tspan").attr("fill", "#777").attr("font-weight", 400).text(`  ${z.region}`);
    for (const group of data.groups) {
      const members = data.nodes.filter((n) => n.group === group && n.zone === z.zone);
      const gy = groupY.get(group)! - zoneTop;
      const load = data.groupLoad?.[group];
      const loadText = load && Number.isFinite(load.utilisation) ? ` · ${formatMetric(load.utilisation, "percent")} busy · queue ${formatMetric(load.queueMean, "number")}/node` : "";
      g.append("text").attr("class", "group-label").attr("x", 8).attr("y", gy - 2).attr("font-size", 10).text(`${group} (${members.filter((m) => m.state === "up" || m.state === "slow").length}/${members.length} up)${loadText}`);
      members.forEach((node, k) => {
        const nx = 8 + (k % perRow) * (NODE_SIZE + NODE_GAP);
        const ny = gy + 4 + Math.floor(k / perRow) * (NODE_SIZE + NODE_GAP);
        const style = NODE_STATE_STYLE[node.state];
        const serving = node.state === "up" || node.state === "slow";
        const utilisation = serving && load ? load.utilisation : NaN;
        const cell = g.append("g").attr("transform", `translate(${nx},${ny})`);
        cell.append("rect").attr("class", "node-box").attr("width", NODE_SIZE).attr("height", NODE_SIZE).attr("rx", 3)
          .attr("fill", Number.isFinite(utilisation) ? loadColour(utilisation) : style.colour).attr("data-node", node.name).attr("data-state", node.state)
          .attr("data-utilisation", Number.isFinite(utilisation) ? utilisation : null).attr("data-jobs", node.jobs)
          .attr("stroke-dasharray", node.state === "partitioned" || node.state === "booting" ? "3 2" : null);
        if (style.letter) cell.append("text").attr("class", "node-letter").attr("x", NODE_SIZE / 2).attr("y", NODE_SIZE / 2 + 3.5).attr("text-anchor", "middle").attr("fill", Number.isFinite(utilisation) && utilisation > 0.6 ? "#fff" : null).text(style.letter);
        if (serving && node.cores > 0) {
          const fraction = Math.min(1, node.jobs / (4 * node.cores));
          cell.append("rect").attr("class", `queue-bar${node.jobs > node.cores ? " queueing" : ""}`).attr("y", NODE_SIZE + 1).attr("height", 3).attr("width", Math.max(fraction > 0 ? 1 : 0, fraction * NODE_SIZE));
        }
        cell.append("title").text(`${node.name}: ${style.text}${Number.isFinite(utilisation) ? `, group ${formatMetric(utilisation, "percent")} busy` : ""}, ${node.jobs} job${node.jobs === 1 ? "" : "s"} at the node (${node.cores} core${node.cores === 1 ? "" : "s"})`);
      });
    }
  });
}
