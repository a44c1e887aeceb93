/**
 * A lesson's why page, chart and theory figures: the why page's {name} placeholders and the
 * chart's knob and figures are checked when the lesson loads (with the path in the lesson
 * file), and after a run the why page carries that run's numbers. Che's approximation as a
 * figure agrees with engine/theory/cache.ts for a one-node cache.
 */
import { describe, expect, it } from "vitest";
import { simulate } from "../index";
import { checkAnswer, loadLesson, referenceAnswer } from "./index";
import { cheHitRatio } from "../theory/cache";
import { validateScenario } from "../scenario/load";
import { parseScenarioText } from "../input/source";
import { theoryValue } from "./theory-figures";
import { LESSON, SCENARIO, tinyLesson } from "./test-support/tiny-lesson";

const WITH_WHY = LESSON.replace(
  "  - { label: Utilisation, metric: groups.server.utilisation, unit: percent }",
  "  - { label: Utilisation, name: util, metric: groups.server.utilisation, unit: percent }\nchart: { title: Utilisation by rate, x: workload.rate.constant, y: util }\nwhy: |\n  The servers were busy {util} of the time.\n\n  Second paragraph.",
);

function problems(text: string): string[] {
  const result = loadLesson(text, { fileName: "tiny.lesson.yaml", files: { "tiny.yaml": SCENARIO } });
  return result.ok ? [] : result.problems.map((p) => `${p.path}: ${p.message}`);
}

describe("a lesson's why page and chart", () => {
  it("fills the why page with the run's own numbers", () => {
    const lesson = tinyLesson(WITH_WHY);
    expect(lesson.chart).toEqual({ title: "Utilisation by rate", x: "workload.rate.constant", y: "util" });
    const checked = checkAnswer(lesson, referenceAnswer(lesson), (text) => simulate(text));
    if (!checked.ok) throw new Error("the reference answer is a valid scenario");
    const util = checked.verdict.figures.find((f) => f.name === "util")!;
    expect(util.source).toBe("measured");
    expect(checked.verdict.why).toEqual([`The servers were busy ${util.text} of the time.`, "Second paragraph."]);
    expect(util.text).toMatch(/^\d+(\.\d+)?%$/);
  });

  it("names a placeholder that is no figure, with a did-you-mean", () => {
    expect(problems(WITH_WHY.replace("{util}", "{utl}"))).toEqual(['why: {utl} names no watched figure (did you mean {util}?)']);
  });

  it("refuses a chart whose x is not a knob or whose y is not a named figure", () => {
    expect(problems(WITH_WHY.replace("x: workload.rate.constant, y: util", "x: run.duration, y: latency"))).toEqual([
      "chart.x: not a knob of the lesson; the knobs are workload.rate.constant, topology.groups.server.count, services.api.balancer.policy, workload.classes.request.call.hedgeAfter",
      "chart.y: names no watched figure; the names are util",
    ]);
  });

  it("wants a figure to give a metric or a theory, and a theory figure to read the answer", () => {
    expect(problems(WITH_WHY.replace("name: util, metric: groups.server.utilisation,", "name: util,"))).toEqual(["watch[0]: give metric, or theory, not both"]);
    expect(problems(WITH_WHY.replace("name: util, metric: groups.server.utilisation,", "name: util, theory: { cheHitRatio: api }, run: light,"))).toEqual([
      "watch[0].run: a theory figure is computed from your scenario: leave run out (answer)",
    ]);
  });
});

describe("Che's approximation as a lesson figure", () => {
  const scenario = (cache: string) => {
    const text = SCENARIO.replace("serviceTime: { type: exponential, mean: 10ms } }", `serviceTime: { type: exponential, mean: 10ms }, cache: ${cache} }`).replace("count: 2, cores: 1", "count: 1, cores: 1");
    const parsed = parseScenarioText(text);
    if (!parsed.ok) throw new Error("the tiny scenario parses");
    const validated = validateScenario(parsed.data);
    if (!validated.ok) throw new Error(validated.problems.map((p) => `${p.path}: ${p.message}`).join("\n"));
    return validated.scenario;
  };

  it("is engine/theory's Che hit ratio for the cache's Zipf popularity and size", () => {
    const computed = theoryValue({ kind: "cheHitRatio", service: "api" }, scenario("{ capacity: 100, keys: { zipf: 0.9, count: 1000 } }"));
    const weights = Array.from({ length: 1000 }, (_, i) => (i + 1) ** -0.9);
    const total = weights.reduce((a, b) => a + b, 0);
    expect(computed.ok && computed.value).toBeCloseTo(cheHitRatio(weights.map((w) => w / total), 100), 12);
  });

  it("says why there is no value for a TTL cache or a service without a cache", () => {
    expect(theoryValue({ kind: "cheHitRatio", service: "api" }, scenario("{ capacity: 100, ttl: 1m, keys: { zipf: 0.9, count: 1000 } }"))).toEqual({ ok: false, message: "Che's approximation leaves out TTL expiry and launches" });
    expect(theoryValue({ kind: "cheHitRatio", service: "web" }, scenario("{ capacity: 100, keys: { zipf: 0.9, count: 1000 } }"))).toEqual({ ok: false, message: 'no service "web"' });
  });
});
