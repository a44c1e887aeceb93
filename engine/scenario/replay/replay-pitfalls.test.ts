/**
 * The pitfalls of replaying recorded traffic: counters mistaken for rates, which interval a
 * sample describes, windows of long recordings, several series or columns for several
 * classes, access-log columns deciding classes.
 */
import { describe, expect, it } from "vitest";
import { RandomStreams } from "../../core/rng";
import { formatIsoUtc, parsePrometheusClasses, parsePrometheusMatrix, parseRateCsv, parseRateCsvClasses, parseTimestampCsv, type ClassRatesResult, type RatePointsResult, type ReplayProblem } from "./";

function matrix(result: unknown[]): string {
  return JSON.stringify({ status: "success", data: { resultType: "matrix", result } });
}

function ok<T extends { ok: boolean }>(result: T): Extract<T, { ok: true }> {
  if (!result.ok) throw new Error(`expected success, got ${JSON.stringify((result as unknown as { problems: ReplayProblem[] }).problems)}`);
  return result as Extract<T, { ok: true }>;
}

function problems(result: RatePointsResult | ClassRatesResult | { ok: boolean; problems?: ReplayProblem[] }): ReplayProblem[] {
  if (result.ok) throw new Error("expected problems, got success");
  return (result as { problems: ReplayProblem[] }).problems;
}

/** n samples a minute apart from 2025-11-28T00:01:00Z with the given values. */
function samples(values: number[]): Array<[number, string]> {
  const t0 = Date.parse("2025-11-28T00:01:00Z") / 1000;
  return values.map((value, i) => [t0 + 60 * i, String(value)]);
}

describe("a raw counter replayed as a rate", () => {
  it("is refused with the rate() fix when the series is named like a counter", () => {
    const text = matrix([{ metric: { __name__: "http_requests_total", job: "shop" }, values: samples([1, 2]) }]);
    expect(problems(parsePrometheusMatrix(text))).toEqual([{
      path: "data.result[0]",
      message: "the series is http_requests_total, a raw counter (a count since the process started), not a rate per second; replay its rate instead, e.g. sum(rate(http_requests_total[5m]))",
    }]);
  });

  it("is refused when the values only ever grow (18,000 to 2.1 M), unless allowMonotonic", () => {
    const values = Array.from({ length: 24 }, (_, i) => 18_000 + (i * (2_100_000 - 18_000)) / 23);
    const text = matrix([{ metric: { job: "shop" }, values: samples(values) }]);
    const [problem] = problems(parsePrometheusMatrix(text));
    expect(problem!.message).toBe(
      "the values only ever grow (18,000 at 2025-11-28T00:01:00Z to 2.1 M at 2025-11-28T00:24:00Z): this looks like a raw counter such as http_requests_total, which would be replayed as 18,000 requests per second and rising; replay its rate instead, e.g. sum(rate(http_requests_total[5m])) (or set allowMonotonic: true if this rate really only rises)",
    );
    expect(ok(parsePrometheusMatrix(text, { allowMonotonic: true })).points).toHaveLength(25);
    const csv = ["t,rate", ...values.map((v, i) => `${i * 60},${v}`)].join("\n");
    expect(problems(parseRateCsv(csv, { unit: "s" }))[0]).toMatchObject({ path: "rate", message: expect.stringMatching(/^the values only ever grow \(18,000 at line 2 to 2\.1 M at line 25\)/) });
  });

  it("accepts rates that go up and down, short rises and flat series", () => {
    expect(parsePrometheusMatrix(matrix([{ metric: {}, values: samples([5, 9, 7, 12, 11, 30, 28, 40, 39, 60, 58]) }])).ok).toBe(true);
    expect(parsePrometheusMatrix(matrix([{ metric: {}, values: samples([1, 2, 3, 4, 5, 6, 7, 8, 9]) }])).ok).toBe(true);
    expect(parsePrometheusMatrix(matrix([{ metric: {}, values: samples(Array(30).fill(100)) }])).ok).toBe(true);
  });
});

describe("which interval a sample describes", () => {
  it("uses the query's step for the first sample when it is known", () => {
    const text = matrix([{ metric: {}, values: samples([10, 20]) }]);
    const read = ok(parsePrometheusMatrix(text, { stepMs: 30_000 }));
    // The first sample covers the 30 s before it; the second the minute between the two.
    expect(read.points).toEqual([{ atMs: 0, ratePerS: 10 }, { atMs: 30_000, ratePerS: 20 }, { atMs: 90_000, ratePerS: 0 }]);
    expect(read.originMs).toBe(Date.parse("2025-11-28T00:00:30Z"));
  });

  it("notes a gap without samples and lets the sample after it cover the gap", () => {
    const t = Date.parse("2025-11-28T00:00:00Z") / 1000;
    const read = ok(parsePrometheusMatrix(matrix([{ metric: {}, values: [[t, "1"], [t + 60, "2"], [t + 300, "3"], [t + 360, "4"]] }])));
    expect(read.points.map((p) => p.ratePerS)).toEqual([1, 2, 3, 4, 0]);
    expect(read.points[2]!.atMs).toBe(120_000);
    expect(read.notes).toEqual(["1 gap(s) without samples (the first 2025-11-28T00:01:00Z to 2025-11-28T00:05:00Z); the sample after a gap covers it"]);
  });

  it("refuses a single sample without a step: it cannot say which interval it covers", () => {
    expect(problems(parsePrometheusMatrix(matrix([{ metric: {}, values: [[1, "3"]] }])))[0]!.message).toMatch(/^one sample cannot say which interval/);
  });
});

describe("from/to: a window of a long recording", () => {
  const text = matrix([{ metric: {}, values: samples([1, 2, 3, 4, 5, 6]) }]);

  it("cuts a Prometheus series by wall-clock times or by durations from its start", () => {
    const byTime = ok(parsePrometheusMatrix(text, { window: { from: { atEpochMs: Date.parse("2025-11-28T00:02:00Z") }, to: { atEpochMs: Date.parse("2025-11-28T00:04:30Z") } } }));
    expect(byTime.originMs).toBe(Date.parse("2025-11-28T00:02:00Z"));
    expect(byTime.points).toEqual([{ atMs: 0, ratePerS: 3 }, { atMs: 60_000, ratePerS: 4 }, { atMs: 120_000, ratePerS: 5 }, { atMs: 150_000, ratePerS: 0 }]);
    const byOffset = ok(parsePrometheusMatrix(text, { window: { from: { offsetMs: 120_000 }, to: { offsetMs: 270_000 } } }));
    expect(byOffset.points).toEqual(byTime.points);
  });

  it("reports a window outside the recording or the wrong way round", () => {
    expect(problems(parsePrometheusMatrix(text, { window: { from: { offsetMs: 3_600_000 } } }))[0]).toEqual({
      path: "from",
      message: "2025-11-28T01:00:00Z is after the recording (2025-11-28T00:00:00Z to 2025-11-28T00:06:00Z)",
    });
    expect(problems(parsePrometheusMatrix(text, { window: { from: { offsetMs: 120_000 }, to: { offsetMs: 60_000 } } }))[0]!.message).toBe("must be after from (2025-11-28T00:02:00Z), got 2025-11-28T00:01:00Z");
  });

  it("cuts a rate CSV, and refuses wall-clock bounds for a file of plain seconds", () => {
    const csv = "t,rate\n0,10\n60,20\n120,30\n";
    expect(ok(parseRateCsv(csv, { unit: "s", window: { from: { offsetMs: 30_000 }, to: { offsetMs: 90_000 } } })).points).toEqual([
      { atMs: 0, ratePerS: 10 }, { atMs: 30_000, ratePerS: 10 }, { atMs: 30_000, ratePerS: 20 }, { atMs: 60_000, ratePerS: 0 },
    ]);
    expect(problems(parseRateCsv(csv, { unit: "s", window: { from: { atEpochMs: 0 } } }))[0]!.message).toMatch(/^a wall-clock time needs a recording with wall-clock times/);
  });

  it("keeps the timestamps of a trace inside the window, counted from its start", () => {
    const trace = ok(parseTimestampCsv("t\n0\n10\n20\n30\n40\n", { unit: "s", window: { from: { offsetMs: 10_000 }, to: { offsetMs: 30_000 } } }));
    expect([...trace.timestampsMs]).toEqual([0, 10_000]);
    expect(trace.notes).toEqual(["replaying 2 of 5 timestamps (the window from..to)"]);
  });
});

describe("several series or columns for several request classes", () => {
  it("reads one Prometheus series per class by labels or index, on one time axis", () => {
    const t = Date.parse("2025-11-28T00:00:00Z") / 1000;
    const text = matrix([
      { metric: { handler: "/products" }, values: [[t, "90"], [t + 60, "80"]] },
      { metric: { handler: "/checkout" }, values: [[t + 60, "5"], [t + 120, "7"]] },
    ]);
    const read = ok(parsePrometheusClasses(text, { classes: [{ name: "browse", series: { handler: "/products" } }, { name: "buy", series: 1 }] }));
    expect(read.originMs).toBe((t - 60) * 1000);
    expect(read.classes).toEqual([
      { name: "browse", points: [{ atMs: 0, ratePerS: 90 }, { atMs: 60_000, ratePerS: 80 }, { atMs: 120_000, ratePerS: 0 }, { atMs: 180_000, ratePerS: 0 }] },
      { name: "buy", points: [{ atMs: 0, ratePerS: 0 }, { atMs: 60_000, ratePerS: 5 }, { atMs: 120_000, ratePerS: 7 }, { atMs: 180_000, ratePerS: 0 }] },
    ]);
    expect(problems(parsePrometheusClasses(text, { classes: [{ name: "browse", series: { handler: "/cart" } }] }))[0]).toMatchObject({ path: "classes.browse", message: expect.stringMatching(/^class browse: no series has the labels/) });
  });

  it("reads one CSV rate column per class", () => {
    const read = ok(parseRateCsvClasses("t,browse,buy\n0,90,5\n60,80,7\n", { unit: "s", classes: [{ name: "browse", column: "browse" }, { name: "buy", column: 2 }] }));
    expect(read.classes.map((c) => c.points.map((p) => p.ratePerS))).toEqual([[90, 90, 80], [5, 5, 7]]);
  });
});

describe("an access log's column deciding each request's class", () => {
  const log = "time,method,path\n3,GET,/products/1\n1,POST,/checkout\n2,GET,/products/2\n4,GET,/health\n";
  const rules = { column: "path", match: [{ value: "/checkout*", classIndex: 1 }, { value: "/products*", classIndex: 0 }] };

  it("matches paths by exact value or prefix, first rule first, keeping classes with their rows when sorting", () => {
    const read = ok(parseTimestampCsv(log, { column: "time", unit: "s", classes: { column: "path", match: [...rules.match, { value: "*", classIndex: 2 }] } }));
    expect([...read.timestampsMs]).toEqual([0, 1000, 2000, 3000]);
    expect([...read.classIndexes!]).toEqual([1, 0, 0, 2]);
    const byMethod = ok(parseTimestampCsv(log, { column: "time", unit: "s", classes: { column: "method", match: [{ value: "POST", classIndex: 1 }, { value: "GET", classIndex: 0 }] } }));
    expect([...byMethod.classIndexes!]).toEqual([1, 0, 0, 0]);
  });

  it("lists the values no rule matches and suggests a catch-all", () => {
    expect(problems(parseTimestampCsv(log, { column: "time", unit: "s", classes: rules }))).toEqual([{
      path: "classes.match",
      message: 'no rule matches "/health" (1 row, first on line 5); add rules for them, or a last rule { value: "*", class: <name> } for the rest',
    }]);
  });
});

describe("formatIsoUtc", () => {
  it("agrees with the platform's ISO formatting on random times", () => {
    const stream = new RandomStreams(7).get("iso");
    for (let i = 0; i < 500; i++) {
      const epochMs = Math.floor((stream.next() - 0.3) * 8e12);
      const expected = new Date(epochMs).toISOString().replace(".000Z", "Z");
      expect(formatIsoUtc(epochMs), `epoch ms ${epochMs}`).toBe(expected);
    }
  });
});
