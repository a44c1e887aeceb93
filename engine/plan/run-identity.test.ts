/**
 * A run is reused only when it is the same run (run-identity.ts): black-friday's floors 6 and 7
 * both keep 4 nodes after losing zone a, so the identity says their zone-a runs are one run, and
 * running both gives the same summary; floors 5 and 6 are told apart. Shortened to 60 minutes.
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { loadScenario } from "../scenario/load";
import { parseScenarioText } from "../input/source";
import { failureCases } from "./failure-cases";
import { sloChecks } from "./evidence";
import { ReplicationRunner } from "./replications";
import { plainJson, runIdentity } from "./run-identity";
import { runForPlan } from "./run-summary";
import type { PlanOverride, RunRequest, RunSummary } from "./types";

const TEXT = readFileSync(new URL("../../scenarios/black-friday.yaml", import.meta.url), "utf8");
const SHORT: PlanOverride[] = [{ path: "run.duration", value: "60m" }];

/** The overrides of floor `min` losing zone a, as the planner makes them. */
function zoneA(min: number): PlanOverride[] {
  const candidate = [...SHORT, { path: "autoscaling[0].min", value: min }];
  const loaded = loadScenario(TEXT, { overrides: candidate });
  if (!loaded.ok) throw new Error("black-friday does not load");
  const lost = failureCases(loaded.scenario, ["zone-loss"], { peakAtMs: 1 }).find((c) => c.name === "zone-loss:us-east-1a")!;
  return [...candidate, ...lost.overrides];
}

function data(): unknown {
  const parsed = parseScenarioText(TEXT);
  if (!parsed.ok) throw new Error("black-friday does not parse");
  return parsed.data;
}

describe("identical planner runs", () => {
  it("are the runs whose overridden scenarios are equal, and give the same summary", () => {
    const identity = runIdentity(data());
    expect(identity(zoneA(6))).not.toBeNull();
    expect(identity(zoneA(6))).toBe(identity(zoneA(7)));
    expect(identity(zoneA(5))).not.toBe(identity(zoneA(6)));
    const six = runForPlan({ text: TEXT }, { overrides: zoneA(6), seed: 12 });
    const seven = runForPlan({ text: TEXT }, { overrides: zoneA(7), seed: 12 });
    expect(JSON.stringify(seven)).toBe(JSON.stringify(six));
  });

  it("gives no identity to data JSON cannot write faithfully", () => {
    expect(plainJson({ a: [1, "x", true, null] })).toBe('{"a":[1,"x",true,null]}');
    expect(plainJson({ a: Infinity })).toBeNull();
    expect(plainJson({ a: NaN })).toBeNull();
    expect(plainJson({ a: undefined })).toBeNull();
    expect(plainJson({ a: new Date(0) })).toBeNull();
    expect(plainJson([new Map()])).toBeNull();
  });

  it("the runner runs an identical request once and reuses it for the same seed only", async () => {
    const loaded = loadScenario(TEXT);
    if (!loaded.ok) throw new Error("black-friday does not load");
    const asked: RunRequest[] = [];
    const summary: RunSummary = { slos: [], requestsCompleted: 1, events: 1, costPerHour: 1 };
    const runner = new ReplicationRunner({
      evaluate: async (requests) => (asked.push(...requests), requests.map(() => summary)),
      checks: sloChecks(loaded.scenario), confidence: 0.95, replicationsMin: 3, replicationsMax: 3, seed: 11, runIdentity: runIdentity(data()), screening: false,
    });
    const work = (key: string, min: number) => ({ key, overrides: [], cases: [{ name: "zone-loss:us-east-1a", description: "", overrides: zoneA(min) }] });
    // Floors 6 and 7 in one batch: 3 runs, not 6; then floor 6 again under another key: none.
    await runner.judge([work("6", 6), work("7", 7)]);
    expect(asked.length).toBe(3);
    expect(runner.runsReused).toBe(3);
    await runner.judge([work("6 again", 6)]);
    expect(asked.length).toBe(3);
    expect(runner.runsReused).toBe(6);
    expect(runner.runs).toBe(3);
    expect(asked.map((r) => r.seed)).toEqual([11, 12, 13]);
  });
});
