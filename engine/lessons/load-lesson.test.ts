import { describe, expect, it } from "vitest";
import { loadLesson } from "./index";
import { LESSON, SCENARIO, tinyLesson as loaded } from "./test-support/tiny-lesson";

function load(text: string, files: Record<string, string> = { "tiny.yaml": SCENARIO }) {
  return loadLesson(text, { fileName: "tiny.lesson.yaml", files });
}

/** The problems of a lesson text, as `line: path: message`. */
function problems(text: string, files?: Record<string, string>): string[] {
  const result = load(text, files);
  if (result.ok) return [];
  return result.problems.map((p) => `${p.line ?? "?"}: ${p.path}: ${p.message}`);
}

describe("loading a lesson", () => {
  it("reads the text, resolves knobs against the scenario and reads their ranges in engine units", () => {
    const lesson = loaded();
    expect(lesson).toMatchObject({ id: "tiny", order: 1, seed: 3, scenarioFile: "tiny.yaml" });
    expect(lesson.explanation).toEqual(["First paragraph, wrapped.", "Second paragraph."]);
    const [rate, count, policy, hedge] = lesson.knobs;
    expect(rate).toMatchObject({ segments: ["workload", "rate", "constant"], startValue: "20/s", min: { text: "1/s", value: 1 }, max: { text: "90/s", value: 90 } });
    expect(count!.segments).toEqual(["topology", "groups", 0, "count"]);
    expect(policy!.options!.map((o) => o.key)).toEqual(['"random"', '"power-of-choices"']);
    expect(hedge).toMatchObject({ optional: true, startValue: undefined, min: { value: 1 }, max: { value: 1000 } });
    expect(lesson.runs).toEqual([{ name: "light", label: "the light run", set: [{ path: "workload.rate.constant", value: "2/s" }] }]);
    expect(lesson.reference).toEqual({ set: [{ path: "workload.rate.constant", value: "10/s" }] });
  });

  it("takes the scenario inline as well as from a sibling file", () => {
    const inline = LESSON.replace("scenario: tiny.yaml", `scenario:\n${SCENARIO.trim().split("\n").map((l) => `  ${l}`).join("\n")}`);
    const lesson = loaded(inline);
    expect(lesson.scenarioFile).toBeNull();
    expect(lesson.start.name).toBe("tiny");
  });

  it("reports schema mistakes with the path and line in the lesson file", () => {
    expect(problems(LESSON.replace("order: 1", "order: 0").replace("title:", "titel:"))).toEqual([
      "4: order: must be an integer ≥ 1, got 0",
      '5: titel: unknown key "titel" (did you mean "title"?)',
    ]);
  });

  it("names a knob whose path is not in the scenario, with a did-you-mean", () => {
    expect(problems(LESSON.replace("topology.groups.server.count", "topology.groups.sever.count"))).toEqual([
      '16: knobs[1].path: not a field of the lesson\'s scenario: no element named "sever" in topology.groups (did you mean "server"?)',
    ]);
  });

  it("reads knob bounds with the scenario's own rules, so a bound in the wrong unit is caught", () => {
    expect(problems(LESSON.replace("min: 1/s", "min: 1ms"))).toEqual([
      '15: knobs[0].min: not a valid value of workload.rate.constant: unknown rate unit "ms" in "1ms" (did you mean "/ms"?)',
    ]);
  });

  it("refuses a required knob the scenario leaves out, and choices that are not valid values", () => {
    const broken = LESSON.replace(", optional: true }", " }").replace("value: power-of-choices", "value: two-choices");
    const found = problems(broken);
    expect(found).toHaveLength(2);
    expect(found[0]).toMatch(/^21: knobs\[2\]\.options\[1\]\.value: not a valid value of services\.api\.balancer\.policy: must be one of .*, got "two-choices"$/);
    expect(found[1]).toBe("22: knobs[3].path: the lesson's scenario leaves this field out; give it a starting value there, or mark the knob optional: true");
  });

  it("checks that every condition names a run that exists and a section the Result has", () => {
    const broken = LESSON.replace("run: light, times: 3", "run: lite, times: 3").replace("metric: groups.server.utilisation", "metric: group.server.utilisation");
    expect(problems(broken)).toEqual([
      '27: check[1].atMost.run: no run named "lite"; there are answer, start, light',
      '29: watch[0].metric: the Result has no section "group" (did you mean "groups"?)',
    ]);
  });

  it("reads unit strings in a condition's unit and refuses true/false outside equals", () => {
    const broken = LESSON.replace("unit: ms, below: 80ms", "unit: percent, below: 80ms").replace("watch:", "  - { label: SLOs, metric: slosPassed, atLeast: true }\nwatch:");
    expect(problems(broken)).toEqual([
      '26: check[0].below: expected a percentage like "99.95%", got "80ms"',
      "28: check[2].atLeast: true and false can only be compared with equals",
    ]);
  });

  it("checks that each comparison run's overrides apply to the scenario", () => {
    expect(problems(LESSON.replace("set: { workload.rate.constant: 2/s }", "set: { workload.rate.constant: fast }"))).toEqual([
      '24: runs.light.set: workload.rate.constant: expected a rate like "1200/s" or "90k/min", got "fast"',
    ]);
  });

  it("says when the scenario file is missing or invalid", () => {
    expect(problems(LESSON, {})).toEqual(['13: scenario: cannot find the scenario file "tiny.yaml" (it is read from the lesson\'s folder)']);
    expect(problems(LESSON, { "tiny.yaml": SCENARIO.replace("cores: 1", "cores: 0") })[0]).toBe("13: scenario: tiny.yaml:7: topology.groups[0].cores: must be an integer ≥ 1 and ≤ 4096, got 0");
  });
});
