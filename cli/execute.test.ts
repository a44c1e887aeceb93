// Internal errors: a job that fails inside the engine becomes exit code 3 with the seed.
import { describe, expect, it } from "vitest";
import type { Scenario } from "../engine";
import type { CommandContext } from "./command";
import { CliError, ExitCode } from "./exit-codes";
import { executeJobs } from "./execute";

function context(): CommandContext & { err: string } {
  const ctx = {
    err: "",
    stdout: { write: () => {}, isTTY: false },
    stderr: { write: (text: string) => void (ctx.err += text), isTTY: false },
    env: {},
    cwd: "/",
    packageRoot: "/",
    signal: new AbortController().signal,
  };
  return ctx;
}

describe("executeJobs", () => {
  it("turns a job that throws inside the runner into exit code 3 naming the seed", async () => {
    // A scenario object that skipped validation: compiling it fails, which after validation
    // can only be a bug, so it must surface as an internal error rather than a usage error.
    const broken = { name: "broken", run: { duration: 1000, warmup: 0 } } as unknown as Scenario;
    const job = { input: { displayName: "broken.yaml", text: "", scenario: broken, files: {}, overrides: [] }, seed: 5, output: "result" as const };
    const error = await executeJobs([job], { workers: 1, label: "broken", jobNoun: "runs", quiet: true }, context()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CliError);
    expect((error as CliError).exitCode).toBe(ExitCode.internal);
    expect((error as CliError).lines[0]).toMatch(/^clustersim: internal error with seed 5: /);
  });
});
