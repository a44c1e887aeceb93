/**
 * Mechanism SLOs (issue 13): each kind judged pass and fail on a small scenario, its measured
 * value derived in the test from the Result section it reads; compile errors for bad scopes,
 * with paths and did-you-mean; request SLOs keep their outcome shape.
 */
import { describe, expect, it } from "vitest";
import { loadScenario, simulate, type Result } from "../index";

/** Two replicated services (quorum and not) in three zones, cut 1|2 for 20 s; a detector; a node crash. */
const WRITES = `
version: 1
name: tiny-writes
seed: 3
run: { duration: 60s, warmup: 0s, window: 1s }
topology:
  regions: [{ name: r, zones: [a, b, c] }]
  groups:
    - { name: q, count: 3, cores: 2 }
    - { name: n, count: 3, cores: 2 }
services:
  - { name: kv-quorum, groups: [q], serviceTime: 1ms, replicated: { quorum: true, writes: { rate: 50/s, timeout: 1s } } }
  - { name: kv-naive, groups: [n], serviceTime: 1ms, replicated: { quorum: false, writes: { rate: 50/s, timeout: 1s } } }
workload:
  rate: { constant: 10/s }
  classes: [{ name: read, call: { service: kv-quorum } }]
faults:
  - { type: partition, zones: [[a], [b, c]], at: 10s, for: 20s }
  - { type: crash, node: n-1, at: 40s, for: 10s }
detector:
  detectors:
    - { name: fast, type: timeout, timeout: 1s }
`;

/** A batch-only cluster with both policies. */
const BATCH = `
version: 1
name: tiny-batch
seed: 2
run: { duration: 48h }
batch:
  nodes: 4
  coresPerNode: 8
  jobs:
    count: 30
    interarrival: { type: exponential, mean: 20min }
    sizes:
      - { cores: 1, weight: 50% }
      - { cores: 32, weight: 50% }
    runtime: { type: exponential, mean: 1h }
  policies: [fifo, easy-backfill]
`;

/** One cache in front of an origin. */
const CACHE = `
version: 1
name: tiny-cache
seed: 4
run: { duration: 60s, window: 1s }
topology:
  groups:
    - { name: cache, count: 2, cores: 4 }
    - { name: origin, count: 1, cores: 4 }
services:
  - { name: origin, groups: [origin], serviceTime: 20ms }
  - name: cache
    groups: [cache]
    serviceTime: 0.2ms
    cache: { capacity: 200, keys: { count: 1000, zipf: 1 } }
workload:
  rate: { constant: 200/s }
  classes:
    - name: get
      call: { service: cache, calls: [{ service: origin }] }
`;

function withSlos(text: string, slos: string): string {
  return `${text}slos:\n${slos}`;
}

/** Runs `base` with two SLOs of `kind` on `scope`, bounded on either side of the measured value `measured`. */
function judgeAround(base: string, options: { kind: string; scope: string; measured: number; passBound: string; failBound: string }): Result {
  const text = withSlos(base, `  - { name: ok, ${options.scope}, ${options.kind}: ${options.passBound} }\n  - { name: ko, ${options.scope}, ${options.kind}: ${options.failBound} }\n`);
  const result = simulate(text);
  expect(result.slos.map((s) => [s.name, s.kind, s.passed])).toEqual([["ok", options.kind, true], ["ko", options.kind, false]]);
  for (const slo of result.slos) expect(slo.measured).toBeCloseTo(options.measured, 9);
  expect(result.slosPassed).toBe(false);
  return result;
}

describe("mechanism SLOs on small scenarios", () => {
  const writes = simulate(WRITES);
  const naive = writes.replicated.find((r) => r.service === "kv-naive")!;
  const quorum = writes.replicated.find((r) => r.service === "kv-quorum")!;

  it("the base runs show what the SLOs judge", () => {
    expect(naive.writesLost).toBeGreaterThan(0);
    expect(quorum.writesLost).toBe(0);
    expect(quorum.writes.failed).toBeGreaterThan(0);
  });

  it("writesLost: at most N acknowledged writes lost", () => {
    const text = withSlos(WRITES, "  - { name: q, service: kv-quorum, writesLost: 0 }\n  - { name: n, service: kv-naive, writesLost: 0 }\n");
    const result = simulate(text);
    expect(result.slos.map((s) => [s.name, s.measured, s.passed])).toEqual([["q", 0, true], ["n", naive.writesLost, false]]);
    const slo = result.slos[1]!;
    expect(slo.unit).toBe("count");
    expect(slo.scope).toBe("service");
    expect(slo.class).toBe("kv-naive");
    expect(slo.objective).toBe("acknowledged writes lost <= 0, service kv-naive");
    judgeAround(WRITES, { kind: "writesLost", scope: "service: kv-naive", measured: naive.writesLost, passBound: String(naive.writesLost), failBound: String(naive.writesLost - 1) });
  });

  it("writeAvailability: acknowledged over acknowledged + failed", () => {
    const share = quorum.writes.acknowledged / (quorum.writes.acknowledged + quorum.writes.failed);
    const pct = (x: number) => `${(x * 100).toFixed(6)}%`;
    const result = judgeAround(WRITES, { kind: "writeAvailability", scope: "service: kv-quorum", measured: share, passBound: pct(share - 1e-6), failBound: pct(share + 1e-6) });
    expect(result.slos[0]!.unit).toBe("percent");
  });

  it("detectionTime and falseSuspicionsPerHour: the detector's worst detection, false alarms per hour of the run", () => {
    const fast = writes.faults.detectors.find((d) => d.name === "fast")!;
    const detectMs = fast.detectMs.max!;
    expect(detectMs).toBeGreaterThan(0);
    judgeAround(WRITES, { kind: "detectionTime", scope: "detector: fast", measured: detectMs, passBound: `${Math.ceil(detectMs)}ms`, failBound: `${Math.floor(detectMs) - 1}ms` });
    const perHour = (fast.falseSuspicions * 3_600_000) / writes.durationMs;
    expect(fast.falseSuspicions).toBeGreaterThan(0); // the cut-off zone's nodes look dead
    judgeAround(WRITES, { kind: "falseSuspicionsPerHour", scope: "detector: fast", measured: perHour, passBound: String(perHour), failBound: String(perHour - 1) });
  });

  it("batchMeanWait and makespan per policy", () => {
    const base = simulate(BATCH);
    const fifo = base.batch!.policies.find((p) => p.policy === "fifo")!;
    expect(fifo.makespanMs).not.toBeNull();
    const wait = fifo.queueWaitMs.mean!;
    judgeAround(BATCH, { kind: "batchMeanWait", scope: "policy: fifo", measured: wait, passBound: `${Math.ceil(wait)}ms`, failBound: `${Math.floor(wait) - 1}ms` });
    const makespan = fifo.makespanMs!;
    judgeAround(BATCH, { kind: "makespan", scope: "policy: fifo", measured: makespan, passBound: `${Math.ceil(makespan)}ms`, failBound: `${Math.floor(makespan) - 1}ms` });
  });

  it("cacheHitRatio and originPeak of a cache", () => {
    const base = simulate(CACHE);
    const cache = base.caches[0]!;
    const hit = cache.hitRatio!;
    expect(hit).toBeGreaterThan(0);
    expect(hit).toBe(cache.hits / cache.lookups);
    const pct = (x: number) => `${(x * 100).toFixed(6)}%`;
    judgeAround(CACHE, { kind: "cacheHitRatio", scope: "service: cache", measured: hit, passBound: pct(hit - 1e-6), failBound: pct(hit + 1e-6) });
    const peak = cache.fetchesPerSPeak;
    expect(peak).toBeGreaterThan(0);
    judgeAround(CACHE, { kind: "originPeak", scope: "service: cache", measured: peak, passBound: `${peak}/s`, failBound: `${peak - 1}/s` });
  });

  it("keeps scenario order when request and mechanism SLOs mix, and request SLOs keep their shape", () => {
    const text = withSlos(WRITES, "  - { name: a, availability: 50% }\n  - { name: b, service: kv-quorum, writesLost: 0 }\n  - { name: c, latency: { percentile: p99, below: 1s } }\n");
    const result = simulate(text);
    expect(result.slos.map((s) => s.name)).toEqual(["a", "b", "c"]);
    expect(Object.keys(result.slos[0]!)).toEqual(["name", "kind", "class", "passed", "objective", "measured", "target", "windowsMeetingShare", "errorBudget"]);
    expect(Object.keys(result.slos[1]!)).toEqual(["name", "kind", "class", "passed", "objective", "measured", "target", "windowsMeetingShare", "errorBudget", "unit", "scope"]);
  });
});

describe("mechanism SLO compile errors", () => {
  const problems = (text: string) => {
    const loaded = loadScenario(text);
    expect(loaded.ok).toBe(false);
    return loaded.ok ? [] : loaded.problems.map((p) => `${p.path}: ${p.message}`);
  };

  it("names an unknown scope with its path and a did-you-mean", () => {
    expect(problems(withSlos(WRITES, "  - { name: x, service: kv-naiv, writesLost: 0 }\n"))).toEqual([
      'slos[0].service: no replicated service or database named "kv-naiv" (did you mean "kv-naive"?)',
    ]);
    expect(problems(withSlos(WRITES, "  - { name: x, detector: fats, detectionTime: 2s }\n"))).toEqual([
      'slos[0].detector: no failure detector or health-checked service named "fats" (did you mean "fast"?)',
    ]);
    expect(problems(withSlos(WRITES, "  - { name: x, service: kv-naive, cacheHitRatio: 90% }\n"))[0]).toMatch(/^slos\[0\]\.service: no cache service named "kv-naive"/);
    expect(problems(withSlos(WRITES, "  - { name: x, service: kv-naive, rto: 5s }\n"))[0]).toMatch(/^slos\[0\]\.service: no database named "kv-naive"/);
    expect(problems(withSlos(WRITES, "  - { name: x, region: r, rpo: 5s }\n"))[0]).toMatch(/^slos\[0\]\.region: no region behind multiRegion named "r"/);
  });

  it("requires a scope, refuses the wrong one, and one kind per SLO", () => {
    expect(problems(withSlos(WRITES, "  - { name: x, writesLost: 0 }\n"))).toEqual(["slos[0]: writesLost needs service: the service it judges"]);
    expect(problems(withSlos(WRITES, "  - { name: x, class: read, service: kv-naive, writesLost: 0 }\n"))).toEqual(["slos[0].class: writesLost is not scoped by class (it takes service)"]);
    expect(problems(withSlos(WRITES, "  - { name: x, detector: fast, availability: 99% }\n"))).toEqual(["slos[0].detector: availability is not scoped by detector (it takes class)"]);
    expect(problems(withSlos(WRITES, "  - { name: x, service: kv-naive, writesLost: 0, rpo: 1s }\n"))[0]).toMatch(/^slos\[0\]: give exactly one of .*, got writesLost and rpo$/);
  });
});
