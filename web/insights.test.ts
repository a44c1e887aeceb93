import { describe, expect, it } from "vitest";
import { describeRun } from "./insights";
import type { SeriesColumns } from "./worker/run-protocol";

/** Ten one-minute windows: a 5x spike in windows 4-6, slow and failing at its top, a node lost. */
function series(): SeriesColumns {
  const n = 10;
  const column = (f: (i: number) => number) => Float64Array.from({ length: n }, (_, i) => f(i));
  const spike = (i: number) => i >= 4 && i <= 6;
  const columns: Record<string, Float64Array> = {
    startMs: column((i) => i * 60_000),
    offeredPerS: column((i) => (spike(i) ? 500 : 100)),
    succeededPerS: column((i) => (i === 5 ? 400 : spike(i) ? 500 : 100)),
    failedPerS: column((i) => (i === 5 ? 100 : 0)),
    errorRate: column((i) => (i === 5 ? 0.2 : 0)),
    latencyP50Ms: column(() => 5),
    latencyP99Ms: column((i) => (i === 5 ? 900 : 20)),
    latencyP999Ms: column(() => 50),
    inSystem: column(() => 1),
    "group/app/utilisation": column((i) => (spike(i) ? 0.97 : 0.2)),
    "group/app/queueLengthMean": column(() => 0),
    "group/app/nodesUp": column((i) => (i === 5 ? 3 : 4)),
    "group/app/nodesTotal": column((i) => (i >= 5 ? 6 : 4)),
  };
  return { windowMs: 60_000, length: n, names: Object.keys(columns), columns };
}

describe("what happened, in sentences", () => {
  it("tells the story of a spike: the rise, the latency, the failures, the nodes, the bottleneck", () => {
    const texts = describeRun(series(), null, { warmupMs: 0 }).map((i) => i.text);
    expect(texts).toEqual([
      "Traffic rose above its usual 100/s at 4:00 and peaked at 500/s around 4:30 (5.0×).",
      "app saturated from 4:00 to 7:00 (at least 90% busy, up to 97.0%): requests queued there.",
      "More than 1% of requests failed between 5:00 and 6:00, up to 20.0% around 5:30.",
      "p99 latency rose from a typical 20.0 ms to 900 ms around 5:30.",
      "app had 3 of 6 nodes not serving around 5:30.",
      "app scaled from 4 to 6 nodes by 5:30.",
      "Busiest group throughout: app (on average 43.1% busy).",
    ]);
  });

  it("links each sentence about a stretch to that stretch", () => {
    const found = describeRun(series(), null, { warmupMs: 0 });
    expect(found.find((i) => i.text.startsWith("app saturated"))?.range).toEqual({ fromMs: 4 * 60_000, toMs: 7 * 60_000 });
    expect(found.find((i) => i.text.startsWith("More than 1%"))?.range).toEqual({ fromMs: 5 * 60_000, toMs: 6 * 60_000 });
  });

  it("tells booting nodes apart when the run had no fault, and lists failures by cause", () => {
    const summary = { timeline: [{ atMs: 300_000, kind: "scale-up", subject: "app", detail: "4 → 6 nodes" }], slos: [], requests: { failed: 100, failedByCause: { timeout: 75, rejected: 25, unavailable: 0 } } };
    const found = describeRun(series(), summary as unknown as Parameters<typeof describeRun>[1], { warmupMs: 0 });
    const nodes = found.find((i) => i.text.includes("nodes ordered"));
    expect(nodes).toMatchObject({ text: "app had 3 of 6 nodes ordered but not yet serving (booting) around 5:30.", tone: "neutral" });
    expect(found.find((i) => i.text.startsWith("More than 1%"))?.text).toContain("Failures by cause: timeout 75 (75.0%), rejected 25 (25.0%).");
  });

  it("names the busiest group by time when it changes", () => {
    const s = series();
    s.names.push("group/db/utilisation", "group/db/queueLengthMean", "group/db/nodesUp", "group/db/nodesTotal");
    s.columns["group/db/utilisation"] = Float64Array.from({ length: 10 }, (_, i) => (i < 4 ? 0.5 : 0.1));
    s.columns["group/db/queueLengthMean"] = new Float64Array(10);
    s.columns["group/db/nodesUp"] = new Float64Array(10).fill(2);
    s.columns["group/db/nodesTotal"] = new Float64Array(10).fill(2);
    const text = describeRun(s, null, { warmupMs: 0 }).find((i) => i.text.startsWith("Busiest group"))?.text;
    expect(text).toBe("Busiest group by time: db 0:00–4:00 (50.0%), app 4:00–10:00 (58.5%).");
  });

  it("says nothing about warm-up windows, and little about a quiet run", () => {
    const quiet = series();
    for (const name of quiet.names) if (name !== "startMs") quiet.columns[name] = quiet.columns[name]!.map((_, i) => quiet.columns[name]![0]!);
    expect(describeRun(quiet, null, { warmupMs: 0 }).map((i) => i.text)).toEqual(["Busiest group throughout: app (on average 20.0% busy)."]);
    expect(describeRun(series(), null, { warmupMs: 11 * 60_000 })).toEqual([]);
  });
});
