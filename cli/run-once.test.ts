/**
 * A single `clustersim run` reads its scenario once: one YAML parse, one compile (each of the
 * four mechanism compilers once), one ClusterModel; `clustersim validate` parses and compiles
 * but builds no model. The CLI runs in this process, and vi.mock wraps the engine modules'
 * own functions with counters, so the counts are those of the real calls: a second compile
 * or model anywhere on the path (the check, the job, the engine) fails this test.
 */
import { describe, expect, it, vi } from "vitest";
import { main } from "./main";
import { REPO_ROOT, SHORT } from "./test-support/run-cli";

const counts = vi.hoisted(() => ({ parses: 0, compiles: 0, faults: 0, caches: 0, operations: 0, dataTier: 0, models: 0 }));

/** `fn`, counting its calls in `counts[key]`. */
function counted<A extends unknown[], R>(key: keyof typeof counts, fn: (...args: A) => R): (...args: A) => R {
  return (...args) => {
    counts[key]++;
    return fn(...args);
  };
}

vi.mock("../engine/input/source", async (importOriginal) => {
  const actual = await importOriginal<typeof import("../engine/input/source")>();
  return { ...actual, parseScenarioText: counted("parses", actual.parseScenarioText) };
});
vi.mock("../engine/scenario/compile", async (importOriginal) => {
  const actual = await importOriginal<typeof import("../engine/scenario/compile")>();
  return { ...actual, compileScenario: counted("compiles", actual.compileScenario) };
});
vi.mock("../engine/scenario/compile-faults", async (importOriginal) => {
  const actual = await importOriginal<typeof import("../engine/scenario/compile-faults")>();
  return { ...actual, compileFaults: counted("faults", actual.compileFaults) };
});
vi.mock("../engine/scenario/compile-cache", async (importOriginal) => {
  const actual = await importOriginal<typeof import("../engine/scenario/compile-cache")>();
  return { ...actual, compileCaches: counted("caches", actual.compileCaches) };
});
vi.mock("../engine/scenario/compile-operations", async (importOriginal) => {
  const actual = await importOriginal<typeof import("../engine/scenario/compile-operations")>();
  return { ...actual, compileOperations: counted("operations", actual.compileOperations) };
});
vi.mock("../engine/scenario/compile-data", async (importOriginal) => {
  const actual = await importOriginal<typeof import("../engine/scenario/compile-data")>();
  return { ...actual, compileDataTier: counted("dataTier", actual.compileDataTier) };
});
vi.mock("../engine/model/cluster-model", async (importOriginal) => {
  const actual = await importOriginal<typeof import("../engine/model/cluster-model")>();
  class CountedClusterModel extends actual.ClusterModel {
    constructor(...args: ConstructorParameters<typeof actual.ClusterModel>) {
      super(...args);
      counts.models++;
    }
  }
  return { ...actual, ClusterModel: CountedClusterModel };
});

/** Runs `clustersim <argv>` in this process with fresh counters. */
async function mainCounting(argv: string[]): Promise<{ code: number; stdout: string; stderr: string; counts: typeof counts }> {
  for (const key of Object.keys(counts) as Array<keyof typeof counts>) counts[key] = 0;
  let stdout = "";
  let stderr = "";
  const code = await main(argv, {
    packageRoot: REPO_ROOT,
    env: {},
    stdout: { write: (text) => void (stdout += text), isTTY: false },
    stderr: { write: (text) => void (stderr += text), isTTY: false },
  });
  return { code, stdout, stderr, counts: { ...counts } };
}

describe("the work of one CLI command", () => {
  it("parses, compiles and builds the model exactly once for clustersim run", async () => {
    const outcome = await mainCounting(["run", "three-tier", ...SHORT, "--quiet", "--json"]);
    expect(outcome.stderr).toBe("");
    expect([0, 1]).toContain(outcome.code);
    expect(JSON.parse(outcome.stdout).scenario).toBe("three-tier");
    expect(outcome.counts).toEqual({ parses: 1, compiles: 1, faults: 1, caches: 1, operations: 1, dataTier: 1, models: 1 });
  });

  it("parses and compiles once, and builds no model, for clustersim validate", async () => {
    const outcome = await mainCounting(["validate", "three-tier"]);
    expect(outcome.code).toBe(0);
    expect(outcome.counts).toEqual({ parses: 1, compiles: 1, faults: 1, caches: 1, operations: 1, dataTier: 1, models: 0 });
  });
});
