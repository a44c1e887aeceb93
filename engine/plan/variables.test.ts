import { describe, expect, it } from "vitest";
import { formatAssignment, parseVariable, variableOverrides } from "./variables";

function values(text: string): Array<number | string> {
  const parsed = parseVariable(text);
  if (!parsed.ok) throw new Error(`${parsed.problem.path}: ${parsed.problem.message}`);
  return parsed.variable.values;
}

function problem(text: string): string {
  const parsed = parseVariable(text);
  if (parsed.ok) throw new Error(`expected a problem for ${text}`);
  return `${parsed.problem.path}: ${parsed.problem.message}`;
}

describe("decision variables", () => {
  it("reads an inclusive integer range with step 1", () => {
    expect(values("topology.groups.web.count=4..9")).toEqual([4, 5, 6, 7, 8, 9]);
  });

  it("reads a range with a step, written as `step k` or `/k`", () => {
    expect(values("topology.groups.db.count=3..9 step 2")).toEqual([3, 5, 7, 9]);
    expect(values("topology.groups.db.count=3..10/2")).toEqual([3, 5, 7, 9]);
  });

  it("computes decimal steps by multiplication, so the end is included without drift", () => {
    expect(values("topology.groups.web.speed=1..2 step 0.1")).toEqual([1, 1.1, 1.2, 1.3, 1.4, 1.5, 1.6, 1.7, 1.8, 1.9, 2]);
  });

  it("keeps a plain list in the order written", () => {
    expect(values("topology.groups.web.cores=8,2,4")).toEqual([8, 2, 4]);
  });

  it("sorts node types by price and sets the group's price with each choice", () => {
    const parsed = parseVariable("topology.groups.web.cores=8@0.384/h, 2@0.096/h, 4@70.08/month");
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    const variable = parsed.variable;
    expect(variable.values).toEqual([2, 4, 8]);
    expect(variable.prices?.texts).toEqual(["0.096/h", "70.08/month", "0.384/h"]);
    expect(variable.prices?.perHour[1]).toBeCloseTo(0.096, 10);
    expect(variableOverrides(variable, 1)).toEqual([
      { path: "topology.groups.web.cores", value: 4 },
      { path: "topology.groups.web.price", value: "70.08/month" },
    ]);
    expect(formatAssignment(variable, 2)).toBe("web.cores=8 (0.384/h)");
  });

  it("names the path and the fix for each mistake", () => {
    expect(problem("topology.groups.web.count")).toMatch(/missing "=".*write path=min\.\.max/);
    expect(problem("topology.groups.web.count=9..4")).toBe("topology.groups.web.count: empty range 9..4; write min..max with min <= max");
    expect(problem("topology.groups.web.count=1..9 step 0")).toBe("topology.groups.web.count: step must be > 0, got 0");
    expect(problem("topology.groups.web.count=1..x")).toMatch(/cannot read the range "1\.\.x"/);
    expect(problem("topology.groups.web.count=")).toMatch(/missing values/);
    expect(problem("topology.groups.web.cores=2@0.1/h,4")).toMatch(/give a price for every choice/);
    expect(problem("services.web.serviceTime=a@1/h,b@2/h")).toMatch(/belongs to a node group's field/);
    expect(problem("topology.groups.web.cores=2@0.1")).toMatch(/price of choice "2": .*add a period/);
    expect(problem("topology.groups.web.cores=2,4,2")).toMatch(/2 is listed twice/);
    expect(problem("topology.groups.web.count=1..1000000")).toMatch(/at most 100000; use a coarser step/);
  });
});
