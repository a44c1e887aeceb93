/**
 * The skeleton every HTML report the CLI writes stands in (html.ts for runs, plan-html.ts for
 * capacity plans): one self-contained page, inline CSS, no scripts and no external references,
 * so a CI system can keep it as an artefact and anyone can open it offline. The shared style
 * covers the page, headings, tables, the PASS/FAIL badges and the inline SVG charts
 * (svg-chart.ts, plan-chart.ts); a report appends its own rules, which win by coming later.
 */
import { xmlEscape } from "../format/xml";

/** CSS both reports use: page, headings, tables, verdict badges, charts. */
const BASE_STYLE = `
body { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif; margin: 2em auto; max-width: 800px; color: #1f2328; padding: 0 1em; }
h1 { font-size: 1.5em; margin-bottom: 0.2em; } h2 { font-size: 1.15em; margin-top: 1.6em; }
.meta, .note { color: #59636e; } table { border-collapse: collapse; margin: 0.5em 0; }
th, td { text-align: left; padding: 3px 12px 3px 0; border-bottom: 1px solid #e5e7eb; vertical-align: top; }
td.num { text-align: right; font-variant-numeric: tabular-nums; }
.verdict { font-size: 0.6em; padding: 2px 8px; border-radius: 4px; vertical-align: middle; color: #fff; }
.pass { background: #1a7f37; } .fail { background: #cf222e; } td.pass, td.fail { color: #fff; text-align: center; }
svg.chart { display: block; margin: 0.6em 0 1.2em; max-width: 100%; height: auto; }
svg .title { font-weight: 600; font-size: 13px; } svg .tick, svg .legend { font-size: 11px; fill: #59636e; }
svg .grid { stroke: #eef0f2; } svg .axis { stroke: #8c959f; } svg .line { fill: none; stroke-width: 1.5; }
`;

/** What a report puts in the page. */
export interface HtmlPage {
  /** The document title, plain text (escaped here). */
  title: string;
  /** CSS rules of this report, after the shared ones (so they override them). */
  style: string;
  /** The body's parts, HTML, one line each. */
  body: readonly string[];
}

/** The whole document: doctype, head with title and style, body; ends with a newline. */
export function htmlPage(page: HtmlPage): string {
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>${xmlEscape(page.title)}</title>
<style>${BASE_STYLE}${page.style}</style>
</head>
<body>
${page.body.join("\n")}
</body>
</html>
`;
}
