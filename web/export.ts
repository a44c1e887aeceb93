/**
 * Exports: the Result JSON (the exact bytes the digest covers), the series as CSV, and charts
 * as standalone SVG (styles inlined, so the file looks like the page) or PNG.
 */
import type { SeriesColumns } from "./worker/run-protocol";

/** Chart styles, inlined into exported SVGs and injected into the page once. */
export const CHART_CSS = `
svg { font: 11px system-ui, -apple-system, "Segoe UI", sans-serif; background: #fff; }
.axis text { fill: #333; }
.axis-title { fill: #555; font-size: 10px; }
.axis path, .axis line { stroke: #888; }
.grid line { stroke: #e6e6e6; }
.series-line { fill: none; stroke-width: 1.6; stroke-linejoin: round; }
.band { opacity: 0.18; stroke: none; }
.threshold line { stroke: #D55E00; stroke-width: 1.2; stroke-dasharray: 4 3; }
.threshold text { fill: #A33F00; font-size: 10px; }
.warmup { fill: #000; opacity: 0.05; }
.annotation line { stroke: #555; stroke-width: 1; stroke-dasharray: 2 2; }
.annotation-fault line { stroke: #D55E00; stroke-width: 1.4; stroke-dasharray: none; }
.annotation-recovery line { stroke: #009E73; stroke-width: 1.4; }
.annotation-scale line { stroke: #0072B2; }
.annotation-fork line { stroke: #CC79A7; stroke-width: 2; stroke-dasharray: none; }
.event-band rect { fill: #555; opacity: 0.08; }
.event-band line { stroke: #555; stroke-width: 1; stroke-dasharray: 2 2; }
.band-fault rect { fill: #D55E00; opacity: 0.16; }
.band-fault line { stroke: #D55E00; stroke-width: 1.4; stroke-dasharray: none; }
.band-scale rect { fill: #0072B2; opacity: 0.10; }
.band-scale line { stroke: #0072B2; }
.band-recovery rect { fill: #009E73; opacity: 0.12; }
.band-recovery line { stroke: #009E73; stroke-width: 1.4; stroke-dasharray: none; }
.band-info line { stroke: #8C6D00; stroke-width: 1.4; stroke-dasharray: 4 2; }
.band-fork line { stroke: #CC79A7; stroke-width: 2; stroke-dasharray: none; }
.hover-rule { stroke: #222; stroke-width: 1; pointer-events: none; }
.brush .selection { fill: #0072B2; fill-opacity: 0.12; stroke: #0072B2; }
.recommended line { stroke: #009E73; stroke-width: 2; }
.recommended text { fill: #006B4F; font-weight: 600; }
.node-box { stroke: #333; stroke-width: 0.6; }
.node-letter { font-size: 9px; fill: #111; pointer-events: none; }
.zone-box { fill: #f6f7f9; stroke: #b8bec8; }
.zone-label, .group-label { fill: #333; font-weight: 600; }
.link { stroke: #8a93a0; stroke-width: 1.4; fill: none; }
.link-failing { stroke: #D55E00; stroke-dasharray: 5 3; }
.edge-label { font-size: 10px; fill: #333; }
.edge-label.failing { fill: #A33F00; font-weight: 600; }
.queue-bar { fill: #777; }
.queue-bar.queueing { fill: #D55E00; }
.balancer-box { fill: #fff; stroke: #0072B2; stroke-width: 1.4; }
`;

/** The series as CSV: a header of column names, one row per window, empty cells for no value. */
export function seriesToCsv(series: SeriesColumns): string {
  const lines = [series.names.join(",")];
  for (let i = 0; i < series.length; i++) {
    const row: string[] = [];
    for (const name of series.names) {
      const value = series.columns[name]![i]!;
      row.push(Number.isNaN(value) ? "" : String(value));
    }
    lines.push(row.join(","));
  }
  return `${lines.join("\n")}\n`;
}

/** A standalone SVG document of a chart (styles inlined, interactive layers removed). */
export function svgDocument(svg: SVGSVGElement, title: string): string {
  const copy = svg.cloneNode(true) as SVGSVGElement;
  copy.setAttribute("xmlns", "http://www.w3.org/2000/svg");
  copy.setAttribute("xmlns:xlink", "http://www.w3.org/1999/xlink");
  for (const layer of Array.from(copy.querySelectorAll(".brush, .hover-rule"))) layer.remove();
  const style = document.createElementNS("http://www.w3.org/2000/svg", "style");
  style.textContent = CHART_CSS;
  copy.insertBefore(style, copy.firstChild);
  const titleElement = document.createElementNS("http://www.w3.org/2000/svg", "title");
  titleElement.textContent = title;
  copy.insertBefore(titleElement, copy.firstChild);
  return `<?xml version="1.0" encoding="UTF-8"?>\n${new XMLSerializer().serializeToString(copy)}\n`;
}

/** Renders a chart to PNG at `scale` x its size (2 for sharp images on high-DPI screens). */
export async function svgToPng(svg: SVGSVGElement, title: string, scale = 2): Promise<Blob> {
  const width = Number(svg.getAttribute("width")) || svg.clientWidth || 600;
  const height = Number(svg.getAttribute("height")) || svg.clientHeight || 300;
  const url = URL.createObjectURL(new Blob([svgDocument(svg, title)], { type: "image/svg+xml" }));
  try {
    const image = new Image();
    image.decoding = "sync";
    await new Promise<void>((resolve, reject) => {
      image.onload = () => resolve();
      image.onerror = () => reject(new Error("the chart could not be rendered as an image"));
      image.src = url;
    });
    const canvas = document.createElement("canvas");
    canvas.width = Math.round(width * scale);
    canvas.height = Math.round(height * scale);
    const context = canvas.getContext("2d")!;
    context.fillStyle = "#fff";
    context.fillRect(0, 0, canvas.width, canvas.height);
    context.drawImage(image, 0, 0, canvas.width, canvas.height);
    return await new Promise<Blob>((resolve, reject) => canvas.toBlob((blob) => (blob ? resolve(blob) : reject(new Error("PNG encoding failed"))), "image/png"));
  } finally {
    URL.revokeObjectURL(url);
  }
}

/** A file-name-safe slug: "three-tier seed 42" -> "three-tier-seed-42". */
export function fileSlug(text: string): string {
  return text.toLowerCase().replace(/[^a-z0-9.]+/g, "-").replace(/^-+|-+$/g, "") || "clustersim";
}
