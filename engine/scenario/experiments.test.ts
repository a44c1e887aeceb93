import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { formatProblem, parseScenario } from "../index";

const blackFriday = readFileSync(new URL("../../scenarios/black-friday.yaml", import.meta.url), "utf8");

describe("suggested experiments", () => {
  it("reads a scenario's experiments: label, overrides, expectation", () => {
    const parsed = parseScenario(blackFriday);
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    expect(parsed.scenario.experiments[0]).toEqual({ label: "Pre-scale to 10 app nodes", overrides: ["autoscaling[0].min=10"], expectation: "No request fails during the ramp, for about 3% more cost." });
    // Each experiment's overrides make a valid variant.
    for (const experiment of parsed.scenario.experiments) expect(parseScenario(blackFriday, { overrides: experiment.overrides }).ok, experiment.label).toBe(true);
  });

  it("names the field of a bad experiment, as for any other field", () => {
    const text = blackFriday.replace('overrides: ["autoscaling[0].min=10"]', 'overrides: ["autoscaling[0].min"]').replace("  - label: Scale at 40% utilisation\n", "  - label: \"\"\n");
    const parsed = parseScenario(text);
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    const messages = parsed.problems.map((p) => formatProblem(p));
    expect(messages.some((m) => m.includes("experiments[0].overrides[0]") && m.includes("path=value"))).toBe(true);
    expect(messages.some((m) => m.includes("experiments[1].label"))).toBe(true);
  });
});
