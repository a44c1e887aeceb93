// The planner view's rows and lines come from a real plan (planCapacity run in this thread on a
// tiny scenario), and the variable's text is what clustersim plan --vary takes.
import { describe, expect, it } from "vitest";
import { createLocalEvaluator, planCapacity, type PlanReport } from "../../engine/index";
import { checkLines, planRows, recommendedValue, varyText } from "./plan-rows";

/** One group of single-core nodes behind a central queue: 50 requests/s of 100 ms work. */
const SCENARIO = `
version: 1
name: tiny-plan
seed: 3
run: { duration: 20s, warmup: 2s }
topology:
  regions: [{ name: r, zones: [z] }]
  groups: [{ name: srv, count: 4, cores: 1, price: 0.05/h }]
services:
  - { name: api, groups: [srv], serviceTime: { type: exponential, mean: 100ms }, balancer: { policy: central-queue } }
workload:
  rate: { constant: 50/s }
  classes: [{ name: req, call: { service: api } }]
slos:
  - { name: latency, latency: { percentile: p90, below: 300ms } }
  - { name: availability, availability: 99% }
`;

async function plan(survive: string[] = []): Promise<PlanReport> {
  const outcome = await planCapacity({ text: SCENARIO, variables: [varyText({ path: "topology.groups.srv.count", from: "4", to: "12", step: "1" })], headroom: false, survive }, createLocalEvaluator({ text: SCENARIO }));
  if (!outcome.ok) throw new Error(outcome.problems.map((p) => `${p.path}: ${p.message}`).join("; "));
  return outcome.report;
}

describe("the planner view's model", () => {
  it("writes the variable as --vary does", () => {
    expect(varyText({ path: "topology.groups.web.count", from: " 2", to: "8 ", step: "1" })).toBe("topology.groups.web.count=2..8");
    expect(varyText({ path: "a.b", from: "1", to: "2", step: "0.25" })).toBe("a.b=1..2 step 0.25");
  });

  it("lists the sizes tried smallest first, with the report's verdicts, intervals and recommendation", async () => {
    const report = await plan();
    const rows = planRows(report);
    expect(rows.map((r) => r.value)).toEqual([...report.candidates].map((c) => c.values[0]).sort((a, b) => Number(a) - Number(b)));
    expect(recommendedValue(report)).toBe(report.recommendation!.values[0]);
    expect(rows.filter((r) => r.recommended).map((r) => r.label)).toEqual([report.recommendation!.label]);
    for (const row of rows) {
      const candidate = report.candidates.find((c) => c.label === row.label)!;
      expect(row.verdict).toBe(candidate.verdict);
      expect(row.losses).toEqual([]); // no loss asked for: only the scenario as written
      if (row.runs === 0) {
        // Rejected without a run by the overload bound: no evidence, and the reason is kept.
        expect(row.checks.every((e) => e === undefined)).toBe(true);
        expect(row.stopped).toMatch(/^rejected without a run/);
      } else expect(row.checks.map((e) => e?.name)).toEqual(report.checks.map((c) => c.name));
    }
    const [latency] = checkLines(report, rows, ["latency"]);
    expect(latency).toMatchObject({ name: "latency", target: 300 });
    expect(latency!.mean).toEqual(rows.map((r) => r.checks[0]?.mean ?? NaN));
    expect(checkLines(report, rows, ["availability", "windows"]).map((l) => l.name)).toEqual(["availability"]);
  });

  it("gives each size's worst loss per SLO when asked to survive losses, and draws it as lines of its own", async () => {
    const report = await plan(["node-loss"]);
    const rows = planRows(report);
    expect(rows.some((r) => r.losses.length > 0)).toBe(true);
    for (const row of rows) {
      const candidate = report.candidates.find((c) => c.label === row.label)!;
      const losses = candidate.cases.filter((c) => c.name !== "as-written");
      expect(row.losses.map((l) => l.name)).toEqual(losses.map((c) => c.name));
      report.checks.forEach((check, c) => {
        // The loss with the largest measured-over-allowed ratio on this check (here the one node lost).
        const ranked = losses.flatMap((k) => k.checks.filter((e) => e.name === check.name && e.mean !== null).map((e) => ({ ...e, lossCase: k.name })))
          .sort((a, b) => (b.ratio ?? -Infinity) - (a.ratio ?? -Infinity));
        expect(row.worstLoss[c]).toEqual(ranked[0]);
      });
    }
    const worst = checkLines(report, rows, ["availability"], "worst-loss");
    expect(worst.map((l) => l.name)).toEqual(["availability"]);
    expect(worst[0]!.mean).toEqual(rows.map((r) => r.worstLoss[1]?.mean ?? NaN));
    // A size that lost a node is slower than the same size whole (same seeds: common random numbers).
    const both = rows.filter((r) => r.checks[0]?.mean != null && r.worstLoss[0] !== undefined);
    expect(both.length).toBeGreaterThan(0);
    for (const row of both) expect(row.worstLoss[0]!.mean!).toBeGreaterThan(row.checks[0]!.mean!);
  });
});
