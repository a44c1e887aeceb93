import { describe, expect, it } from "vitest";
import { planCapacity, type PlanRequest } from "./planner";
import type { PlanReport } from "./report";
import { SYNTHETIC_SCENARIO, seedNoise, syntheticEvaluator } from "./test-support/synthetic";

/** Latency 150 ms below `boundary` web nodes and 50 ms from it on, +-2 ms of seed noise; availability fine. */
function stepAt(boundary: number) {
  return syntheticEvaluator((settings, seed) => ({ lat: (Number(settings.get("topology.groups.web.count")) >= boundary ? 50 : 150) + 2 * seedNoise(seed), avail: 0.999 }));
}

async function plan(request: Omit<PlanRequest, "text">, evaluate: Parameters<typeof planCapacity>[1]): Promise<PlanReport> {
  const outcome = await planCapacity({ text: SYNTHETIC_SCENARIO, headroom: false, ...request }, evaluate);
  if (!outcome.ok) throw new Error(outcome.problems.map((p) => `${p.path}: ${p.message}`).join("\n"));
  return outcome.report;
}

describe("capacity planner on synthetic monotone cases", () => {
  it("finds the exact boundary with far fewer runs than a linear scan", async () => {
    const synthetic = stepAt(137);
    const report = await plan({ variables: ["topology.groups.web.count=1..200"] }, synthetic.evaluate);
    expect(report.recommendation?.values).toEqual([137]);
    // The analytic guess is 1 node (the load is tiny), so the search gallops up from count 1:
    // 1, 2, 4, 8, 16, 32, 64, 128 fail, 200 passes (9 probes), bisects 128..200 in 7 probes
    // (164, 146, 137 pass; 132, 134, 135, 136 fail) and confirms 138: 17 candidates, each settled
    // by its first 3 replications (the +-2 ms noise leaves the interval 50 ms from the
    // threshold). A linear scan from 1 would need 137 candidates x 3 = 411 runs.
    expect(report.search.candidatesEvaluated).toBe(17);
    expect(report.runs).toBe(51);
    expect(synthetic.runs()).toBe(51);
    expect(report.runs).toBeLessThan(137 * 3);
  });

  it("says which fidelity its runs used: the scenario's, or a run.fidelity override", async () => {
    expect((await plan({ variables: ["topology.groups.web.count=1..8"] }, stepAt(3).evaluate)).fidelity).toBe("exact");
    const hybrid = await plan({ variables: ["topology.groups.web.count=1..8"], overrides: ["run.fidelity=hybrid"] }, stepAt(3).evaluate);
    expect(hybrid.fidelity).toBe("hybrid");
    expect(hybrid.recommendation?.values).toEqual([3]);
  });

  it("finds every boundary in a seeded sample exactly, always in fewer runs than a scan", async () => {
    for (const boundary of [1, 2, 3, 17, 64, 65, 99, 100]) {
      const synthetic = stepAt(boundary);
      const report = await plan({ variables: ["topology.groups.web.count=1..100"] }, synthetic.evaluate);
      expect(report.recommendation?.values, `boundary ${boundary}`).toEqual([boundary]);
      expect(report.monotonicity.violations, `boundary ${boundary}`).toEqual([]);
      // A scan from 1 runs every size up to the boundary, 3 replications each.
      if (boundary > 8) expect(report.runs, `boundary ${boundary}`).toBeLessThan(boundary * 3);
    }
  });

  it("adds replications only where the interval straddles the threshold", async () => {
    // Latency 1000 / count with noise +-5 ms: at 10 nodes the mean is 100 ms, right at the
    // threshold, so its interval never clears it and it uses the whole budget of 6.
    const synthetic = syntheticEvaluator((settings, seed) => ({ lat: 1000 / Number(settings.get("topology.groups.web.count")) + 5 * seedNoise(seed), avail: 1 }));
    const report = await plan({ variables: ["topology.groups.web.count=1..40"], replicationsMax: 6 }, synthetic.evaluate);
    expect(report.recommendation?.values).toEqual([11]);
    const byCount = new Map(report.candidates.map((c) => [c.values[0], c]));
    expect(byCount.get(10)).toMatchObject({ verdict: "undecided", runs: 6 });
    expect(byCount.get(11)!.verdict).toBe("pass");
    expect(report.notes.some((n) => n.includes("1 candidate stayed undecided after 6 replications (web.count=10)"))).toBe(true);
  });

  it("runs every failure case with the same seeds, and a loss case can move the answer", async () => {
    // With a zone lost, a third of the web nodes (rounded up) are gone: 12 nodes leave 8.
    const synthetic = syntheticEvaluator((settings, seed) => ({ lat: (Number(settings.get("topology.groups.web.count")) >= 8 ? 50 : 150) + seedNoise(seed), avail: 1 }));
    const report = await plan({ variables: ["topology.groups.web.count=1..40"], survive: ["zone-loss"] }, synthetic.evaluate);
    expect(report.recommendation?.values).toEqual([12]);
    // zb and zc hold the same web nodes and no db (db-0 is in za): one case stands for both.
    expect(report.recommendation?.cases.map((c) => c.name)).toEqual(["as-written", "zone-loss:za", "zone-loss:zb"]);
    expect(report.recommendation?.cases[2]!.description).toMatch(/stands for zone-loss:zc too/);
    expect(report.recommendation?.cases.every((c) => c.verdict === "pass" && c.n === 3)).toBe(true);
    // Every size that fails, fails losing zone a, the case screened first: its other cases do not run.
    const failed = report.candidates.filter((c) => c.verdict === "fail");
    expect(failed.length).toBeGreaterThan(2);
    for (const candidate of failed) {
      expect(candidate.cases.filter((c) => c.n > 0).map((c) => c.name), candidate.label).toEqual(["zone-loss:za"]);
      expect(candidate.cases.filter((c) => c.n === 0).every((c) => c.stopped === "not run: the candidate already failed in zone-loss:za, and failing one case fails it")).toBe(true);
    }
  });

  it("reports a monotonicity violation and recommends above it", async () => {
    // Passes at 21 but fails at 22..29 (a metastable band), passes again from 30. The search,
    // two sizes per batch, gallops 1+2, 4+8, 16+32 (32 passes), trisects
    // 16..32 at 21 (pass) and 26, then 17 and 19 (fail), then 20 (fail) with the confirm probe 22,
    // which fails: it reports the violation 21/22 and searches again above 22.
    const synthetic = syntheticEvaluator((settings, seed) => {
      const count = Number(settings.get("topology.groups.web.count"));
      return { lat: (count === 21 || count >= 30 ? 50 : 150) + seedNoise(seed), avail: 1 };
    });
    const report = await plan({ variables: ["topology.groups.web.count=1..64"] }, synthetic.evaluate);
    // 26, fetched beside 21, fails too: the first violation listed is 21 against 26.
    expect(report.monotonicity.violations[0]).toMatchObject({ kind: "verdict", smaller: "web.count=21", larger: "web.count=26" });
    expect(report.monotonicity.violations.some((v) => v.kind === "verdict")).toBe(true);
    expect(report.monotonicity.handling).toMatch(/search continued above the failure/);
    expect(report.recommendation?.values).toEqual([30]);
  });
});

describe("capacity planner monotonicity checks", () => {
  it("reports an SLO that gets significantly worse with more capacity, paired over common seeds", async () => {
    // Fails below 5 nodes; passes from 5 on, but from 8 nodes on latency is 30 ms worse (say, a
    // fan-out that waits for more replies): no verdict changes, the metric does.
    const synthetic = syntheticEvaluator((settings, seed) => {
      const count = Number(settings.get("topology.groups.web.count"));
      return { lat: (count < 5 ? 150 : count < 8 ? 50 : 80) + seedNoise(seed), avail: 1 };
    });
    const report = await plan({ variables: ["topology.groups.web.count=1..40"] }, synthetic.evaluate);
    expect(report.recommendation?.values).toEqual([5]);
    const metric = report.monotonicity.violations.filter((v) => v.kind === "metric");
    expect(metric.length).toBeGreaterThan(0);
    expect(metric[0]!.detail).toMatch(/^lat in as-written is worse with more capacity: \+30 ms on average over 3 paired replications/);
    expect(report.monotonicity.handling).toMatch(/measurably worse without changing a verdict/);
  });
});

describe("capacity planner determinism", () => {
  it("gives the same report byte for byte however the runner splits and orders each batch", async () => {
    const model = (settings: Map<string, unknown>, seed: number) => ({ lat: 1500 / Math.max(1, Number(settings.get("topology.groups.web.count"))) + 8 * seedNoise(seed), avail: 1 });
    const inOrder = syntheticEvaluator(model);
    // A runner that, like a worker pool, finishes runs out of order: it evaluates each batch
    // in pairs from the end and puts the results back in request order.
    const shuffled = syntheticEvaluator(model);
    const outOfOrder: Parameters<typeof planCapacity>[1] = async (requests) => {
      const results = new Array(requests.length);
      for (let end = requests.length; end > 0; end -= 2) {
        const start = Math.max(0, end - 2);
        const part = await shuffled.evaluate(requests.slice(start, end));
        part.forEach((r, i) => (results[start + i] = r));
      }
      return results;
    };
    const request = { variables: ["topology.groups.web.count=1..64"], survive: ["node-loss"], headroom: { step: 0.1, max: 1 } };
    const a = await plan(request, inOrder.evaluate);
    const b = await plan(request, outOfOrder);
    expect(JSON.stringify(b)).toBe(JSON.stringify(a));
    expect(a.search.batches).toBeGreaterThan(0);
  });
});

describe("capacity planner headroom", () => {
  it("finds the traffic growth the recommendation absorbs, to one step, and the SLO that fails first", async () => {
    // Needs count >= 10 x growth; the range starts at 16, so 16 is recommended and absorbs
    // growth up to 16 / 10 = 1.6: +60 % passes and +65 % fails.
    const synthetic = syntheticEvaluator((settings, seed) => {
      const growth = Number(settings.get("workload.rate.growth") ?? 1);
      return { lat: (Number(settings.get("topology.groups.web.count")) >= 10 * growth - 1e-9 ? 50 : 150) + seedNoise(seed), avail: 1 };
    });
    const report = await plan({ variables: ["topology.groups.web.count=16..64"], headroom: { step: 0.05, max: 2 } }, synthetic.evaluate);
    expect(report.recommendation?.values).toEqual([16]);
    expect(report.headroom).toMatchObject({ absorbed: 0.6, limitedBy: { growth: 0.65, check: "lat", case: "as-written" } });
    expect(report.runs).toBe(report.search.runs + report.headroom!.runs);
  });
});

describe("capacity planner on infeasible and contradictory cases", () => {
  it("says no configuration in range passes, and names the closest one and the SLO it fails", async () => {
    const report = await plan({ variables: ["topology.groups.web.count=1..50"] }, stepAt(80).evaluate);
    expect(report.feasible).toBe(false);
    expect(report.recommendation).toBeNull();
    expect(report.closest?.candidate.values).toEqual([50]);
    expect(report.closest?.failing).toMatchObject({ check: "lat", case: "as-written", verdict: "fail", target: 100 });
    expect(report.headroom).toBeNull();
  });

  it("finds nothing when two SLOs want opposite things", async () => {
    // Latency needs >= 30 nodes; availability fails from 20 nodes on (say, a quorum that
    // slows with size): no size meets both.
    const synthetic = syntheticEvaluator((settings, seed) => {
      const count = Number(settings.get("topology.groups.web.count"));
      return { lat: (count >= 30 ? 50 : 150) + seedNoise(seed), avail: count >= 20 ? 0.95 : 0.9999 };
    });
    const report = await plan({ variables: ["topology.groups.web.count=1..64"] }, synthetic.evaluate);
    expect(report.feasible).toBe(false);
    expect(report.closest?.failing.check).toMatch(/^(lat|avail)$/);
  });
});

describe("capacity planner with several variables", () => {
  it("finds the cheapest passing configuration in cost order and reports the frontier", async () => {
    // Passes when web x db >= 60; web costs 0.1/h, db 0.5/h. Brute force below.
    const passes = (web: number, db: number) => web * db >= 60;
    const synthetic = syntheticEvaluator((settings, seed) => ({ lat: (passes(Number(settings.get("topology.groups.web.count")), Number(settings.get("topology.groups.db.count"))) ? 50 : 150) + seedNoise(seed), avail: 1 }));
    const report = await plan({ variables: ["topology.groups.web.count=1..40", "topology.groups.db.count=1..9 step 2"] }, synthetic.evaluate);
    let best = { cost: Infinity, web: 0, db: 0 };
    for (let web = 1; web <= 40; web++) {
      for (let db = 1; db <= 9; db += 2) {
        const cost = 0.1 * web + 0.5 * db;
        if (passes(web, db) && cost < best.cost - 1e-9) best = { cost, web, db };
      }
    }
    expect(report.recommendation?.values).toEqual([best.web, best.db]);
    expect(report.recommendation?.costPerHour).toBeCloseTo(best.cost, 10);
    expect(report.recommendation?.costPerMonth).toBeCloseTo(best.cost * 730, 8);
    expect(report.search.method).toBe("cost-frontier");
    expect(report.search.candidatesEvaluated).toBeLessThan(40 * 5);
    expect(report.frontier!.at(-1)!.label).toBe(report.recommendation!.label);
  });

  it("chooses a node type from a priced list together with a count", async () => {
    // Capacity is count x cores; the SLO needs 24 cores. 2 cores cost 0.15/h, 8 cores 0.5/h:
    // 12 x 2 cores = 1.8/h beats 3 x 8 cores = 1.5/h? No: 3 x 0.5 = 1.5 < 1.8, so 8-core nodes.
    const synthetic = syntheticEvaluator((settings, seed) => ({ lat: (Number(settings.get("topology.groups.web.count")) * Number(settings.get("topology.groups.web.cores")) >= 24 ? 50 : 150) + seedNoise(seed), avail: 1 }));
    const report = await plan({ variables: ["topology.groups.web.count=1..30", "topology.groups.web.cores=2@0.15/h,8@0.5/h,4@0.28/h"] }, synthetic.evaluate);
    expect(report.recommendation?.label).toBe("web.count=3, web.cores=8 (0.5/h)");
    expect(report.recommendation?.costPerHour).toBeCloseTo(3 * 0.5 + 0.5, 10);
  });
});

describe("capacity planner input checks", () => {
  it("returns every problem with the request, naming the option or path", async () => {
    const outcome = await planCapacity({ text: SYNTHETIC_SCENARIO, variables: ["topology.groups.web.count=9..4", "x"], confidence: 1.5, replicationsMin: 1, survive: ["rack-loss"] }, stepAt(3).evaluate);
    expect(outcome.ok).toBe(false);
    if (outcome.ok) return;
    expect(outcome.problems.map((p) => p.path)).toEqual(["--confidence", "--replications-min", "--survive", "--vary topology.groups.web.count", "--vary"]);
  });

  it("checks the variable's values against the scenario", async () => {
    const outcome = await planCapacity({ text: SYNTHETIC_SCENARIO, variables: ["topology.groups.web.cores=0..4", "topology.groups.wbe.count=1..3"] }, stepAt(3).evaluate);
    expect(outcome.ok).toBe(false);
    if (outcome.ok) return;
    const text = outcome.problems.map((p) => `${p.path}: ${p.message}`);
    expect(text.some((t) => /topology\.groups\[0\]\.cores: must be an integer ≥ 1.*\(with web\.cores=0\)/.test(t))).toBe(true);
    expect(text.some((t) => /--vary topology\.groups\.wbe\.count: no group named "wbe" \(did you mean "web"\?\)/.test(t))).toBe(true);
  });

  it("refuses a scenario without SLOs and zone loss with a single zone", async () => {
    const noSlos = SYNTHETIC_SCENARIO.slice(0, SYNTHETIC_SCENARIO.indexOf("slos:"));
    const outcome = await planCapacity({ text: noSlos, variables: ["topology.groups.web.count=1..3"] }, stepAt(3).evaluate);
    expect(outcome.ok ? "" : outcome.problems[0]!.message).toMatch(/no SLOs/);
    const oneZone = SYNTHETIC_SCENARIO.replace("zones: [za, zb, zc]", "zones: [za]");
    const zoneLoss = await planCapacity({ text: oneZone, variables: ["topology.groups.web.count=1..3"], survive: ["zone-loss"] }, stepAt(3).evaluate);
    expect(zoneLoss.ok ? "" : zoneLoss.problems[0]!.message).toMatch(/zone-loss needs at least two zones/);
  });
});

describe("capacity planner base overrides", () => {
  it("applies --set overrides to every candidate before its variables", async () => {
    const seen: string[] = [];
    const synthetic = syntheticEvaluator((settings, seed) => {
      seen.push(String(settings.get("run.duration")));
      return { lat: (Number(settings.get("topology.groups.web.count")) >= 5 ? 50 : 150) + seedNoise(seed), avail: 1 };
    });
    const report = await plan({ variables: ["topology.groups.web.count=1..9"], overrides: ["run.duration=20s"] }, synthetic.evaluate);
    expect(report.recommendation?.values).toEqual([5]);
    expect(new Set(seen)).toEqual(new Set(["20s"]));
    const bad = await planCapacity({ text: SYNTHETIC_SCENARIO, variables: ["topology.groups.web.count=1..9"], overrides: ["run.duration"] }, synthetic.evaluate);
    expect(bad.ok ? "" : bad.problems[0]!.path).toBe("--set");
  });
});
