import { describe, expect, it } from "vitest";
import { simulate } from "../index";
import { checkAnswer, judgeAnswer, prepareAnswer, referenceAnswer, type CheckedResult, type PreparedAnswer } from "./index";
import { SCENARIO, tinyLesson } from "./test-support/tiny-lesson";

const lesson = tinyLesson();

function prepared(answer: Parameters<typeof prepareAnswer>[1]): PreparedAnswer {
  const result = prepareAnswer(lesson, answer);
  if (!result.ok) throw new Error(result.problems.map((p) => `${p.path}: ${p.message}`).join("\n"));
  return result.answer;
}

/** The rule problems of an answer written as the starting scenario with one edit. */
function ruleProblems(from: string, to: string): string[] {
  expect(SCENARIO).toContain(from);
  return prepared({ scenarioText: SCENARIO.replace(from, to) }).ruleProblems.map((p) => `${p.path}: ${p.message}`);
}

/** A Result with just the parts a test reads. */
function fakeResult(p99: number | null, utilisation = 0.5): CheckedResult {
  return { requests: { latencyMs: { p99 }, offered: 100 }, groups: [{ name: "server", utilisation }] } as unknown as CheckedResult;
}

describe("preparing an answer", () => {
  it("builds the answer from knob settings and lists only the runs the check reads", () => {
    const answer = prepared({ knobs: { "workload.rate.constant": { text: "10/s" }, "services.api.balancer.policy": { option: 1 }, "workload.classes.request.call.hedgeAfter": { text: "30ms" } } });
    expect(answer.ruleProblems).toEqual([]);
    expect(answer.runs.map((r) => [r.name, r.label])).toEqual([["answer", "your run"], ["light", "the light run"]]);
    const data = JSON.parse(answer.runs[0]!.scenarioText);
    expect(data.workload.rate.constant).toBe("10/s");
    expect(data.services[0].balancer.policy).toBe("power-of-choices");
    expect(data.workload.classes[0].call.hedgeAfter).toBe("30ms");
    expect(JSON.parse(answer.runs[1]!.scenarioText).workload.rate.constant).toBe("2/s");
  });

  it("accepts a whole scenario that changes only knobs, names and descriptions", () => {
    expect(ruleProblems("constant: 20/s", "constant: 15/s")).toEqual([]);
    expect(ruleProblems("name: tiny", "name: my-answer\ndescription: Alice's answer")).toEqual([]);
    expect(ruleProblems("mean: 10ms } }", "mean: 10ms } }\n    # a comment changes nothing")).toEqual([]);
  });

  it("fails an answer that changes a field outside the knobs, naming it and how to set it back", () => {
    expect(ruleProblems("mean: 10ms", "mean: 5ms")).toEqual([
      "services.api.serviceTime.mean: changed, but this lesson only lets you turn workload.rate.constant, topology.groups.server.count, services.api.balancer.policy, workload.classes.request.call.hedgeAfter; set it back to \"10ms\"",
    ]);
    expect(ruleProblems("seed: 3", "seed: 4")[0]).toMatch(/^seed: changed, but .*; set it back to 3$/);
    expect(ruleProblems("run: { duration: 20s }", "run: { duration: 20s, warmup: 1s }")[0]).toMatch(/^run\.warmup: changed, .*; leave it as the lesson's scenario has it$/);
  });

  it("fails knobs outside their range or choices, quoting the value as written", () => {
    expect(ruleProblems("constant: 20/s", "constant: 95/s")).toEqual(['workload.rate.constant: must be at most 90/s in this lesson, got "95/s"']);
    expect(ruleProblems("count: 2", "count: 0")).toEqual(["topology.groups.server.count: must be at least 1 in this lesson, got 0"]);
    expect(ruleProblems("policy: random", "policy: round-robin")).toEqual(['services.api.balancer.policy: must be one of this lesson\'s choices (Random; Two choices), got "round-robin"']);
    expect(ruleProblems("call: { service: api }", "call: { service: api, hedgeAfter: 2s }")).toEqual(['workload.classes.request.call.hedgeAfter: must be at most 1s in this lesson, got "2s"']);
  });

  it("returns problems (not a verdict) for an answer that is not a valid scenario", () => {
    const bad = prepareAnswer(lesson, { scenarioText: SCENARIO.replace("count: 2", "count: two"), fileName: "alice.yaml" });
    expect(bad).toEqual({ ok: false, problems: [{ path: "topology.groups[0].count", message: 'expected an integer ≥ 0 and ≤ 100000, got "two"', line: 7 }] });
  });

  it("reports a knob value that does not read as the field at the knob's path", () => {
    const bad = prepareAnswer(lesson, { knobs: { "workload.rate.constant": { text: "fast" }, "services.api.balancer.policy": { option: 7 } } });
    expect(bad).toEqual({ ok: false, problems: [{ path: "services.api.balancer.policy", message: "no choice number 7" }] });
    const unreadable = prepareAnswer(lesson, { knobs: { "workload.rate.constant": { text: "fast" } } });
    expect(unreadable).toEqual({ ok: false, problems: [{ path: "workload.rate.constant", message: 'expected a rate like "1200/s" or "90k/min", got "fast"' }] });
  });
});

describe("judging an answer", () => {
  const answer = prepared(referenceAnswer(lesson));

  it("passes when every condition holds, and says so with the numbers", () => {
    const verdict = judgeAnswer(lesson, answer, { answer: fakeResult(40), light: fakeResult(20) });
    expect(verdict.passed).toBe(true);
    expect(verdict.summary).toBe("Passed: all 2 conditions hold.");
    expect(verdict.conditions.map((c) => c.sentence)).toEqual([
      "p99 latency in your run is 40.0 ms: below 80.0 ms, as required.",
      "p99 latency in your run is 40.0 ms: at most 60.0 ms (3 × p99 latency in the light run: 20.0 ms), as required.",
    ]);
    expect(verdict.figures).toEqual([{ label: "Utilisation", name: null, source: "measured", run: "answer", runLabel: "your run", value: 0.5, text: "50.0%" }]);
    expect(verdict.explanation).toEqual([]);
  });

  it("explains each failing condition in plain words", () => {
    const verdict = judgeAnswer(lesson, answer, { answer: fakeResult(70), light: fakeResult(20) });
    expect(verdict.passed).toBe(false);
    expect(verdict.summary).toBe("Not yet: 1 of 2 conditions fail.");
    expect(verdict.explanation).toEqual(["p99 latency in your run is 70.0 ms, but it must be at most 60.0 ms (3 × p99 latency in the light run: 20.0 ms)."]);
  });

  it("fails a condition whose metric has no value, saying nothing was measured", () => {
    const verdict = judgeAnswer(lesson, answer, { answer: fakeResult(null), light: fakeResult(20) });
    expect(verdict.conditions[0]!.sentence).toBe("p99 latency in your run has no value (nothing was measured), but it must be below 80.0 ms.");
    expect(verdict.passed).toBe(false);
  });

  it("fails, without running anything, an answer that breaks the lesson's rules", () => {
    let runs = 0;
    const checked = checkAnswer(lesson, { scenarioText: SCENARIO.replace("cores: 1", "cores: 2") }, (text) => { runs++; return simulate(text); });
    expect(runs).toBe(0);
    if (!checked.ok) throw new Error("should be a verdict");
    expect(checked.verdict.passed).toBe(false);
    expect(checked.verdict.explanation[0]).toBe("Your answer changes something this lesson does not let you change, so it was not run:");
    expect(checked.verdict.explanation[1]).toMatch(/^topology\.groups\.server\.cores: changed, but/);
  });

  it("runs the answer and its comparison runs with the lesson's seed", () => {
    const seeds: number[] = [];
    const checked = checkAnswer(lesson, referenceAnswer(lesson), (text) => { const r = simulate(text); seeds.push(r.seed); return r; });
    if (!checked.ok) throw new Error("should be a verdict");
    expect(seeds).toEqual([3, 3]);
    expect(checked.verdict.seed).toBe(3);
    expect(checked.verdict.conditions).toHaveLength(2);
  });
});
