import { readFileSync, statSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { ParameterError } from "../../core/assert";
import { RandomStreams } from "../../core/rng";
import { RateProfile } from "../../model/rate-profile";
import {
  parseIsoTimestampMs,
  parsePrometheusMatrix,
  parseRateCsv,
  parseTimestampCsv,
  REPLAY_PROBLEMS_MAX,
  scaleRatePoints,
  type RatePointsResult,
  type ReplayProblem,
  type TimestampCsvResult,
} from "./";

/** Seeds for the property tests; a failure message starts with the seed that reproduces it. */
const seeds = Array.from({ length: Number(process.env.CLUSTERSIM_FUZZ_SEEDS ?? 3) }, (_, i) => i + 1);

const DATA_DIR = path.join(path.dirname(new URL(import.meta.url).pathname), "../../../scenarios/data");

function timestamps(result: TimestampCsvResult): number[] {
  if (!result.ok) throw new Error(`expected success, got ${JSON.stringify(result.problems)}`);
  return [...result.timestampsMs];
}

function problemsOf(result: TimestampCsvResult | RatePointsResult): ReplayProblem[] {
  if (result.ok) throw new Error("expected problems, got success");
  return result.problems;
}

function pointsOf(result: RatePointsResult) {
  if (!result.ok) throw new Error(`expected success, got ${JSON.stringify(result.problems)}`);
  return result;
}

describe("parseIsoTimestampMs", () => {
  it("reads UTC, offsets and fractions exactly", () => {
    const read = (text: string) => {
      const result = parseIsoTimestampMs(text);
      if (!result.ok) throw new Error(result.message);
      return result.valueMs;
    };
    expect(read("1970-01-01T00:00:00Z")).toBe(0);
    expect(read("1969-12-31T23:59:59.5Z")).toBe(-500);
    expect(read("2025-11-28T09:05:00-05:00")).toBe(read("2025-11-28T14:05:00Z"));
    expect(read("2025-11-28T15:05:00+0100")).toBe(read("2025-11-28T14:05:00Z"));
    expect(read("2025-11-28 14:05:00.250Z") - read("2025-11-28T14:05:00Z")).toBe(250);
    expect(read("2024-02-29T00:00:00Z") - read("2024-02-28T00:00:00Z")).toBe(86_400_000);
    expect(read("2000-03-01T00:00:00Z") - read("2000-02-28T00:00:00Z")).toBe(2 * 86_400_000); // 2000 is a leap year
    // Sub-ms digits are kept, to the spacing of doubles near 1.7e12 ms: 2^-12 = 0.00024 ms.
    expect(Math.abs(read("2025-01-01T00:00:00.123456Z") - read("2025-01-01T00:00:00Z") - 123.456)).toBeLessThanOrEqual(2 ** -12);
    expect(read("1970-01-01T00:00:00.123456Z")).toBeCloseTo(123.456, 12);
  });

  it("agrees with the platform's ISO reading on random times", () => {
    for (const seed of seeds) {
      const stream = new RandomStreams(seed).get("model/replay-test/iso");
      const pick = (n: number) => Math.floor(stream.next() * n);
      const pad = (n: number, width = 2) => String(n).padStart(width, "0");
      for (let trial = 0; trial < 500; trial++) {
        const year = 1901 + pick(250);
        const month = 1 + pick(12);
        const day = 1 + pick(28 + (month === 2 ? 0 : 2));
        const offsetMinutes = (pick(2) === 0 ? -1 : 1) * pick(14 * 60);
        const zone = pick(4) === 0 ? "Z" : `${offsetMinutes < 0 ? "-" : "+"}${pad(Math.floor(Math.abs(offsetMinutes) / 60))}:${pad(Math.abs(offsetMinutes) % 60)}`;
        const text = `${year}-${pad(month)}-${pad(day)}T${pad(pick(24))}:${pad(pick(60))}:${pad(pick(60))}.${pad(pick(1000), 3)}${zone}`;
        const result = parseIsoTimestampMs(text);
        expect(result.ok && result.valueMs, `seed ${seed} trial ${trial}: ${text}`).toBe(Date.parse(text));
      }
    }
  });

  it("rejects a missing time zone, impossible dates and other shapes with a reason", () => {
    const message = (text: string) => {
      const result = parseIsoTimestampMs(text);
      return result.ok ? "accepted" : result.message;
    };
    expect(message("2025-11-28T14:05:00")).toBe('"2025-11-28T14:05:00" has no time zone; add Z for UTC or an offset like +01:00');
    expect(message("2025-02-29T00:00:00Z")).toBe('day must be 01-28 for 2025-02, got 29 in "2025-02-29T00:00:00Z"');
    expect(message("2025-13-01T00:00:00Z")).toMatch(/^month must be 01-12, got 13/);
    expect(message("2025-11-28T24:00:00Z")).toMatch(/^time of day must be 00:00:00-23:59:59, got 24:00:00/);
    expect(message("2025-11-28T14:05:00+25:00")).toMatch(/^time zone offset must be at most ±23:59, got \+25:00/);
    expect(message("28/11/2025 14:05")).toMatch(/^expected an ISO-8601 time like 2025-11-28T14:05:00.250Z/);
  });
});

describe("parseTimestampCsv", () => {
  it("reads numeric seconds under a header, relative to the first timestamp", () => {
    const result = parseTimestampCsv("timestamp\n10.5\n11\n11\n12.25\n", { unit: "s" });
    expect(timestamps(result)).toEqual([0, 500, 500, 1750]);
    expect(result.ok && result.originMs).toBe(10_500);
    expect(result.ok && result.notes).toEqual([]);
  });

  it("reads headerless milliseconds and keeps them as they are with origin zero", () => {
    expect(timestamps(parseTimestampCsv("0\n7\n7\n", { unit: "ms", origin: "zero" }))).toEqual([0, 7, 7]);
    expect(timestamps(parseTimestampCsv("5\n7\n", { unit: "ms" }))).toEqual([0, 2]);
  });

  it("picks a column by header name or 0-based index, with quoted fields", () => {
    const text = 'path,at\n"/a, b",1000\n/c,1500\n';
    expect(timestamps(parseTimestampCsv(text, { column: "at", unit: "ms" }))).toEqual([0, 500]);
    expect(timestamps(parseTimestampCsv(text, { column: 1, unit: "ms" }))).toEqual([0, 500]);
  });

  it("reads ISO-8601 times, CRLF line ends, a byte-order mark and blank lines", () => {
    const text = "\uFEFFwhen\r\n2025-11-28T14:05:00Z\r\n\r\n2025-11-28T14:05:01.5Z\r\n2025-11-28T09:05:02-05:00\r\n";
    const result = parseTimestampCsv(text, { unit: "s" });
    expect(timestamps(result)).toEqual([0, 1500, 2000]);
    expect(result.ok && result.originMs).toBe(Date.parse("2025-11-28T14:05:00Z"));
  });

  it("reads tab-separated files", () => {
    expect(timestamps(parseTimestampCsv("path\tts\n/a\t3\n/b\t4\n", { column: "ts", unit: "s" }))).toEqual([0, 1000]);
  });

  it("sorts unsorted rows and says where the order broke", () => {
    const result = parseTimestampCsv("t\n5\n3\n\n4\n", { unit: "ms" });
    expect(timestamps(result)).toEqual([0, 1, 2]);
    expect(result.ok && result.notes).toEqual(["timestamps were not in order (line 3 is earlier than line 2); sorted them"]);
  });

  it("reports every bad row with its line number and column", () => {
    const problems = problemsOf(parseTimestampCsv("ts,path\n1,/a\nsoon,/b\n\n2025-11-28T14:05:00,/c\n3\n", { column: "ts", unit: "s" }));
    expect(problems).toEqual([
      { path: "ts", line: 3, message: 'expected a number of seconds or an ISO-8601 time like 2025-11-28T14:05:00Z, got "soon"' },
      { path: "ts", line: 5, message: '"2025-11-28T14:05:00" has no time zone; add Z for UTC or an offset like +01:00' },
    ]);
    expect(problemsOf(parseTimestampCsv("a,b\n1,2\n3\n", { column: 1, unit: "s" }))).toEqual([
      { path: "b", line: 3, message: "the row has 1 field(s), so column 1 is missing" },
    ]);
  });

  it("names the columns when the chosen one is not in the header", () => {
    expect(problemsOf(parseTimestampCsv("Timestamp,path\n1,/a\n", { column: "timestamp", unit: "s" }))).toEqual([
      {
        path: "column",
        line: 1,
        message: 'no column named "timestamp" in the header (line 1: "Timestamp", "path"); names are case-sensitive, or give a 0-based column index',
      },
    ]);
  });

  it("reports an empty file, a header without rows, bad options and unbalanced quotes", () => {
    expect(problemsOf(parseTimestampCsv("\n\n", { unit: "s" }))).toEqual([{ path: "", message: "no rows: expected one timestamp per line" }]);
    expect(problemsOf(parseTimestampCsv("timestamp\n", { unit: "s" }))).toEqual([{ path: "", message: "no timestamps: the file has a header but no data rows" }]);
    const badOptions = { unit: "min" as "s", column: -1, origin: "last" as "first" };
    expect(problemsOf(parseTimestampCsv("1\n", badOptions)).map((p) => p.path)).toEqual(["column", "unit", "origin"]);
    expect(problemsOf(parseTimestampCsv('1\n"2\n', { unit: "s" }))).toEqual([{ path: "", line: 2, message: 'unterminated quote in field 1; close it with "' }]);
  });

  it("refuses negative times and ISO times with origin zero", () => {
    expect(problemsOf(parseTimestampCsv("1\n-2\n", { unit: "s", origin: "zero" }))).toEqual([
      { path: "column 0", line: 2, message: 'a time must be >= 0 with origin "zero", got -2' },
    ]);
    expect(problemsOf(parseTimestampCsv("2025-11-28T14:05:00Z\n", { unit: "s", origin: "zero" }))[0].path).toBe("origin");
  });

  it("lists the first problems and summarises the rest", () => {
    const text = Array.from({ length: 30 }, () => "x").join("\n");
    const problems = problemsOf(parseTimestampCsv(`t\n${text}`, { unit: "s" }));
    expect(problems).toHaveLength(REPLAY_PROBLEMS_MAX + 1);
    expect(problems[REPLAY_PROBLEMS_MAX]).toEqual({ path: "", message: "... and 10 more problems of the same kinds" });
  });
});

describe("parseRateCsv", () => {
  it("turns interval rows into steps from the first interval", () => {
    const result = pointsOf(parseRateCsv("start,rate\n100,10\n160,25.5\n220,0\n", { unit: "s" }));
    expect(result.points).toEqual([
      { atMs: 0, ratePerS: 10 },
      { atMs: 60_000, ratePerS: 10 },
      { atMs: 60_000, ratePerS: 25.5 },
      { atMs: 120_000, ratePerS: 25.5 },
      { atMs: 120_000, ratePerS: 0 },
    ]);
    expect(result.originMs).toBe(100_000);
    const profile = RateProfile.fromPoints(result.points);
    expect(profile.integral(0, 120_000)).toBe(600 + 1530);
  });

  it("picks columns by name, reads ISO times and sorts unsorted rows with a note", () => {
    const text = "rps,region,minute\n20,eu,2025-11-28T14:01:00Z\n10,eu,2025-11-28T14:00:00Z\n";
    const result = pointsOf(parseRateCsv(text, { timeColumn: "minute", rateColumn: "rps", unit: "s" }));
    expect(result.points).toEqual([{ atMs: 0, ratePerS: 10 }, { atMs: 60_000, ratePerS: 10 }, { atMs: 60_000, ratePerS: 20 }]);
    expect(result.notes).toEqual(["rows were not in time order (line 3 is earlier than line 2); sorted them"]);
  });

  it("reports bad rates, missing fields and two rows for one interval", () => {
    expect(problemsOf(parseRateCsv("t,r\n0,5\n1,-3\n2\n3,lots\n", { unit: "s" }))).toEqual([
      { path: "r", line: 3, message: 'expected a rate per second >= 0, got "-3"' },
      { path: "r", line: 4, message: "the row has 1 field(s), so column 1 is missing" },
      { path: "r", line: 5, message: 'expected a rate per second >= 0, got "lots"' },
    ]);
    expect(problemsOf(parseRateCsv("0,5\n1,6\n1,7\n", { unit: "s" }))).toEqual([
      { path: "column 0", line: 3, message: "two rates for the same interval start (also on line 2); keep one row per interval" },
    ]);
  });
});

/** A Prometheus response body with the given series. */
function matrix(result: unknown[], resultType = "matrix"): string {
  return JSON.stringify({ status: "success", data: { resultType, result } });
}

describe("parsePrometheusMatrix", () => {
  it("replays each sample over the interval it ends, (previous sample, t], the first over (t - step, t]", () => {
    const text = matrix([{ metric: { job: "shop" }, values: [[1700000000.123, "100"], [1700000300.123, "250.5"], [1700000600.2, "1e3"]] }]);
    const result = pointsOf(parsePrometheusMatrix(text));
    // The step is the smallest gap, 300 s: time 0 is 300 s before the first sample; the rate is 0 after the last.
    expect(result.points).toEqual([{ atMs: 0, ratePerS: 100 }, { atMs: 300_000, ratePerS: 250.5 }, { atMs: 600_000, ratePerS: 1000 }, { atMs: 900_077, ratePerS: 0 }]);
    expect(result.labels).toEqual({ job: "shop" });
    expect(result.originMs).toBe(1_700_000_000_123 - 300_000);
  });

  it("relays a Prometheus error with its text", () => {
    const text = JSON.stringify({ status: "error", errorType: "bad_data", error: 'parse error at char 5: unexpected "}"' });
    expect(problemsOf(parsePrometheusMatrix(text))).toEqual([{ path: "error", message: 'Prometheus returned an error (bad_data): parse error at char 5: unexpected "}"' }]);
  });

  it("asks for a range query when given an instant vector", () => {
    const [problem] = problemsOf(parsePrometheusMatrix(matrix([{ metric: {}, value: [1, "2"] }], "vector")));
    expect(problem).toEqual({
      path: "data.resultType",
      message: 'expected "matrix" (a range query), got an instant query result ("vector"); export a range query (/api/v1/query_range) so the file holds a series over time',
    });
  });

  it("lists the series' labels when several match and none is chosen", () => {
    const values = [[1, "1"], [2, "1"]];
    const text = matrix([
      { metric: { __name__: "http_rps", job: "shop", zone: "a" }, values },
      { metric: { job: "shop", zone: "b" }, values },
      { metric: { job: "cart", zone: "a" }, values },
    ]);
    expect(problemsOf(parsePrometheusMatrix(text))).toEqual([
      {
        path: "data.result",
        message: 'the result has 3 series; choose one with series: (an index or labels to match), or give each request class its own with classes:; the series are [0] http_rps{job="shop", zone="a"}, [1] {job="shop", zone="b"}, [2] {job="cart", zone="a"}',
      },
    ]);
    expect(pointsOf(parsePrometheusMatrix(text, { series: 2 })).labels).toEqual({ job: "cart", zone: "a" });
    expect(pointsOf(parsePrometheusMatrix(text, { series: { zone: "b" } })).labels).toEqual({ job: "shop", zone: "b" });
    expect(problemsOf(parsePrometheusMatrix(text, { series: { job: "shop" } }))[0].message).toBe(
      '2 series have the labels {job="shop"}; add labels to pick one of: [0] http_rps{job="shop", zone="a"}, [1] {job="shop", zone="b"}',
    );
    expect(problemsOf(parsePrometheusMatrix(text, { series: { job: "api" } }))[0].message).toMatch(/^no series has the labels \{job="api"\}; the series are: \[0\]/);
    expect(problemsOf(parsePrometheusMatrix(text, { series: 3 }))[0]).toMatchObject({ path: "series", message: expect.stringMatching(/^index 3 is not one of the 3 series \(0-2\)/) });
  });

  it("skips NaN samples with a note and rejects infinite, negative and unordered ones", () => {
    const withNaN = pointsOf(parsePrometheusMatrix(matrix([{ metric: {}, values: [[0, "NaN"], [60, "5"], [120, "NaN"], [180, "7"]] }])));
    // The step is 60 s (NaN samples count for it); the sample at 180 s also covers the NaN one at 120 s.
    expect(withNaN.points).toEqual([{ atMs: 0, ratePerS: 5 }, { atMs: 60_000, ratePerS: 7 }, { atMs: 180_000, ratePerS: 0 }]);
    expect(withNaN.originMs).toBe(0);
    expect(withNaN.notes).toEqual(["skipped 2 NaN sample(s) (the first at data.result[0].values[0]); the next sample's rate covers their interval"]);
    const bad = matrix([{ metric: {}, values: [[0, "+Inf"], [60, "-1"], [30, "2"], [90]] }]);
    expect(problemsOf(parsePrometheusMatrix(bad))).toEqual([
      { path: "data.result[0].values[0][1]", message: 'expected a rate per second >= 0 as a string like "1234.5", got "+Inf"' },
      { path: "data.result[0].values[1][1]", message: 'expected a rate per second >= 0 as a string like "1234.5", got "-1"' },
      { path: "data.result[0].values[2][0]", message: "sample times must increase, got 30 after 60" },
      { path: "data.result[0].values[3]", message: 'expected [unix seconds, "value"], got [90]' },
    ]);
    expect(problemsOf(parsePrometheusMatrix(matrix([{ metric: {}, values: [[0, "NaN"]] }])))[0].message).toBe("every sample is NaN (1); the query returned no data");
  });

  it("reports invalid JSON with its line, and responses of the wrong shape", () => {
    const [problem] = problemsOf(parsePrometheusMatrix('{\n"status": "success",\n"data": }'));
    expect(problem.message).toMatch(/^not valid JSON: /);
    if (/position/.test(problem.message)) expect(problem.line).toBe(3);
    expect(problemsOf(parsePrometheusMatrix("[1, 2]"))[0].message).toMatch(/^expected a Prometheus API response object/);
    expect(problemsOf(parsePrometheusMatrix(JSON.stringify({ status: "pending" })))[0]).toEqual({ path: "status", message: 'expected "success", got "pending"' });
    expect(problemsOf(parsePrometheusMatrix(matrix([])))[0]).toEqual({ path: "data.result", message: "the result has no series; check that the query matches data in the chosen time range" });
    expect(problemsOf(parsePrometheusMatrix(matrix([{ metric: {}, values: [] }])))[0].path).toBe("data.result[0].values");
  });
});

describe("scaleRatePoints", () => {
  it("multiplies rates, keeps times and rejects a negative factor", () => {
    const input = [{ atMs: 0, ratePerS: 10 }, { atMs: 5, ratePerS: 4 }];
    expect(scaleRatePoints(input, 1.5)).toEqual([{ atMs: 0, ratePerS: 15 }, { atMs: 5, ratePerS: 6 }]);
    expect(input[0].ratePerS).toBe(10);
    expect(() => scaleRatePoints(input, -1)).toThrow(new ParameterError("growthFactor", "must be a finite number >= 0, got -1"));
  });
});

describe("the fixture files in scenarios/data", () => {
  it("parses black-friday-2025.prom.json: one day at 5-minute steps with the spike at 13:00-14:00 UTC", () => {
    const file = path.join(DATA_DIR, "black-friday-2025.prom.json");
    expect(statSync(file).size).toBeLessThan(40_000);
    const result = pointsOf(parsePrometheusMatrix(readFileSync(file, "utf8")));
    // 289 samples from 00:00 to 24:00: time 0 is 23:55 the day before, and the rate ends at 24:00.
    expect(result.points).toHaveLength(24 * 12 + 2);
    expect(result.points[result.points.length - 1]).toEqual({ atMs: 86_400_000 + 300_000, ratePerS: 0 });
    expect(result.originMs).toBe(Date.parse("2025-11-28T00:00:00Z") - 300_000);
    expect(result.labels).toEqual({ job: "storefront" });
    expect(result.notes).toEqual([]);
    const peak = result.points.reduce((best, point) => (point.ratePerS > best.ratePerS ? point : best));
    expect(peak.atMs / 3_600_000).toBeGreaterThanOrEqual(13.25);
    expect(peak.atMs / 3_600_000).toBeLessThanOrEqual(14);
    const profile = RateProfile.fromPoints(result.points);
    expect(profile.peakRatePerS(0, 86_400_000)).toBeGreaterThan(3 * profile.meanRatePerS(0, 86_400_000));
  });

  it("parses arrivals-sample.csv: a few hundred sorted ISO timestamps", () => {
    const result = parseTimestampCsv(readFileSync(path.join(DATA_DIR, "arrivals-sample.csv"), "utf8"), { column: "timestamp", unit: "s" });
    const times = timestamps(result);
    expect(times.length).toBe(400);
    expect(times[0]).toBe(0);
    expect(result.ok && result.notes).toEqual([]);
    expect(result.ok && result.originMs).toBe(Date.parse("2025-11-28T13:05:00.303Z"));
  });
});
