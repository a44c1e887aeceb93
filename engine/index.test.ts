/**
 * Cross-layer checks of the public API: determinism to the byte, seeds that matter, slicing
 * that does not, and every example scenario loading and running.
 */
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { digestString, parseScenario, prepareRun, requiredFiles, resultDigest, serializeResult, simulate } from "./index";

const ROOT = path.resolve(path.dirname(new URL(import.meta.url).pathname), "..");
const THREE_TIER = readFileSync(path.join(ROOT, "scenarios/three-tier.yaml"), "utf8");
const SHORT = ["run.duration=20s", "run.warmup=2s"];

/**
 * Pinned digest of the core sections of three-tier.yaml's Result at 20 s, seed 42, in V8
 * (requests, classes, Little's law, services, groups, nodes, cost, series). New Result sections
 * do not move it; a change to what the model computes does. Math.exp/log may differ in the
 * last bit between JavaScript engines, so golden digests are pinned per engine family; when a
 * deliberate model change moves it, pin the new value in the same commit and say why.
 */
const GOLDEN_THREE_TIER_20S_V8: string = "eb00f7b4df28049a56570886c8e76731"; // issues 13 (capacity, series), 14 (waits, causes, warm-up, interpolated percentiles): re-pinned on the merged engine

function coreDigest(result: ReturnType<typeof simulate>): string {
  const { requests, classes, littlesLaw, services, groups, nodes, cost, series } = result;
  return digestString(JSON.stringify({ requests, classes, littlesLaw, services, groups, nodes, cost, series }));
}

describe("determinism", () => {
  it("gives byte-identical Results for the same scenario and seed", () => {
    const a = serializeResult(simulate(THREE_TIER, { overrides: SHORT }));
    const b = serializeResult(simulate(THREE_TIER, { overrides: SHORT }));
    expect(b).toBe(a);
  });

  it("matches the pinned digest for V8", () => {
    const digest = coreDigest(simulate(THREE_TIER, { overrides: SHORT }));
    expect(digest, "the core of three-tier.yaml's Result changed: if the model change was deliberate, pin the new digest here and say why in the commit").toBe(GOLDEN_THREE_TIER_20S_V8);
  });

  it("gives a different Result for a different seed", () => {
    const a = resultDigest(simulate(THREE_TIER, { overrides: SHORT, seed: 1 }));
    const b = resultDigest(simulate(THREE_TIER, { overrides: SHORT, seed: 2 }));
    expect(b).not.toBe(a);
  });

  it("gives the same Result whatever the slice size", () => {
    const whole = resultDigest(simulate(THREE_TIER, { overrides: SHORT }));
    const prepared = prepareRun(THREE_TIER, { overrides: SHORT });
    if (!prepared.ok) throw new Error("scenario should load");
    let slices = 0;
    while (!prepared.run.advance({ eventsMax: 777 }).done) slices++;
    expect(slices).toBeGreaterThan(100);
    expect(resultDigest(prepared.run.result())).toBe(whole);
  });

  it("serialises no NaN or Infinity", () => {
    const text = serializeResult(simulate(THREE_TIER, { overrides: SHORT }));
    expect(text).not.toMatch(/NaN|Infinity/);
  });
});

describe("example scenarios", () => {
  const files = readdirSync(path.join(ROOT, "scenarios"), { recursive: true, encoding: "utf8" })
    .filter((f) => f.endsWith(".yaml") && !f.endsWith(".lesson.yaml")) // lesson files are not scenarios
    .sort();

  it("exist", () => {
    expect(files.length).toBeGreaterThan(5);
  });

  for (const file of files) {
    it(`${file} loads, has a description and runs briefly`, () => {
      const text = readFileSync(path.join(ROOT, "scenarios", file), "utf8");
      const first = parseScenario(text, { fileName: file });
      if (!first.ok) throw new Error(first.problems.map((p) => `${p.path}: ${p.message}`).join("\n"));
      expect(first.scenario.description.length).toBeGreaterThan(10);
      const files: Record<string, string> = {};
      for (const ref of requiredFiles(first.scenario)) files[ref] = readFileSync(path.join(ROOT, "scenarios", path.dirname(file), ref), "utf8");
      const duration = Math.min(first.scenario.run.duration, 30_000);
      const result = simulate(text, { files, overrides: [`run.duration=${duration}ms`, "run.warmup=0s", `run.window=${Math.min(first.scenario.run.window ?? 1000, duration)}ms`] });
      expect(result.scenario).toBe(first.scenario.name);
    });
  }
});
