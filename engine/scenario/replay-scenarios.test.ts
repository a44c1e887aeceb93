/**
 * Recorded traffic through the whole path (schema, compile, model): several series driving
 * several classes, an access log's paths deciding classes, Prometheus sources handed in by
 * the caller, and the notes a compile passes on.
 */
import { describe, expect, it } from "vitest";
import { loadScenario, requiredQueries, simulate } from "../index";
import { prometheusSourceKey } from "./schema-replay";

const T0 = Date.parse("2025-11-28T12:00:00Z") / 1000;

function scenario(workload: string, classes = "browse, buy"): string {
  const classList = classes.split(", ").map((name) => `    - { name: ${name}, call: { service: api } }`).join("\n");
  return `
version: 1
name: replay-classes
run: { duration: 10m, window: 1m }
topology:
  groups: [{ name: api, count: 4, cores: 8 }]
services:
  - { name: api, groups: [api], serviceTime: 2ms }
workload:
${workload}
  classes:
${classList}
`;
}

function matrix(result: unknown[]): string {
  return JSON.stringify({ status: "success", data: { resultType: "matrix", result } });
}

/** Ten one-minute samples per series: browse 90/s then 20/s; buy 10/s then 80/s (from minute 5). */
const TWO_SERIES = matrix([
  { metric: { handler: "/products" }, values: Array.from({ length: 10 }, (_, i) => [T0 + 60 * (i + 1), i < 5 ? "90" : "20"]) },
  { metric: { handler: "/checkout" }, values: Array.from({ length: 10 }, (_, i) => [T0 + 60 * (i + 1), i < 5 ? "10" : "80"]) },
]);

describe("several Prometheus series driving several classes", () => {
  const text = scenario(`  rate:
    replay:
      file: shop.json
      format: prometheus
      classes: { browse: { handler: /products }, buy: 1 }`);

  it("draws each arrival's class from the recorded rates at its time", () => {
    const result = simulate(text, { files: { "shop.json": TWO_SERIES } });
    const [browse, buy] = result.series.classes;
    for (let w = 0; w < 10; w++) {
      const total = browse!.succeededPerS[w]! + buy!.succeededPerS[w]!;
      const share = buy!.succeededPerS[w]! / total;
      const expected = w < 5 ? 0.1 : 0.8;
      // Binomial: n = 6000 requests a window; SE = sqrt(p (1 - p) / n) <= 0.0065; allow 5 SE.
      expect(Math.abs(share - expected), `window ${w}`).toBeLessThan(5 * Math.sqrt((expected * (1 - expected)) / (total * 60)));
      // The total follows the sum of the series (100/s): Poisson SE sqrt(6000)/60 = 1.3/s; 5 SE.
      expect(Math.abs(result.series.offeredPerS[w]! - 100), `window ${w}`).toBeLessThan(6.5);
    }
  });

  it("reports a class without a series, an unknown class and a CSV column name given for Prometheus", () => {
    const bad = scenario(`  rate:
    replay:
      file: shop.json
      format: prometheus
      classes: { brwse: 0, buy: checkout }`);
    const loaded = loadScenario(bad, { files: { "shop.json": TWO_SERIES } });
    expect(loaded.ok).toBe(false);
    if (loaded.ok) return;
    expect(loaded.problems.map((p) => `${p.path}: ${p.message}`)).toEqual([
      'workload.rate.replay.classes.brwse: no request class named "brwse" (did you mean "browse"?)',
      "workload.rate.replay.classes: every request class needs its series or column; missing: browse",
      'workload.rate.replay.classes.buy: a Prometheus series is chosen by index or labels ({ handler: "/x" }), got the column name "checkout"',
    ]);
  });
});

describe("an access log's paths deciding classes", () => {
  it("replays each logged request as the class its path maps to", () => {
    const rows = ["time,path"];
    for (let i = 0; i < 600; i++) rows.push(`2025-11-28T12:00:${String(Math.floor(i / 10)).padStart(2, "0")}.${i % 10}00Z,${i % 3 === 0 ? "/checkout/pay" : `/products/${i}`}`);
    const text = scenario(`  trace:
    file: access.csv
    column: time
    classes:
      column: path
      match:
        - { value: "/checkout*", class: buy }
        - { value: "*", class: browse }`).replace("duration: 10m", "duration: 2m");
    const result = simulate(text, { files: { "access.csv": rows.join("\n") } });
    const counts = result.classes.map((c) => c.offered);
    expect(counts).toEqual([400, 200]);
  });
});

describe("a Prometheus source", () => {
  const text = scenario(`  rate:
    replay:
      source:
        prometheus: http://prometheus:9090
        query: sum by (handler) (rate(http_requests_total[1m]))
        start: 2025-11-28T12:01:00Z
        end: 2025-11-28T12:10:00Z
        step: 1m
      classes: { browse: 0, buy: 1 }`);

  it("names the query for the caller to fetch and replays the text handed in under its key", () => {
    const parsed = loadScenario(text, { files: { [prometheusSourceKey("workload.rate.replay.source")]: TWO_SERIES } });
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    expect(requiredQueries(parsed.scenario)).toEqual([{
      key: "prometheus:workload.rate.replay.source",
      path: "workload.rate.replay.source",
      url: "http://prometheus:9090",
      query: "sum by (handler) (rate(http_requests_total[1m]))",
      startMs: Date.parse("2025-11-28T12:01:00Z"),
      endMs: Date.parse("2025-11-28T12:10:00Z"),
      stepMs: 60_000,
    }]);
    // The first sample (12:01) covers 12:00-12:01, so the run's time 0 is 12:00.
    expect(parsed.recordingOriginMs).toBe(T0 * 1000);
  });

  it("says the query was not fetched when nothing was handed in", () => {
    const loaded = loadScenario(text);
    expect(loaded.ok ? [] : loaded.problems.map((p) => p.path)).toEqual(["workload.rate.replay.source"]);
  });

  it("needs exactly one of file and source, and a format with a file", () => {
    const both = loadScenario(scenario(`  rate:
    replay: { file: a.json, source: { query: up, start: 2025-11-28T12:00:00Z, end: 2025-11-28T13:00:00Z, step: 1m } }`));
    expect(both.ok ? [] : both.problems.map((p) => `${p.path}: ${p.message}`)).toEqual([
      "workload.rate.replay: give one of file (a saved export) or source (a Prometheus query)",
      "workload.rate.replay.format: required with file: prometheus or rate-csv",
    ]);
  });
});

describe("notes of the compile", () => {
  it("carry the line of the field naming the data: NaN samples skipped, and the run outlasting the recording", () => {
    const data = matrix([{ metric: {}, values: [[T0 + 60, "10"], [T0 + 120, "NaN"], [T0 + 180, "12"]] }]);
    const loaded = loadScenario(scenario(`  rate:
    replay: { file: r.json, format: prometheus }`, "browse"), { files: { "r.json": data } });
    expect(loaded.ok).toBe(true);
    if (!loaded.ok) return;
    expect(loaded.notes).toEqual([
      { path: "workload.rate.replay.file", line: 11, message: "r.json: skipped 1 NaN sample(s) (the first at data.result[0].values[1]); the next sample's rate covers their interval" },
      { path: "workload.rate.replay.file", line: 11, message: "r.json: the recording covers 3.0 min, the run 10.0 min: no arrivals after 3.0 min" },
    ]);
  });
});
