/**
 * Issue 20, defect 1: the fields that size a run have documented maximums, refused at
 * validation with a message naming the field and the maximum, and a large legal cluster builds
 * in time linear in its size (the balancer once rescanned every member per member added).
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { formatProblem, loadScenario, prepareRun } from "../index";
import { Balancer } from "../model/balancer";
import { RandomStreams } from "../core/rng";

const THREE_TIER = readFileSync(path.resolve(path.dirname(new URL(import.meta.url).pathname), "../../scenarios/three-tier.yaml"), "utf8");

function problemsOf(overrides: string[]): string[] {
  const loaded = loadScenario(THREE_TIER, { overrides });
  return loaded.ok ? [] : loaded.problems.map((p) => formatProblem(p));
}

describe("scenario limits", () => {
  it.each([
    [["topology.groups.web.count=1e12"], /topology\.groups\[0\]\.count: .*≤ 100000/],
    [["topology.groups.web.count=100001"], /count: .*≤ 100000/],
    [["topology.groups.web.count=100000", "topology.groups.app.count=100000", "topology.groups.db.count=100"], /topology\.groups: .*200,100 nodes in all/],
    [["run.window=0.001ms"], /run\.window: gives 600,000,000 windows .* at least 6\.00 ms/],
    [["workload.rate.constant=1e9/s"], /workload\.rate\.constant: .*≤ 10M\/s/],
    [["run.duration=1e13ms"], /run\.duration: .*≤ 365d/],
  ])("refuses %j with a message naming the maximum", (overrides, pattern) => {
    const problems = problemsOf(overrides);
    expect(problems.join("\n")).toMatch(pattern);
  });

  it("refuses a long run of the cache and CDN scenarios before sizing its window series (defect 4)", () => {
    for (const name of ["cache-stampede", "cdn-launch"]) {
      const text = readFileSync(path.resolve(path.dirname(new URL(import.meta.url).pathname), `../../scenarios/${name}.yaml`), "utf8");
      for (const duration of ["1e13ms", "30d"]) {
        const loaded = loadScenario(text, { overrides: [`run.duration=${duration}`] });
        expect(loaded.ok).toBe(false);
        if (!loaded.ok) expect(loaded.problems.map((p) => formatProblem(p)).join("\n")).toMatch(/run\.(duration: .*≤ 365d|window: gives [\d,]+ windows)/);
      }
    }
  });

  it("accepts the maximums themselves", () => {
    expect(problemsOf(["run.window=6ms", "run.duration=10m"])).toEqual([]);
  });

  it("builds a 50,000-node group in well under a second per 10,000 nodes (linear, not quadratic)", () => {
    const startMs = performance.now();
    const prepared = prepareRun(THREE_TIER, { overrides: ["topology.groups.web.count=50000", "run.duration=1s", "run.window=1s", "run.warmup=0s"] });
    const wallMs = performance.now() - startMs;
    expect(prepared.ok).toBe(true);
    expect(wallMs).toBeLessThan(15_000); // quadratic: about 40 s on the machine this was written on
  });

  it("keeps the eligible list in member order through adds and eligibility changes", () => {
    const balancer = new Balancer(0, "round-robin", 2, new RandomStreams(1).get("b"));
    for (let i = 0; i < 10; i++) balancer.addMember(i, 1);
    for (const m of [3, 7, 0, 9]) balancer.setEligible(m, false);
    balancer.setEligible(7, true);
    balancer.setEligible(7, true);
    const picks = Array.from({ length: 7 }, () => balancer.pick());
    expect(picks).toEqual([1, 2, 4, 5, 6, 7, 8]);
    expect(balancer.eligibleCount).toBe(7);
  });
});
