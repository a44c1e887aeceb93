/**
 * The exporter without a Prometheus: `le` bounds that are engine bucket bounds, exact
 * regrouping, the OpenMetrics text of a small family, counters and burn rates from a Result,
 * and the CLI's outputs (all or none, --start checked before running).
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { LatencyHistogram, type Result } from "../../engine";
import { runCli } from "../test-support/run-cli";
import { cumulativeCounts, leBounds } from "./latency-buckets";
import { buildFamilies } from "./metric-families";
import { formatSeriesCsv } from "./series-csv";
import { formatOpenMetrics, formatTimestamp } from "./openmetrics";

describe("the latency buckets", () => {
  const histogram = new LatencyHistogram();
  const bounds = leBounds(histogram);

  it("are 61 engine bucket bounds, each within half an engine bucket (0.5 %) of 10^(j/10) s", () => {
    expect(bounds).toHaveLength(61);
    bounds.forEach((bound, i) => {
      expect(bound.leSeconds).toBe(histogram.upperBoundMs(bound.lastIndex) / 1000);
      const target = 10 ** ((i - 40) / 10);
      expect(Math.abs(Math.log(bound.leSeconds / target))).toBeLessThan(0.0051);
    });
  });

  it("count exactly the values at or below each bound", () => {
    // Log-uniform from 3 µs to 300 s by the golden-ratio sequence (evenly spread, no two alike).
    const valuesMs: number[] = [];
    for (let i = 0; i < 20_000; i++) valuesMs.push(10 ** ((((i * 0.6180339887498949) % 1) * 8) - 2.5));
    for (const value of valuesMs) histogram.record(value);
    const counts = cumulativeCounts(histogram, bounds);
    bounds.forEach((bound, i) => {
      // These values are never within float noise of a bound, so direct counting agrees.
      expect(counts[i], `le ${bound.leSeconds}`).toBe(valuesMs.filter((v) => v <= bound.leSeconds * 1000).length);
    });
    expect(counts[counts.length - 1]).toBe(20_000);
  });
});

describe("OpenMetrics text", () => {
  it("writes help, type, unit, samples with second timestamps, a histogram's points and # EOF", () => {
    const text = formatOpenMetrics([
      { name: "x_requests", type: "counter", unit: "", help: "Requests.", series: [{ labels: [["class", 'a"b']], points: [{ timestampMs: 1000, value: 0 }, { timestampMs: 1500, value: 3 }] }] },
      { name: "x_seconds", type: "histogram", unit: "seconds", help: "Latency.", series: [{ labels: [], leSeconds: [0.1], points: [{ timestampMs: 1500, buckets: [2, 3], count: 3, sumSeconds: 0.35 }] }] },
    ]);
    expect(text).toBe([
      "# HELP x_requests Requests.",
      "# TYPE x_requests counter",
      'x_requests_total{class="a\\"b"} 0 1.000',
      'x_requests_total{class="a\\"b"} 3 1.500',
      "# HELP x_seconds Latency.",
      "# TYPE x_seconds histogram",
      "# UNIT x_seconds seconds",
      'x_seconds_bucket{le="0.1"} 2 1.500',
      'x_seconds_bucket{le="+Inf"} 3 1.500',
      "x_seconds_count 3 1.500",
      "x_seconds_sum 0.35 1.500",
      "# EOF",
      "",
    ].join("\n"));
    expect(formatTimestamp(1_764_230_460_007)).toBe("1764230460.007");
  });
});

/** A two-window Result with just what the families read. */
function tinyResult(): Result {
  return {
    scenario: "tiny", seed: 3, durationMs: 2000, warmupMs: 0, windowMs: 1000,
    series: {
      windowMs: 1000, startMs: [0, 1000], offeredPerS: [10, 20], succeededPerS: [9, 18], failedPerS: [1, 2], errorRate: [0.1, 0.1],
      latencyP50Ms: [5, 6], latencyP99Ms: [50, 60], latencyP999Ms: [70, 80], inSystem: [1, 2],
      groups: [{ name: "web", utilisation: [0.5, null], queueLengthMean: [0, 1], nodesUp: [2, 2], nodesTotal: [2, 2] }],
      classes: [{ name: "all", succeededPerS: [9, 18], failedPerS: [1, 2], latencyP99Ms: [50, 60] }],
      replicated: [], rollingUpdates: [],
    },
    caches: [], databases: [], replicated: [], timeline: [],
  } as unknown as Result;
}

describe("metric families of a Result", () => {
  it("make counters cumulative from 0 at the start and leave windows without a value out", () => {
    const families = buildFamilies({ result: tinyResult(), startEpochMs: 1_000_000, slos: [{ name: "ok", availability: 0.99 }] });
    const requests = families.find((f) => f.name === "clustersim_requests")!;
    expect(requests.series[0]).toEqual({ labels: [["scenario", "tiny"], ["seed", "3"], ["class", "all"], ["outcome", "success"]], points: [{ timestampMs: 1_000_000, value: 0 }, { timestampMs: 1_001_000, value: 9 }, { timestampMs: 1_002_000, value: 27 }] });
    const utilisation = families.find((f) => f.name === "clustersim_group_utilisation_ratio")!;
    expect(utilisation.series[0]!.points).toEqual([{ timestampMs: 1_001_000, value: 0.5 }]);
    // Burn rate: 10 % of requests failed against a 1 % budget.
    const burn = families.find((f) => f.name === "clustersim_slo_burn_rate")!;
    for (const point of burn.series[0]!.points) expect((point as { value: number }).value).toBeCloseTo(10, 12);
    expect(burn.series[0]!.points).toHaveLength(2);
  });
});

describe("mechanism series in the exports", () => {
  const result = tinyResult();
  result.replicated = [{ service: "orders" }] as unknown as Result["replicated"];
  result.series.replicated = [{ name: "orders", leadersMax: [1, 2] }];
  result.series.rollingUpdates = [{ name: "web", oldVersionMs: [40, null], newVersionMs: [null, 55], oldVersionP99Ms: [120, null], newVersionP99Ms: [null, 160] }];

  it("give leaders at once and time at a node per version as gauges, a window without a value left out", () => {
    const families = buildFamilies({ result, startEpochMs: 0, slos: [] });
    const leaders = families.find((f) => f.name === "clustersim_leaders")!;
    expect(leaders.series.map((s) => [s.labels.at(-1), s.points])).toEqual([[["service", "orders"], [{ timestampMs: 1000, value: 1 }, { timestampMs: 2000, value: 2 }]]]);
    const versions = families.find((f) => f.name === "clustersim_version_time_at_node_seconds")!;
    expect(versions.series.map((s) => [s.labels.slice(2), s.points])).toEqual([
      [[["group", "web"], ["version", "old"]], [{ timestampMs: 1000, value: 0.04 }]],
      [[["group", "web"], ["version", "new"]], [{ timestampMs: 2000, value: 0.055 }]],
    ]);
    const p99 = families.find((f) => f.name === "clustersim_version_time_at_node_p99_seconds")!;
    expect(p99.series.map((s) => [s.labels.slice(2), s.points])).toEqual([
      [[["group", "web"], ["version", "old"]], [{ timestampMs: 1000, value: 0.12 }]],
      [[["group", "web"], ["version", "new"]], [{ timestampMs: 2000, value: 0.16 }]],
    ]);
  });

  it("give them CSV columns, a window without a value an empty cell", () => {
    const [header, first, second] = formatSeriesCsv([result], 0).split("\n").map((line) => line.split(","));
    const column = (name: string) => header!.indexOf(name);
    expect([first![column("replicated:orders:leaders_max")], second![column("replicated:orders:leaders_max")]]).toEqual(["1", "2"]);
    expect([first![column("update:web:old_version_ms")], second![column("update:web:old_version_ms")]]).toEqual(["40", ""]);
    expect([first![column("update:web:new_version_ms")], second![column("update:web:new_version_ms")]]).toEqual(["", "55"]);
    expect([first![column("update:web:old_version_p99_ms")], second![column("update:web:new_version_p99_ms")]]).toEqual(["120", "160"]);
  });
});

describe("clustersim run --metrics-out --series-out", () => {
  it("writes both files or neither, and checks --start before running", () => {
    const dir = mkdtempSync(path.join(tmpdir(), "clustersim-export-"));
    try {
      const broken = runCli(["run", "three-tier", "-d", "5s", "--set", "run.warmup=0s", "-q", "--metrics-out", path.join(dir, "no/such/dir/m.om"), "--series-out", path.join(dir, "s.csv")]);
      expect(broken.code).toBe(2);
      expect(existsSync(path.join(dir, "s.csv"))).toBe(false);
      const badStart = runCli(["run", "three-tier", "-d", "5s", "--set", "run.warmup=0s", "-q", "--series-out", path.join(dir, "s.csv"), "--start", "yesterday"]);
      expect(badStart.stderr).toMatch(/--start must be an ISO-8601 time with a zone like 2026-11-27T08:00:00Z, got "yesterday"/);
      expect(badStart.code).toBe(2);
      const ok = runCli(["run", "three-tier", "-d", "5s", "--set", "run.warmup=0s", "-q", "--metrics-out", path.join(dir, "m.om"), "--series-out", path.join(dir, "s.csv")]);
      expect(ok.code).toBe(0);
      const csv = readFileSync(path.join(dir, "s.csv"), "utf8").split("\n");
      expect(csv[0]).toMatch(/^window_start,window_end,scenario,seed,offered_per_s,/);
      // No --start and no run.start: the documented fixed epoch.
      expect(csv[1]).toMatch(/^2026-01-01T00:00:00\.000Z,2026-01-01T00:00:00\.(0|1|2|5)\d\dZ,three-tier,42,/);
      expect(readFileSync(path.join(dir, "m.om"), "utf8").endsWith("# EOF\n")).toBe(true);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
