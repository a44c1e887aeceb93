/**
 * Bad scenarios get path-precise errors, never a crash: each case breaks a copy of an example
 * scenario by hand and asserts the exact message a user sees (file:line: path: message).
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { formatProblem, loadScenario } from "../index";

const ROOT = path.resolve(path.dirname(new URL(import.meta.url).pathname), "../..");
const BASE = readFileSync(path.join(ROOT, "scenarios/three-tier.yaml"), "utf8");
const FILE = "three-tier.yaml";

function problemsAfter(from: string, to: string): string[] {
  expect(BASE.includes(from), `the example no longer contains ${JSON.stringify(from)}`).toBe(true);
  const result = loadScenario(BASE.replace(from, to), { fileName: FILE });
  if (result.ok) return [];
  return result.problems.map((p) => formatProblem(p, { fileName: FILE }));
}

describe("scenario errors", () => {
  it("loads the unbroken example without problems", () => {
    expect(loadScenario(BASE, { fileName: FILE }).ok).toBe(true);
  });

  const cases: Array<[string, string, string, string[]]> = [
    ["an integer below its minimum", "{ name: web, count: 6, cores: 4,", "{ name: web, count: 6, cores: 0,",
      ["three-tier.yaml:18: topology.groups[0].cores: must be an integer ≥ 1 and ≤ 4096, got 0"]],
    ["a misspelt key, with a suggestion", "    serviceTime: { type: exponential, mean: 3ms }", "    serviceTme: { type: exponential, mean: 3ms }",
      ['three-tier.yaml:33: services[2].serviceTme: unknown key "serviceTme" (did you mean "serviceTime"?)']],
    ["a duration without a unit", "  duration: 10m", "  duration: 600",
      ['three-tier.yaml:11: run.duration: expected a duration like "250ms" or "30s", got 600 (add a unit, e.g. "600ms" or "600s")']],
    ["a reference to a group that does not exist", "    groups: [app]", "    groups: [ap]",
      ['three-tier.yaml:27: services[1].groups[0]: no group named "ap" (did you mean "app"?)']],
    ["an unknown enum value", "policy: round-robin", "policy: round-robbin",
      ['three-tier.yaml:32: services[2].balancer.policy: must be one of "round-robin", "random", "least-outstanding", "power-of-choices", "weighted", "central-queue" or "hash", got "round-robbin" (did you mean "round-robin"?)']],
    ["a p99 below the median", "{ type: lognormal, median: 2ms, p99: 10ms }", "{ type: lognormal, median: 2ms, p99: 1ms }",
      ["three-tier.yaml:25: services[0].serviceTime.p99: must be greater than median (2), got 1 (durations in ms)"]],
    ["a negative patience", "    serviceTime: { type: exponential, mean: 3ms }", "    serviceTime: { type: exponential, mean: 3ms }\n    patience: { type: exponential, mean: -2s }",
      ['three-tier.yaml:34: services[2].patience.mean: must not be negative, got "-2s"']],
    ["a patience without a unit", "    serviceTime: { type: exponential, mean: 3ms }", "    serviceTime: { type: exponential, mean: 3ms }\n    patience: 5",
      ['three-tier.yaml:34: services[2].patience: expected a duration like "250ms" or "30s", got 5 (add a unit, e.g. "5ms" or "5s")']],
    ["a negative rate", "constant: 2000/s", "constant: -5/s",
      ['three-tier.yaml:39: workload.rate.constant: must not be negative, got "-5/s"']],
    ["waitFor larger than the fan-out", "fanout: 3, waitFor: 3", "fanout: 3, waitFor: 4",
      ["three-tier.yaml:62: workload.classes[1].call.calls[0].calls[0].waitFor: must be ≤ fanout (3), got 4"]],
    ["a percentage above 100%", "availability: 99.9%", "availability: 199.9%",
      ['three-tier.yaml:68: slos[1].availability: must be a percentage ≤ 100%, got "199.9%"']],
    ["an SLO naming an unknown class", "class: checkout", "class: chekout",
      ['three-tier.yaml:65: slos[0].class: no request class named "chekout" (did you mean "checkout"?)']],
    ["a YAML syntax error", "  warmup: 1m", "  warmup: [1m",
      ["three-tier.yaml:13:1: Flow sequence in block collection must be sufficiently indented and end with a ]"]],
    ["an unsupported version", "version: 1", "version: 2", ["three-tier.yaml:6: version: must be 1, got 2"]],
    ["a warm-up longer than the run", "  warmup: 1m", "  warmup: 20m",
      ["three-tier.yaml:12: run.warmup: must be shorter than duration (10.0 min), got 20.0 min"]],
    ["a misspelt distribution type", "type: gamma, shape: 2, scale: 4ms", "type: gama, shape: 2, scale: 4ms",
      ['three-tier.yaml:29: services[1].serviceTime.type: must be one of "constant", "uniform", "exponential", "normal", "lognormal", "pareto", "bounded-pareto", "weibull", "gamma", "erlang", "empirical" or "mixture", got "gama" (did you mean "gamma"?)']],
  ];

  for (const [what, from, to, expected] of cases) {
    it(`reports ${what} with its path and line`, () => {
      expect(problemsAfter(from, to)).toEqual(expected);
    });
  }

  it("reports every problem at once", () => {
    const broken = BASE.replace("cores: 4,", "cores: 0,").replace("policy: round-robin", "policy: rr").replace("class: checkout", "class: nope");
    const result = loadScenario(broken);
    // Schema problems first (the reference check runs once the schema passes).
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.problems.map((p) => p.path)).toEqual(["topology.groups[0].cores", "services[2].balancer.policy"]);
  });

  it("names a bad override path with did-you-mean", () => {
    const result = loadScenario(BASE, { overrides: ["topology.groups.wbe.count=3"] });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.problems.map((p) => formatProblem(p))).toEqual(['--set topology.groups.wbe.count: no group named "wbe" (did you mean "web"?)']);
  });

  it("validates an override's value like the file's own", () => {
    const result = loadScenario(BASE, { overrides: ["topology.groups.web.count=-2"] });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.problems[0]!.path).toBe("topology.groups[0].count");
  });

  it("never throws on arbitrary garbage", () => {
    for (const text of ["", "[]", "42", "null", "version: 1", "{{{", "version: 1\nname: X\nrun: 5", "\u0000\u0001"]) {
      const result = loadScenario(text);
      expect(result.ok).toBe(false);
      if (!result.ok) expect(result.problems.length).toBeGreaterThan(0);
    }
  });
});
