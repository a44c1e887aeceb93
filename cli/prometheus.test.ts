/**
 * Verified against the real thing: a simulated day exported with `run --metrics-out`, checked
 * by `promtool check metrics`, backfilled with `promtool tsdb create-blocks-from openmetrics`,
 * served by the Prometheus server on 127.0.0.1, and queried over HTTP; PromQL's answers are
 * compared with the Result's own numbers. Then the round trip: a scenario replays the day's
 * request rate straight from that server (`source:` with `--prometheus-url`) and gets the
 * same rate curve.
 *
 * The export starts at a fixed past time (2026-11-26T00:00:00Z): fixed, so the test never
 * reads the clock; in the past, so the blocks never overlap the server's live head block; and
 * the server keeps 100 years of data, because retention drops blocks by age and backfilled
 * blocks are as old as their --start.
 *
 * Skipped, saying why, only when promtool or prometheus is not installed (CI installs them).
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Result } from "../engine";
import { dashboardQueries } from "./test-support/grafana";
import { openMetricsAsPrometheusText, prometheusMissing, promtool, queryRange, startPrometheus, type MatrixSeries, type PrometheusServer } from "./test-support/prometheus";
import { runCli } from "./test-support/run-cli";

const missing = prometheusMissing();
if (missing !== null) console.warn(`skipping the Prometheus tests: ${missing}`);

const START = "2026-11-26T00:00:00Z";
const START_MS = Date.parse(START);
const WINDOW_MS = 300_000;
const DAY_MS = 86_400_000;

/** A simulated day of a small shop: a diurnal rate, two classes, two groups, two SLOs. */
const DAY = `version: 1
name: shop-day
seed: 7
run: { duration: 24h, window: 5m }
topology:
  regions: [{ name: eu, zones: [eu-a, eu-b] }]
  groups:
    - { name: web, count: 4, cores: 2 }
    - { name: db, count: 2, cores: 4 }
services:
  - { name: web, groups: [web], serviceTime: { type: exponential, mean: 20ms } }
  - { name: db, groups: [db], serviceTime: { type: lognormal, median: 5ms, p99: 60ms } }
workload:
  rate:
    diurnal: { mean: 6/s, amplitude: 60%, peakAt: 14h }
  classes:
    - { name: browse, weight: 80%, call: { service: web, calls: [{ service: db }] } }
    - { name: buy, weight: 20%, call: { service: web, timeout: 200ms, calls: [{ service: db, timeout: 150ms }] } }
slos:
  - { name: fast, latency: { percentile: p99, below: 150ms } }
  - { name: available, availability: 99.9% }
`;

/** The same day's offered rate, replayed from Prometheus with deterministic arrivals. */
const REPLAY = `version: 1
name: shop-day-replayed
run: { duration: 24h, window: 5m }
topology:
  groups: [{ name: web, count: 4, cores: 2 }]
services:
  - { name: web, groups: [web], serviceTime: 1ms }
workload:
  arrivals: deterministic
  rate:
    replay:
      source:
        query: sum(rate(clustersim_requests_offered_total{scenario="shop-day"}[5m]))
        start: 2026-11-26T00:05:00Z
        end: 2026-11-27T00:00:00Z
        step: 5m
  classes:
    - { name: all, call: { service: web } }
`;

/** The values of a one-series answer, by window index (the sample at a window's end). */
function byWindow(series: MatrixSeries | undefined): Map<number, number> {
  const values = new Map<number, number>();
  for (const [timeS, value] of series?.values ?? []) values.set(Math.round((timeS * 1000 - START_MS) / WINDOW_MS) - 1, Number(value));
  return values;
}

describe.skipIf(missing !== null)("the export in a real Prometheus", () => {
  let dir = "";
  let result: Result;
  let openMetrics = "";
  let server: PrometheusServer | undefined;
  let blocksOutput = "";
  const range = { startMs: START_MS + WINDOW_MS, endMs: START_MS + DAY_MS, stepMs: WINDOW_MS };

  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), "clustersim-prometheus-"));
    writeFileSync(path.join(dir, "day.yaml"), DAY);
    const run = runCli(["run", "day.yaml", "--metrics-out", "day.om", "--json", "-o", "day.json", "--start", START, "-q"], { cwd: dir });
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    result = JSON.parse(readFileSync(path.join(dir, "day.json"), "utf8")) as Result;
    openMetrics = readFileSync(path.join(dir, "day.om"), "utf8");
    const blocks = promtool(["tsdb", "create-blocks-from", "openmetrics", path.join(dir, "day.om"), path.join(dir, "data")]);
    expect(blocks.stderr).toBe("");
    expect(blocks.code).toBe(0);
    blocksOutput = blocks.stdout;
    server = await startPrometheus(path.join(dir, "data"));
  });

  afterAll(async () => {
    await server?.stop();
    if (dir !== "") rmSync(dir, { recursive: true, force: true });
  });

  it("passes promtool check metrics, every sample (in the text format promtool reads)", () => {
    // promtool check metrics parses the Prometheus text format (0.0.4), whose timestamps are
    // integer ms: OpenMetrics' float seconds are a parse error there. The file's OpenMetrics
    // syntax is checked by create-blocks-from openmetrics (beforeAll), which parses it strictly.
    const lint = promtool(["check", "metrics"], openMetricsAsPrometheusText(openMetrics));
    expect(`${lint.stdout}${lint.stderr}`).toBe("");
    expect(lint.code).toBe(0);
  });

  it("becomes TSDB blocks holding every sample of the file", () => {
    const samples = openMetrics.split("\n").filter((line) => line !== "" && !line.startsWith("#")).length;
    const inBlocks = blocksOutput.split("\n").slice(1).filter((line) => line.trim() !== "").reduce((sum, line) => sum + Number(line.trim().split(/\s+/)[4]), 0);
    expect(inBlocks).toBe(samples);
  });

  it("gives each window's request rate per class through rate(), as the Result has it", async () => {
    const answer = await queryRange(server!.url, 'sum by (class) (rate(clustersim_requests_total{scenario="shop-day", outcome="success"}[5m]))', range);
    for (const cls of result.series.classes) {
      const values = byWindow(answer.find((series) => series.metric.class === cls.name));
      expect(values.size).toBe(288);
      // rate() over one window's range (Prometheus 2 ranges include both ends) sees that
      // window's two counter samples and divides their difference by 300 s: the Result's count
      // over the window's 300 s, to the last bits of a double.
      for (const [w, value] of values) expect(value, `${cls.name}, window ${w}`).toBeCloseTo(cls.succeededPerS[w]!, 9);
    }
  });

  it("gives each window's p99 through histogram_quantile within the exported bucket holding the Result's p99", async () => {
    const answer = await queryRange(server!.url, 'histogram_quantile(0.99, sum by (le) (rate(clustersim_request_duration_seconds_bucket{scenario="shop-day"}[5m])))', range);
    const les = [...new Set([...openMetrics.matchAll(/_bucket\{[^}]*le="([^"+]+)"/g)].map((m) => Number(m[1])))].sort((a, b) => a - b);
    const values = byWindow(answer[0]);
    expect(values.size).toBe(288);
    for (const [w, promSeconds] of values) {
      // Both quantiles fall in the same `le` bucket (the bounds are engine bucket bounds, and
      // Prometheus interpolates linearly inside the bucket), so they differ by less than its
      // width: at most a factor 10^(1/10) = 1.26.
      const resultSeconds = result.series.latencyP99Ms[w]! / 1000;
      const bucket = les.findIndex((le) => resultSeconds <= le);
      const lower = bucket > 0 ? les[bucket - 1]! : 0;
      expect(promSeconds, `window ${w}: Result p99 ${resultSeconds} s in (${lower}, ${les[bucket]}]`).toBeGreaterThanOrEqual(lower);
      expect(promSeconds, `window ${w}`).toBeLessThanOrEqual(les[bucket]!);
    }
  });

  it("gives each group's utilisation exactly as the Result has it", async () => {
    const answer = await queryRange(server!.url, 'clustersim_group_utilisation_ratio{scenario="shop-day"}', range);
    for (const group of result.series.groups) {
      const values = byWindow(answer.find((series) => series.metric.group === group.name));
      expect(values.size).toBe(288);
      // A gauge written with its shortest round-trip digits comes back as the same double.
      for (const [w, value] of values) expect(value, `${group.name}, window ${w}`).toBe(group.utilisation[w]);
    }
  });

  it("answers every query of the Grafana dashboard with data", async () => {
    const empty: string[] = [];
    for (const query of dashboardQueries()) {
      const expr = query.replaceAll("$rate_window", "5m").replaceAll("$scenario", "shop-day").replaceAll("$seed", "7");
      if (expr.startsWith("label_values(")) continue;
      const answer = await queryRange(server!.url, expr, range);
      if (answer.length === 0 && !/cache|replica_lag|leader|version_time/.test(expr)) empty.push(expr);
    }
    expect(empty).toEqual([]);
  });

  it("round trip: a scenario replaying the day's rate from this server gets the same rate curve", () => {
    writeFileSync(path.join(dir, "replay.yaml"), REPLAY);
    const run = runCli(["run", "replay.yaml", "--prometheus-url", server!.url, "--json", "-o", "replay.json", "--series-out", "replay.csv", "-q"], { cwd: dir });
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    const replayed = JSON.parse(readFileSync(path.join(dir, "replay.json"), "utf8")) as Result;
    // Deterministic arrivals deliver each window's expected count give or take the one
    // arrival straddling its edges: the same count as the day's, +-1, in every window.
    result.series.offeredPerS.forEach((perS, w) => {
      expect(Math.abs(replayed.series.offeredPerS[w]! - perS) * 300, `window ${w}`).toBeLessThanOrEqual(1 + 1e-9);
    });
    // The sample at 00:05 covers 00:00-00:05: the replay's time 0 is the day's, so its series
    // land on the same wall-clock times.
    expect(readFileSync(path.join(dir, "replay.csv"), "utf8").split("\n")[1]!.startsWith("2026-11-26T00:00:00.000Z,2026-11-26T00:05:00.000Z,")).toBe(true);
  });
});
