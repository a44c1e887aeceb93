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
      "p99 latency rose from a typical 20.0 ms to 900 ms around 5:30.",
      "More than 1% of requests failed between 5:00 and 6:00, up to 20.0% around 5:30.",
      "app had 3 of 6 nodes not serving around 5:30.",
      "app scaled from 4 to 6 nodes by 5:30.",
      "Bottleneck at the peak: app at 97.0% utilisation, so requests queued there.",
    ]);
  });

  it("says nothing about warm-up windows, and little about a quiet run", () => {
    const quiet = series();
    for (const name of quiet.names) if (name !== "startMs") quiet.columns[name] = quiet.columns[name]!.map((_, i) => quiet.columns[name]![0]!);
    expect(describeRun(quiet, null, { warmupMs: 0 }).map((i) => i.text)).toEqual(["Busiest group: app at 20.0% utilisation."]);
    expect(describeRun(series(), null, { warmupMs: 11 * 60_000 })).toEqual([]);
  });
});
