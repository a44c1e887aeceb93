/**
 * A chart on the page: a `<figure>` with a title, a one-line reading guide, a legend, the SVG,
 * SVG/PNG export buttons, a hover read-out and a visually hidden data table (the accessible
 * alternative to the picture, and what tests read).
 *
 * State for tests and assistive tech: `data-status` ("empty", "partial" while the run is
 * going, "complete" once the finished chart and its table are in), `data-series` (line keys),
 * `data-points-min` (fewest points drawn by any line). The chart keeps its last size and
 * redraws through the `draw` callback it is given.
 *
 * The table is never seen: it sits far off the page with `content-visibility: auto`
 * (style.css `.offscreen-table`), so the browser skips its style, layout and paint while it
 * stays in the accessibility tree; building a few hundred rows costs only the script.
 */
import { downloadBlob, downloadText, h, replaceChildren } from "../app/dom";
import { fileSlug, svgDocument, svgToPng } from "../export";

/** A legend entry. */
export interface LegendEntry {
  label: string;
  colour: string;
  dash?: string;
}

/** What an update shows besides the drawing. */
export interface FigureMeta {
  status: "empty" | "partial" | "complete";
  legend: LegendEntry[];
  /** Line keys (for `data-series`). */
  series: string[];
  /** Hidden table: column headers and rows of text (built only when shown). */
  table: () => { columns: string[]; rows: string[][] };
  /** Runs the table's build as a later task (so drawing and table are two short tasks); default: now. */
  schedule?: (job: () => void) => void;
  /** The data the table shows: a table already built from this same object is kept (a zoom redraws the chart, not its table). */
  tableOf?: object;
}

/** Rows kept in the hidden table (every k-th window beyond this). */
export const TABLE_ROWS_MAX = 240;

export class ChartFigure {
  readonly element: HTMLElement;
  readonly svg: SVGSVGElement;
  private readonly legend: HTMLElement;
  private readonly readout: HTMLElement;
  private readonly table: HTMLTableElement;
  private readonly body: HTMLElement;
  /** What the current table was built from (see FigureMeta.tableOf). */
  private tableOf: object | null = null;
  /** Width of the chart body, px, as last reported by the ResizeObserver (no forced layout). */
  private observedWidth = 0;
  /** Called when the chart's width changes (the owner redraws). */
  onResize: (() => void) | null = null;

  constructor(readonly id: string, readonly title: string, description: string, options: { exportName: () => string; height?: number }) {
    this.svg = document.createElementNS("http://www.w3.org/2000/svg", "svg");
    this.svg.setAttribute("role", "img");
    this.svg.setAttribute("aria-label", `${title} chart; the data table below has the values`);
    this.svg.setAttribute("height", String(options.height ?? 220));
    this.legend = h("ul", { class: "legend", "aria-label": `${title} legend` });
    this.readout = h("div", { class: "readout", "aria-live": "off", hidden: true });
    this.table = h("table", { class: "data-table" });
    const exportName = () => `${fileSlug(options.exportName())}-${id}`;
    this.body = h("div", { class: "chart-body" }, this.svg, this.readout);
    // Reading clientWidth after drawing forces a synchronous layout per chart per update; a
    // ResizeObserver reports the width once per layout instead.
    if (typeof ResizeObserver !== "undefined") {
      new ResizeObserver((entries) => {
        const width = Math.floor(entries[entries.length - 1]!.contentRect.width);
        if (width > 0 && width !== this.observedWidth) {
          this.observedWidth = width;
          this.onResize?.();
        }
      }).observe(this.body);
    }
    this.element = h("figure", { class: "chart", id: `chart-${id}`, "data-chart": id, "data-status": "empty", tabindex: "-1" },
      h("figcaption", {},
        h("div", { class: "chart-title-row" },
          h("h3", {}, title),
          h("span", { class: "chart-actions" },
            h("button", { type: "button", class: "small", "aria-label": `Download ${title} as SVG`, onclick: () => downloadText(`${exportName()}.svg`, svgDocument(this.svg, title), "image/svg+xml") }, "SVG"),
            h("button", { type: "button", class: "small", "aria-label": `Download ${title} as PNG`, onclick: () => void svgToPng(this.svg, title).then((blob) => downloadBlob(`${exportName()}.png`, blob)) }, "PNG"))),
        h("p", { class: "chart-description" }, description)),
      this.legend,
      this.body,
      h("div", { class: "offscreen-table" }, this.table));
  }

  /** Width available to the SVG, px (its container's width; 600 until first laid out). */
  get width(): number {
    return Math.max(240, this.observedWidth || 600);
  }

  /** Height of the SVG, px. */
  get height(): number {
    return Number(this.svg.getAttribute("height")) || 220;
  }

  /** Redraws with `draw` and updates legend, table and state attributes. */
  update(draw: (svg: SVGSVGElement, size: { width: number; height: number }) => void, meta: FigureMeta): void {
    draw(this.svg, { width: this.width, height: this.height });
    const points = Array.from(this.svg.querySelectorAll<SVGPathElement>("path.series-line")).map((p) => Number(p.dataset.points ?? 0));
    this.element.dataset.series = meta.series.join(",");
    this.element.dataset.pointsMin = String(points.length > 0 ? Math.min(...points) : 0);
    const legendKey = meta.legend.map((e) => `${e.label}|${e.colour}|${e.dash ?? ""}`).join(";");
    if (this.legend.dataset.key !== legendKey) {
      this.legend.dataset.key = legendKey;
      replaceChildren(this.legend, meta.legend.map((entry) => h("li", {}, legendSwatch(entry), entry.label)));
    }
    // The table is the accessible copy of a finished chart; while a run streams in, building
    // it on every update would cost the page more than the chart itself. A finished chart says
    // "complete" once its table is in.
    if (meta.status === "partial") {
      this.element.dataset.status = meta.status;
      if (this.table.rows.length > 0) this.emptyTable();
    } else if (meta.tableOf !== undefined && meta.tableOf === this.tableOf) {
      this.element.dataset.status = meta.status;
    } else {
      (meta.schedule ?? ((job) => job()))(() => {
        this.renderTable(meta.table());
        this.tableOf = meta.tableOf ?? null;
        this.element.dataset.status = meta.status;
      });
    }
  }

  /** Empties the chart (a new run is starting) without taking it out of the page. */
  clear(): void {
    this.svg.replaceChildren();
    this.element.dataset.status = "empty";
    this.element.dataset.pointsMin = "0";
    this.setReadout(null);
    if (this.table.rows.length > 0) this.emptyTable();
  }

  private emptyTable(): void {
    this.tableOf = null;
    replaceChildren(this.table, h("caption", {}, `${this.title}: the data table fills in when the run ends.`));
  }

  /** Shows exact values under the pointer (or hides the read-out for null). */
  setReadout(lines: string[] | null): void {
    if (!lines) {
      this.readout.hidden = true;
      return;
    }
    this.readout.hidden = false;
    replaceChildren(this.readout, lines.map((line, i) => (i === 0 ? h("strong", {}, line) : h("div", {}, line))));
  }

  private renderTable(table: ReturnType<FigureMeta["table"]>): void {
    const step = Math.max(1, Math.ceil(table.rows.length / TABLE_ROWS_MAX));
    const rows = table.rows.filter((_, i) => i % step === 0);
    replaceChildren(this.table,
      h("caption", {}, `${this.title}${step > 1 ? ` (every ${step}th window)` : ""}`),
      h("thead", {}, h("tr", {}, table.columns.map((c) => h("th", { scope: "col" }, c)))),
      h("tbody", {}, rows.map((row) => h("tr", {}, row.map((cell) => h("td", {}, cell))))));
  }
}

/** A small SVG line sample for a legend entry. */
function legendSwatch(entry: LegendEntry): SVGSVGElement {
  const svg = document.createElementNS("http://www.w3.org/2000/svg", "svg");
  svg.setAttribute("width", "22");
  svg.setAttribute("height", "10");
  svg.setAttribute("aria-hidden", "true");
  const line = document.createElementNS("http://www.w3.org/2000/svg", "line");
  line.setAttribute("x1", "1");
  line.setAttribute("x2", "21");
  line.setAttribute("y1", "5");
  line.setAttribute("y2", "5");
  line.setAttribute("stroke", entry.colour);
  line.setAttribute("stroke-width", "2.5");
  if (entry.dash) line.setAttribute("stroke-dasharray", entry.dash);
  svg.appendChild(line);
  return svg;
}
