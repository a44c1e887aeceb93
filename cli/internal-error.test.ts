/**
 * Issue 20, defect 9: an internal error outside the job runner (loading, writing, compare)
 * still names the command line and seed that reproduce it, and shows its stack only with
 * --debug. The crash is injected into the scenario loader.
 */
import { describe, expect, it, vi } from "vitest";
import { main } from "./main";
import { REPO_ROOT } from "./test-support/run-cli";

vi.mock("./scenario-input", async (importOriginal) => {
  const actual = await importOriginal<typeof import("./scenario-input")>();
  const boom = (): never => { throw new TypeError("boom in the loader"); };
  return { ...actual, checkScenario: boom, readScenario: boom };
});

async function runMain(argv: string[]): Promise<{ code: number; stderr: string }> {
  let stderr = "";
  const sink = { write: (text: string) => void (stderr += text), isTTY: false, columns: 80 };
  const code = await main(argv, { packageRoot: REPO_ROOT, stdout: { ...sink, write: () => undefined }, stderr: sink, env: {} });
  return { code, stderr };
}

describe("internal errors outside the job runner", () => {
  it("name the command line and the seed, with no stack trace", async () => {
    const { code, stderr } = await runMain(["run", "three-tier", "--set", "run.duration=1 s"]);
    expect(code).toBe(3);
    expect(stderr).toBe([
      "clustersim: internal error: boom in the loader",
      "reproduce with: clustersim run three-tier --set 'run.duration=1 s' (seed: the scenario's own seed unless --seed is given)",
      "add --debug for the stack trace",
      "please report it with the command line and the scenario",
      "",
    ].join("\n"));
  });

  it("show the stack with --debug", async () => {
    const { code, stderr } = await runMain(["run", "three-tier", "--seed", "5", "--debug"]);
    expect(code).toBe(3);
    expect(stderr).toMatch(/^clustersim: internal error: boom in the loader\nTypeError: boom in the loader\n\s+at /);
    expect(stderr).toContain("reproduce with: clustersim run three-tier --seed 5 (seed: the --seed given)");
  });
});
