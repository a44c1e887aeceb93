/** The Grafana dashboard of deploy/grafana/, for the tests that check its queries. */
import { readFileSync } from "node:fs";
import path from "node:path";
import { REPO_ROOT } from "./run-cli";

/** The dashboard's queries: every panel target's expr and every query variable's query. */
export function dashboardQueries(): string[] {
  const dashboard = JSON.parse(readFileSync(path.join(REPO_ROOT, "deploy/grafana/clustersim-dashboard.json"), "utf8")) as {
    panels: Array<{ targets?: Array<{ expr: string }> }>;
    templating: { list: Array<{ type: string; query?: unknown }> };
  };
  const exprs = dashboard.panels.flatMap((panel) => (panel.targets ?? []).map((target) => target.expr));
  const variables = dashboard.templating.list.filter((v) => v.type === "query").map((v) => (v.query as { query: string }).query);
  return [...exprs, ...variables];
}

