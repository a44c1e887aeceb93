/**
 * Every library scenario, run (shortened where its lesson allows), shows the figures its header
 * names in all three front ends' shared table models (engine `resultTables`), in the CLI table
 * and in the HTML report: network-partition lost acknowledged writes and leaders per cluster,
 * db-failover RPO and RTO per replication mode, hpc-batch makespan and utilisation per policy,
 * heartbeat-tuning detection time and false suspicions per detector, and designs side by side
 * as rows. No library scenario's table opens with a row of dashes, or with a pooled figure of
 * designs side by side as its headline. (The browser draws the same models: web/e2e/mechanism-tables.test.ts.)
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { formatCell, parseScenario, requiredFiles, resultTables, simulate, type Result, type ResultTable } from "../engine/index";
import { formatResultTable } from "./format/table";
import { formatHtmlReport } from "./report/html";
import { LIBRARY_DURATION } from "./test-support/library";
import { runCli } from "./test-support/run-cli";

const ROOT = path.resolve(path.dirname(new URL(import.meta.url).pathname), "..");

function run(name: string): Result {
  const file = `${name}.yaml`;
  const text = readFileSync(path.join(ROOT, "scenarios", file), "utf8");
  const parsed = parseScenario(text, { fileName: file });
  if (!parsed.ok) throw new Error(parsed.problems.map((p) => `${p.path}: ${p.message}`).join("\n"));
  const files: Record<string, string> = {};
  for (const ref of requiredFiles(parsed.scenario)) files[ref] = readFileSync(path.join(ROOT, "scenarios", ref), "utf8");
  return simulate(text, { files, overrides: LIBRARY_DURATION[name] === undefined ? [] : [`run.duration=${LIBRARY_DURATION[name]}`] });
}

/** The table with this id (fails the test when missing). */
function tableOf(result: Result, id: string): ResultTable {
  const table = resultTables(result).find((t) => t.id === id);
  if (table === undefined) throw new Error(`no "${id}" table; tables: ${resultTables(result).map((t) => t.id).join(", ")}`);
  return table;
}

/** The cell of `row` in the column labelled `column`. */
function cell(table: ResultTable, row: string, column: string): number | string | null {
  const index = table.columns.findIndex((c) => c.label === column);
  expect(index, `column "${column}" of ${table.id}`).toBeGreaterThan(0);
  const found = table.rows.find((r) => r.key === row);
  expect(found, `row "${row}" of ${table.id}`).toBeDefined();
  return found!.cells[index]!;
}

/** The figure as every front end prints it (the CLI's line for the row contains it, and so does the HTML report). */
function expectShown(result: Result, table: ResultTable, row: string, column: string): void {
  const text = formatCell(cell(table, row, column), table.columns.find((c) => c.label === column)!.unit);
  const cli = formatResultTable(result);
  const html = formatHtmlReport(result, { scenarioFile: "x.yaml" });
  const lines = cli.split("\n");
  const title = lines.indexOf(table.title);
  expect(title, `CLI title "${table.title}"`).toBeGreaterThan(0);
  const block = lines.slice(title + 2, title + 2 + table.rows.length);
  const line = block.find((l) => l.startsWith(`${formatCell(table.rows.find((r) => r.key === row)!.cells[0]!, "text")} `));
  expect(line, `CLI line of ${row}`).toBeDefined();
  expect(line).toContain(text);
  expect(html).toContain(`data-section="${table.id}"`);
  expect(html).toContain(`<td class="num">${text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;")}</td>`);
}

/** Every failover row: its listed phases add up to its RTO exactly, and the CLI and report show each of them. */
function expectPhasesSumToRto(failovers: ResultTable): void {
  const phases = ["detection", "fencing", "promotion", "reconnection", "first write"];
  expect(failovers.columns.map((c) => c.label)).toEqual(expect.arrayContaining([...phases, "RTO"]));
  expect(failovers.rows.length).toBeGreaterThan(0);
  for (const row of failovers.rows) {
    const sum = phases.reduce((total, column) => total + (cell(failovers, row.key, column) as number), 0);
    expect(sum, `phases of ${row.key}`).toBe(cell(failovers, row.key, "RTO"));
  }
}

/** No headline of dashes, no pooled headline of designs side by side. */
function expectHonestHeadline(result: Result): void {
  const cli = formatResultTable(result);
  const body = cli.split("\n").slice(2, cli.split("\n").findIndex((l) => l.startsWith("cost ")));
  const firstBlock = body.slice(0, body.indexOf(""));
  expect(firstBlock.length).toBeGreaterThan(0);
  for (const line of firstBlock) expect(line, `headline line of ${result.scenario}`).not.toMatch(/^\S[^—]*?(\s+—)+\s*$/);
  expect(cli).not.toMatch(/^latency\s+mean — /m);
  if (result.classes.length >= 2) {
    expect(cli).not.toMatch(/^success rate /m);
    expect(cli).toContain("Requests per class");
  }
  if (result.slos.length === 0) {
    expect(cli).toContain("no SLOs");
    expect(formatHtmlReport(result, { scenarioFile: "x.yaml" })).toContain(`<span class="verdict none">no SLOs</span>`);
  }
}

describe.concurrent("library scenarios show what their headers promise", () => {
  it("network-partition: acknowledged writes lost and leaders per cluster", () => {
    const result = run("network-partition");
    const table = tableOf(result, "replicated");
    expect(table.rows.map((r) => r.key)).toEqual(["orders-raft", "orders-async"]);
    expect(cell(table, "orders-async", "acknowledged writes lost")).toBe(result.replicated[1]!.writesLost);
    expect(cell(table, "orders-async", "acknowledged writes lost")).toBeGreaterThan(1000);
    expect(cell(table, "orders-raft", "acknowledged writes lost")).toBe(0);
    for (const row of ["orders-raft", "orders-async"]) for (const column of ["acknowledged writes lost", "most leaders", "split-brain time", "writes unavailable"]) expectShown(result, table, row, column);
    expect(formatHtmlReport(result, { scenarioFile: "x.yaml" })).toContain("Leaders at once per replicated service");
    expectHonestHeadline(result);
  });

  it("db-failover: RPO and RTO per replication mode, and each failover's phases", () => {
    const result = run("db-failover");
    const table = tableOf(result, "databases");
    expect(table.rows.map((r) => cell(table, r.key, "mode"))).toEqual(["sync, fencing", "semi-sync, fencing", "async, fencing"]);
    for (const row of table.rows) for (const column of ["RTO", "RPO writes", "RPO"]) expectShown(result, table, row.key, column);
    expect(cell(table, "orders-sync", "RPO writes")).toBe(0);
    expect(cell(table, "orders-async", "RPO writes")).toBeGreaterThan(0);
    const failovers = tableOf(result, "failovers");
    expectPhasesSumToRto(failovers);
    // Both failovers count from the injected fault: the partition at 2:00, the zone crash at 5:00.
    for (const row of failovers.rows) expect(cell(failovers, row.key, "from")).toBe("injected fault");
    expect(failovers.rows.map((row) => cell(failovers, row.key, "failed at"))).toEqual(expect.arrayContaining([120_000, 300_000]));
    expect(formatHtmlReport(result, { scenarioFile: "x.yaml" })).toContain("Replica lag per database");
    expectHonestHeadline(result);
  });

  it("hpc-batch: makespan and utilisation per policy, and no row of dashes", () => {
    const result = run("hpc-batch");
    const table = tableOf(result, "batch-policies");
    expect(table.rows.map((r) => r.key)).toEqual(["fifo", "easy-backfill"]);
    for (const row of ["fifo", "easy-backfill"]) for (const column of ["utilisation", "makespan", "mean wait", "backfilled"]) expectShown(result, table, row, column);
    expect(formatResultTable(result)).toMatch(/^fifo\s+71\.4%\s+24\.9 h/m);
    const html = formatHtmlReport(result, { scenarioFile: "x.yaml" });
    expect(html).not.toContain("SLOs PASS");
    expect(html).not.toContain("Nothing happened");
    expect(html).not.toContain("Latency of successful requests"); // no empty request charts
    expect(html).toContain("Nodes serving (solid) and in the group");
    expectHonestHeadline(result);
  });

  it("heartbeat-tuning: detection time and false suspicions per detector", () => {
    const result = run("heartbeat-tuning");
    const table = tableOf(result, "detectors");
    expect(table.rows.map((r) => r.key)).toEqual(result.faults.detectors.map((d) => d.name));
    for (const row of table.rows) for (const column of ["detection mean", "false suspicions", "false suspicions/h"]) expectShown(result, table, row.key, column);
    expectHonestHeadline(result);
  });

  for (const [name, designs] of [["gray-failure", ["rr", "lor", "p2c"]], ["retry-storm", ["naive", "budget", "breaker"]], ["rolling-update", ["blue", "green"]], ["cdn-launch", ["us-users", "eu-users", "ap-users"]]] as const) {
    it(`${name}: a row per design (class), side by side`, () => {
      const result = run(name);
      const table = tableOf(result, "classes");
      expect(table.rows.map((r) => r.key)).toEqual([...designs, "all"]);
      for (const row of designs) for (const column of ["success rate", "p99"]) expectShown(result, table, row, column);
      expectHonestHeadline(result);
    });
  }

  it("rolling-update: progress and serving capacity of the update", () => {
    const result = run("rolling-update");
    const table = tableOf(result, "rolling-updates");
    for (const row of table.rows) for (const column of ["replaced", "fewest serving", "serving capacity low", "p99 at node, old", "p99 at node, new"]) expectShown(result, table, row.key, column);
    // Serving capacity with booting and draining apart, and the time at a node by version.
    expect(formatResultTable(result)).toMatch(/^capacity\s+serving [\d.]+% of provisioned node-time · booting [\d.]+% · draining [\d.]+% \(planned, not failures\) · down 0\.0%$/m);
    expect(formatHtmlReport(result, { scenarioFile: "x.yaml" })).toContain("Time at a node by version");
    expect(formatHtmlReport(result, { scenarioFile: "x.yaml" })).toContain("p99 time at a node by version");
  });

  it("cache-stampede and cdn-launch: hit ratio, origin offload and origin peak per cache", () => {
    for (const name of ["cache-stampede", "cdn-launch"]) {
      const result = run(name);
      const table = tableOf(result, "caches");
      expect(table.rows.map((r) => r.key)).toEqual(result.caches.map((c) => c.service));
      for (const row of table.rows) for (const column of ["hit ratio", "origin offload", "origin peak"]) expectShown(result, table, row.key, column);
      expectHonestHeadline(result);
    }
    const stampede = run("cache-stampede");
    expect(formatHtmlReport(stampede, { scenarioFile: "x.yaml" })).toContain("Cache hit ratio per window");
    expect(cell(tableOf(stampede, "caches"), stampede.caches[0]!.service, "restarts")).toBeGreaterThan(0);
  });

  it("region-dr-drill: RTO, RPO and DNS phases of the region failover", () => {
    const result = run("region-dr-drill");
    const table = tableOf(result, "regions");
    expect(table.rows.length).toBeGreaterThan(0);
    for (const column of ["detection", "DNS", "RTO", "RPO writes"]) expectShown(result, table, table.rows[0]!.key, column);
    tableOf(result, "databases");
    // The region failover's listed phases give its RTO (the fail back's: engine/scenario/data-scenarios.test.ts).
    const failovers = tableOf(result, "failovers");
    expect(cell(failovers, failovers.rows[0]!.key, "kind")).toBe("failover");
    expect(cell(failovers, failovers.rows[0]!.key, "from")).toBe("region outage");
    expectPhasesSumToRto(failovers);
    expectHonestHeadline(result);
  });

  for (const name of ["three-tier", "black-friday", "zone-outage-at-peak", "replay-last-black-friday"]) {
    it(`${name}: an honest headline`, () => {
      const result = run(name);
      expectHonestHeadline(result);
      if (name === "black-friday") for (const column of ["scale-ups", "most ordered, not serving", "boot lag"]) expectShown(result, tableOf(result, "autoscaling"), result.autoscaling[0]!.group, column);
      if (name === "zone-outage-at-peak") tableOf(result, "health-checks");
    });
  }

  it("hpc-batch with replications: no table of dashes, the first seed's policies instead", () => {
    const outcome = runCli(["run", "hpc-batch", "-r", "2", "-q"]);
    expect(outcome.stdout).toMatch(/^requests\s+none in these runs/m);
    expect(outcome.stdout).not.toMatch(/^latency p99\s+—/m);
    expect(outcome.stdout).toMatch(/^The first run's tables \(seed \d+\): mechanisms and classes side by side\n\nBatch queue policies/m);
    expect(outcome.stdout).toMatch(/^easy-backfill\s+87\.5%\s+20\.3 h/m);
  });
});
