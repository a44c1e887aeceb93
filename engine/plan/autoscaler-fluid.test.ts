/**
 * The fluid autoscaler model behind the analytic guess of an autoscaler's `min`: on a flat rate
 * the floor must carry the load at once (Erlang C decides, as for a fixed group); on a ramp it
 * must carry it until the nodes ordered on the way up have booted; and on black-friday the guess
 * lands next to the simulated answer (6 against 5) instead of sizing the floor for the peak (14).
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { loadScenario } from "../scenario/load";
import { analyticGuess } from "./analytic";
import { fluidAutoscale } from "./autoscaler-fluid";
import { parseVariable } from "./variables";

const ROOT = path.resolve(path.dirname(new URL(import.meta.url).pathname), "../..");

function loaded(text: string) {
  const result = loadScenario(text);
  if (!result.ok) throw new Error(result.problems.map((p) => `${p.path}: ${p.message}`).join("\n"));
  return result;
}

function guessOf(text: string, vary: string) {
  const scenario = loaded(text);
  const variable = parseVariable(vary);
  if (!variable.ok) throw new Error(variable.problem.message);
  return analyticGuess({ spec: scenario.spec.model, autoscalers: scenario.spec.operations.autoscalers, scenario: scenario.scenario, variables: [variable.variable], survive: [] }).variables[0]!;
}

const autoscaled = (rate: string) => `
version: 1
name: fluid
run: { duration: 1h, warmup: 1m }
topology:
  groups:
    - { name: app, count: 2, cores: 1, price: 0.05/h }
services:
  - { name: app, groups: [app], serviceTime: { type: exponential, mean: 100ms } }
workload:
  rate: ${rate}
  classes:
    - { name: req, call: { service: app } }
autoscaling:
  - { group: app, min: 2, max: 40, target: { utilisation: 60% }, interval: 1m, bootTime: 4m }
slos:
  - name: tail
    latency: { percentile: p99, below: 1s }
`;

describe("fluid autoscaler guess", () => {
  it("on a flat rate needs a floor that carries the load from the start, as Erlang C says", () => {
    // 95/s x 100 ms = 9.5 Erlangs from t = 0: nothing ordered arrives before 5 min, so the floor
    // is the smallest c with p99 of the M/M/c response under 1 s, which is 11 here.
    const guess = guessOf(autoscaled("{ constant: 95/s }"), "autoscaling[0].min=1..40");
    expect(guess.value).toBe(11);
    expect(guess.reason).toMatch(/still booting/);
  });

  it("on a ramp lets the autoscaler add nodes, so the floor is lower than for a flat rate", () => {
    // From 5/s to 95/s over 50 minutes: the autoscaler adds nodes on the way up, but each one
    // serves only a boot time (4 min) after the evaluation that ordered it, and the load keeps
    // rising meanwhile (0.9 Erlangs per 5 minutes), so the floor must still carry some lag: 5
    // nodes, against 11 for the same peak from the start.
    const guess = guessOf(autoscaled("{ points: [{ at: 0s, rate: 5/s }, { at: 50m, rate: 95/s }] }"), "autoscaling[0].min=1..40");
    expect(guess.value).toBe(5);
  });

  it("reports the first moment the floor falls short and the nodes then up", () => {
    const scenario = loaded(autoscaled("{ constant: 95/s }"));
    const autoscaler = scenario.spec.operations.autoscalers[0]!;
    const outcome = fluidAutoscale({
      spec: scenario.spec.model, autoscaler, nodesMin: 5, busyCoresPerRate: 0.1, coresPerNode: 1,
      shortfall: (nodes, ratePerS) => (nodes < ratePerS * 0.1 ? "stability" : null),
    });
    expect(outcome).toMatchObject({ shortfallAtMs: 60_000, reason: "stability", nodesUp: 5 });
  });

  it("guesses black-friday's autoscaler floor next to the simulated answer", () => {
    const guess = guessOf(readFileSync(path.join(ROOT, "scenarios/black-friday.yaml"), "utf8"), "autoscaling[0].min=2..40");
    expect(guess.value).toBe(6);
  });
});
