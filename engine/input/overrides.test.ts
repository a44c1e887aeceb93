import { describe, expect, it } from "vitest";
import type { OverrideResult } from "./overrides";
import { applyOverrides, parseOverride } from "./overrides";

/** A scenario as parsed from YAML, frozen all the way down to catch any mutation. */
function scenario(): Record<string, unknown> {
  return deepFreeze({
    topology: {
      groups: {
        web: { count: 4, cores: 8 },
        db: { count: 2, cores: 16 },
      },
    },
    workload: {
      phases: [
        { name: "warmup", rate: "100/s", duration: "1m" },
        { name: "ramp", rate: "1k/s", duration: "5m" },
        { name: "peak", rate: "5k/s", duration: "10m" },
      ],
    },
    policies: [{ kind: "retry" }],
  });
}

function deepFreeze<T>(value: T): T {
  if (typeof value === "object" && value !== null) {
    for (const child of Object.values(value)) deepFreeze(child);
    Object.freeze(value);
  }
  return value;
}

/** The data of a successful result; fails the test with the problems otherwise. */
function dataOf(result: OverrideResult): Record<string, any> {
  if (!result.ok) throw new Error(`expected success, got ${JSON.stringify(result.problems)}`);
  return result.data as Record<string, any>;
}

/** `path: message` of each problem. */
function messagesOf(result: OverrideResult): string[] {
  if (result.ok) throw new Error("expected problems");
  return result.problems.map((problem) => `${problem.path}: ${problem.message}`);
}

describe("applyOverrides", () => {
  it("sets a value by object keys, parsing the value as YAML", () => {
    const data = dataOf(applyOverrides(scenario(), ["topology.groups.web.count=24"]));
    expect(data.topology.groups.web).toEqual({ count: 24, cores: 8 });
    expect(data.topology.groups.db).toEqual({ count: 2, cores: 16 });
  });

  it("addresses list elements by bracket index, dotted index, or name", () => {
    const data = dataOf(
      applyOverrides(scenario(), [
        "workload.phases[0].rate=200/s",
        "workload.phases.1.duration = 7m",
        "workload.phases.peak.rate=9k/s",
      ]),
    );
    expect(data.workload.phases).toEqual([
      { name: "warmup", rate: "200/s", duration: "1m" },
      { name: "ramp", rate: "1k/s", duration: "7m" },
      { name: "peak", rate: "9k/s", duration: "10m" },
    ]);
  });

  it("reads numbers, booleans, lists and objects from the value text", () => {
    const data = dataOf(
      applyOverrides(scenario(), [
        "topology.groups.web.spot=true",
        "topology.groups.web.zones=[a, b]",
        "topology.groups.db.limits={cpu: 2, memory: 4GiB}",
        "topology.groups.db.note='x: y'",
      ]),
    );
    expect(data.topology.groups.web).toEqual({ count: 4, cores: 8, spot: true, zones: ["a", "b"] });
    expect(data.topology.groups.db).toEqual({ count: 2, cores: 16, limits: { cpu: 2, memory: "4GiB" }, note: "x: y" });
  });

  it("accepts overrides given in code with a path and a data value", () => {
    const value = { count: 1, cores: 2 };
    const data = dataOf(
      applyOverrides(scenario(), [
        { path: ["topology", "groups", "cache"], value },
        { path: "workload.phases[2].rate", value: "6k/s" },
      ]),
    );
    expect(data.topology.groups.cache).toEqual({ count: 1, cores: 2 });
    expect(data.topology.groups.cache).not.toBe(value);
    expect(data.workload.phases[2].rate).toBe("6k/s");
  });

  it("never modifies the input and shares no objects with it", () => {
    const input = scenario();
    const before = JSON.stringify(input);
    const data = dataOf(applyOverrides(input, ["topology.groups.web.count=24"]));
    expect(JSON.stringify(input)).toBe(before);
    expect(data.topology.groups.db).not.toBe((input.topology as any).groups.db);
    expect(data.workload.phases).not.toBe((input.workload as any).phases);
  });

  it("reports a missing name with a did-you-mean, named after the collection", () => {
    expect(messagesOf(applyOverrides(scenario(), ["topology.groups.wbe.count=24"]))).toEqual([
      'topology.groups.wbe.count: no group named "wbe" (did you mean "web"?)',
    ]);
    expect(messagesOf(applyOverrides(scenario(), ["workload.phases.rmap.rate=1/s"]))).toEqual([
      'workload.phases.rmap.rate: no phase named "rmap" (did you mean "ramp"?)',
    ]);
    expect(messagesOf(applyOverrides(scenario(), ["workload.phases.cooldown.rate=1/s"]))).toEqual([
      'workload.phases.cooldown.rate: no phase named "cooldown"; there are "warmup", "ramp", "peak"',
    ]);
    expect(messagesOf(applyOverrides(scenario(), ["toplogy.groups.web.count=1"]))).toEqual([
      'toplogy.groups.web.count: no key "toplogy" at the top level (did you mean "topology"?)',
    ]);
  });

  it("reports indexes out of range, unnamed lists and paths through plain values", () => {
    expect(
      messagesOf(
        applyOverrides(scenario(), [
          "workload.phases[7].rate=1/s",
          "policies.retry.kind=x",
          "topology.groups.web.count.max=3",
        ]),
      ),
    ).toEqual([
      "workload.phases[7].rate: no phase at index 7; workload.phases has 3 items",
      "policies.retry.kind: policies is a list without names; use an index, e.g. policies[0]",
      'topology.groups.web.count.max: topology.groups.web.count is 4, not an object or list, so it has no "max"',
    ]);
  });

  it("collects the problems of every override and applies none", () => {
    const result = applyOverrides(scenario(), [
      "topology.groups.web.count=24",
      "replicas 3",
      "topology.groups.web.count=",
      "topology.groups.web.note=x: y",
      "a..b=1",
    ]);
    expect(messagesOf(result)).toEqual([
      ': missing "=" in "replicas 3"; write path=value, e.g. services.web.replicas=3',
      "topology.groups.web.count: missing value after \"=\"; write a value, or '' for empty text",
      `topology.groups.web.note: "x: y" reads as a YAML block mapping; quote it for text ('x: y') or use flow style ({a: 1}, [a, b])`,
      'a..b: expected a key at character 3 of path "a..b"',
    ]);
  });
});

describe("parseOverride", () => {
  it("splits at the first = outside a quoted key", () => {
    expect(parseOverride('services["a=b"].replicas=3')).toEqual({
      ok: true,
      override: { path: ["services", "a=b", "replicas"], value: 3 },
    });
    expect(parseOverride("labels.expr=a=b")).toEqual({ ok: true, override: { path: ["labels", "expr"], value: "a=b" } });
  });

  it("explains a missing = with an example", () => {
    expect(parseOverride("topology.groups.web.count 24")).toEqual({
      ok: false,
      problem: {
        path: "",
        message: 'missing "=" in "topology.groups.web.count 24"; write path=value, e.g. services.web.replicas=3',
      },
    });
  });
});
