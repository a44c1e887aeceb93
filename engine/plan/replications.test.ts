import { describe, expect, it } from "vitest";
import type { SloCheck } from "./evidence";
import type { FailureCase } from "./failure-cases";
import { isSettled, ReplicationRunner, type CandidateWork } from "./replications";
import { seedNoise } from "./test-support/synthetic";
import type { EvaluateRuns, RunSummary } from "./types";

const CHECKS: SloCheck[] = [
  { name: "lat", slo: "lat", kind: "latency", target: 100, objective: "p99 < 100 ms" },
  { name: "avail", slo: "avail", kind: "availability", target: 0.99, objective: "availability >= 99%" },
];

/** A small deterministic generator (a linear congruential one), so the random plans are the same every time. */
function lcg(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

/**
 * A model per (candidate, case): latency around a mean with noise per seed, some cases near the
 * threshold (several rounds, or undecided at the cap), some far off, and some runs stopped early
 * (a lost availability SLO), all read from the case's overrides.
 */
function evaluator(): { evaluate: EvaluateRuns; runs: () => number } {
  let runs = 0;
  const evaluate: EvaluateRuns = async (requests) =>
    requests.map((request): RunSummary => {
      runs += 1;
      const model = request.overrides.find((o) => o.path === "model")!.value as { mean: number; noise: number; lostSeed: number };
      if (request.seed === model.lostSeed) {
        return { slos: [{ name: "avail", measured: null, windowsMeetingShare: null, passed: false }], requestsCompleted: 0, events: 1, costPerHour: 0, lost: { slo: "avail", atMs: 1000, reason: "test" } };
      }
      const lat = model.mean + model.noise * seedNoise(request.seed);
      return { slos: [{ name: "lat", measured: lat, windowsMeetingShare: null, passed: lat < 100 }, { name: "avail", measured: 1, windowsMeetingShare: null, passed: true }], requestsCompleted: 100, events: 100, costPerHour: 1 };
    });
  return { evaluate, runs: () => runs };
}

/** `count` random candidates of 1 to 4 cases each. */
function randomWorks(seed: number, count: number): CandidateWork[] {
  const random = lcg(seed);
  const works: CandidateWork[] = [];
  for (let w = 0; w < count; w++) {
    const cases: FailureCase[] = [];
    const caseCount = 1 + Math.floor(random() * 4);
    for (let c = 0; c < caseCount; c++) {
      // Means from 60 to 140 ms around the 100 ms threshold, noise 0 to 30 ms; one run in eight stops early.
      const model = { mean: 60 + 80 * random(), noise: 30 * random(), lostSeed: random() < 0.125 ? 1 + Math.floor(random() * 3) : -1 };
      cases.push({ name: c === 0 ? "as-written" : `loss-${c}`, description: "", overrides: [{ path: "model", value: model }] });
    }
    works.push({ key: `w${w}`, overrides: [], cases });
  }
  return works;
}

function runner(evaluate: EvaluateRuns, screening: boolean): ReplicationRunner {
  return new ReplicationRunner({ evaluate, checks: CHECKS, confidence: 0.95, replicationsMin: 3, replicationsMax: 8, seed: 1, screening });
}

describe("screening one failure case first", () => {
  it("gives every candidate the verdict that running all its cases together gives", async () => {
    let screenedRuns = 0;
    let togetherRuns = 0;
    let candidates = 0;
    const verdicts = { pass: 0, fail: 0, undecided: 0 };
    for (let plan = 0; plan < 40; plan++) {
      const works = randomWorks(1000 + plan, 6);
      const screened = evaluator();
      const together = evaluator();
      const screenedRunner = runner(screened.evaluate, true);
      const togetherRunner = runner(together.evaluate, false);
      // Judged in pairs, as the search does, so earlier failures steer later screening.
      for (let w = 0; w < works.length; w += 2) {
        const pair = works.slice(w, w + 2);
        const a = await screenedRunner.judge(pair);
        const b = await togetherRunner.judge(pair);
        pair.forEach((work, i) => expect(a[i]!.verdict, `plan ${plan}, ${work.key}`).toBe(b[i]!.verdict));
        for (const e of b) verdicts[e.verdict] += 1;
        candidates += pair.length;
      }
      screenedRuns += screened.runs();
      togetherRuns += together.runs();
    }
    expect(candidates).toBe(240);
    // Every kind of verdict occurs (measured: 41 pass, 180 fail, 19 undecided).
    expect(verdicts.pass).toBeGreaterThan(20);
    expect(verdicts.fail).toBeGreaterThan(20);
    expect(verdicts.undecided).toBeGreaterThan(5);
    // Measured: 1,382 runs screened against 1,907 together over these 240 candidates.
    expect(screenedRuns).toBeLessThan(togetherRuns);
  });

  it("leaves the other cases of a candidate that fails its screening case unrun, and says why", async () => {
    const fail = { mean: 200, noise: 1, lostSeed: -1 };
    const pass = { mean: 50, noise: 1, lostSeed: -1 };
    const cases: FailureCase[] = [
      { name: "as-written", description: "", overrides: [{ path: "model", value: pass }] },
      { name: "zone-loss:a", description: "", overrides: [{ path: "model", value: fail }] },
      { name: "zone-loss:b", description: "", overrides: [{ path: "model", value: pass }] },
    ];
    const counted = evaluator();
    const [evidence] = await runner(counted.evaluate, true).judge([{ key: "k", overrides: [], cases }]);
    expect(evidence!.verdict).toBe("fail");
    // The first generated loss is screened first (no failures seen yet): 3 runs, not 9.
    expect(counted.runs()).toBe(3);
    expect(evidence!.cases.map((c) => c.n)).toEqual([0, 3, 0]);
    expect(evidence!.cases[0]!.stopped).toBe("not run: the candidate already failed in zone-loss:a, and failing one case fails it");
  });

  it("screens the case that failed the most candidates so far, and completes a screened candidate later", async () => {
    const pass = { mean: 50, noise: 1, lostSeed: -1 };
    const fail = { mean: 200, noise: 1, lostSeed: -1 };
    const work = (key: string, writtenFails: boolean): CandidateWork => ({
      key,
      overrides: [],
      cases: [
        { name: "as-written", description: "", overrides: [{ path: "model", value: writtenFails ? fail : pass }] },
        { name: "zone-loss:a", description: "", overrides: [{ path: "model", value: pass }] },
      ],
    });
    const counted = evaluator();
    const judge = runner(counted.evaluate, true);
    // The first candidate fails as written after passing its zone case: 6 runs.
    await judge.judge([work("small", true)]);
    expect(counted.runs()).toBe(6);
    // Now "as-written" has failed once: it is screened first, and passes; the zone case waits.
    const [screened] = await judge.judge([work("large", false)], { screenOnly: true });
    expect(counted.runs()).toBe(9);
    expect(screened!.cases.map((c) => c.n)).toEqual([3, 0]);
    expect(isSettled(screened!)).toBe(false);
    const [complete] = await judge.judge([work("large", false)]);
    expect(complete!.verdict).toBe("pass");
    expect(complete!.cases.map((c) => c.n)).toEqual([3, 3]);
    expect(isSettled(complete!)).toBe(true);
  });
});
