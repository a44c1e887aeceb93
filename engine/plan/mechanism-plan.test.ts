/**
 * The planner with a mechanism SLO (issue 13): a higher-is-better bound (a cache's hit ratio)
 * is searched, survived and grown like a latency SLO, by the same rule (evidence.ts).
 */
import { describe, expect, it } from "vitest";
import { simulate } from "../simulate";
import { planCapacity } from "./planner";
import { createLocalEvaluator } from "./run-summary";

/** Cache nodes (keys hashed over them) in front of an origin: more nodes hold more of the catalogue, so more lookups hit. */
const CACHE = `
version: 1
name: tiny-cache-plan
seed: 4
run: { duration: 30s, window: 1s }
topology:
  groups:
    - { name: cache, count: 2, cores: 4, price: 0.1/h }
    - { name: origin, count: 2, cores: 8, price: 1/h }
services:
  - { name: origin, groups: [origin], serviceTime: 5ms }
  - name: cache
    groups: [cache]
    balancer: { policy: hash }
    serviceTime: 0.2ms
    cache: { capacity: 100, keys: { count: 2000, zipf: 0.8 } }
workload:
  rate: { constant: 300/s }
  classes:
    - name: get
      call: { service: cache, calls: [{ service: origin }] }
slos:
  - { name: hit-ratio, service: cache, cacheHitRatio: 50% }
`;

describe("planning against a mechanism SLO", () => {
  const hitRatio = (count: number) => simulate(CACHE, { overrides: [{ path: "topology.groups.cache.count", value: count }] }).slos[0]!.measured!;

  it("finds the fewest cache nodes whose hit ratio clears the bound, and survives losing one", async () => {
    // At the scenario's seed: 3 nodes hit ~47 %, 4 nodes ~53 %: the SLO's boundary.
    expect(hitRatio(3)).toBeLessThan(0.5);
    expect(hitRatio(4)).toBeGreaterThan(0.5);
    const evaluate = createLocalEvaluator({ text: CACHE });
    const outcome = await planCapacity({ text: CACHE, variables: ["topology.groups.cache.count=1..8"], headroom: false }, evaluate);
    expect(outcome.ok).toBe(true);
    if (!outcome.ok) return;
    expect(outcome.report.recommendation?.values).toEqual([4]);
    const evidence = outcome.report.recommendation!.cases[0]!.checks[0]!;
    expect(evidence).toMatchObject({ name: "hit-ratio", kind: "cacheHitRatio", verdict: "pass", target: 0.5 });
    expect(evidence.low!).toBeGreaterThanOrEqual(0.5);

    const surviving = await planCapacity({ text: CACHE, variables: ["topology.groups.cache.count=1..8"], survive: ["node-loss"], headroom: { step: 0.5, max: 1 } }, evaluate);
    expect(surviving.ok).toBe(true);
    if (!surviving.ok) return;
    // Losing a node (its keys rehash onto the others) leaves one node fewer: one more is needed.
    expect(surviving.report.recommendation?.values).toEqual([5]);
    expect(surviving.report.headroom).not.toBeNull();
    expect(surviving.report.notes[1]).toContain("or a mechanism's figure");
  }, 120_000);
});
