// --help for every command (in process), and --version, `list` and `validate` through the bin.
import { writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { commands } from "./commands/index";
import { main } from "./main";
import { freshDir, REPO_ROOT, runCliAsync as runCli } from "./test-support/run-cli";

/** Runs main() in this process (no simulation happens, so no subprocess is needed). */
async function mainInProcess(argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = "";
  let stderr = "";
  const code = await main(argv, {
    packageRoot: REPO_ROOT,
    stdout: { write: (text) => void (stdout += text), isTTY: false },
    stderr: { write: (text) => void (stderr += text), isTTY: false },
  });
  return { code, stdout, stderr };
}

describe.concurrent("help and version", () => {
  for (const command of commands) {
    it(`prints usage, every option and examples for clustersim ${command.name} --help`, async () => {
      const outcome = await mainInProcess([command.name, "--help"]);
      expect(outcome.code).toBe(0);
      expect(outcome.stdout.startsWith(`usage: clustersim ${command.name}`)).toBe(true);
      for (const option of Object.keys(command.options)) expect(outcome.stdout).toContain(`--${option}`);
      expect(outcome.stdout).toContain("examples:");
    });
  }

  it("prints a command's help with clustersim help <command>", async () => {
    const outcome = await mainInProcess(["help", "sweep"]);
    expect(outcome.code).toBe(0);
    expect(outcome.stdout.startsWith("usage: clustersim sweep")).toBe(true);
  });

  it("lists every command in clustersim --help, with the exit codes", async () => {
    const outcome = await mainInProcess(["--help"]);
    expect(outcome.code).toBe(0);
    for (const command of commands) expect(outcome.stdout).toMatch(new RegExp(`^  ${command.name} +\\S`, "m"));
    expect(outcome.stdout).toContain("0 all SLOs pass · 1 an SLO fails · 2 bad usage or invalid scenario · 3 internal error");
  });

  it("prints the help on stderr and exits 2 when no command is given", async () => {
    const outcome = await runCli([]);
    expect(outcome.code).toBe(2);
    expect(outcome.stdout).toBe("");
    expect(outcome.stderr).toContain("usage: clustersim <command>");
  });

  it("prints the version of the CLI and the engine", async () => {
    const outcome = await runCli(["--version"]);
    expect(outcome.code).toBe(0);
    expect(outcome.stdout).toMatch(/^clustersim \d+\.\d+\.\d+ \(engine \d+\.\d+\.\d+, node [\d.]+\)\n$/);
  });
});

describe.concurrent("list and validate", () => {
  it("lists the built-in scenarios with their one-line descriptions", async () => {
    const outcome = await runCli(["list"]);
    expect(outcome.code).toBe(0);
    expect(outcome.stdout).toMatch(/^three-tier +A web → app → db shop behind balancers, steady traffic\.$/m);
  });

  it("accepts valid scenarios and prints every problem of an invalid one as file:line: path: message", async () => {
    const dir = freshDir();
    writeFileSync(path.join(dir, "bad.yaml"), ["version: 1", "name: bad", "run: { duration: 1m, warmup: 2m }", "topology: { groups: [] }", "services: []", ""].join("\n"));
    const outcome = await runCli(["validate", path.join(dir, "bad.yaml"), "three-tier"], { cwd: dir });
    expect(outcome.code).toBe(2);
    expect(outcome.stdout).toMatch(/three-tier\.yaml: ok \(three-tier\)\n$/);
    const bad = path.join(dir, "bad.yaml");
    expect(outcome.stderr.split("\n")).toEqual([
      `${bad}:3: run.warmup: must be shorter than duration (1.0 min), got 2.0 min`,
      `${bad}:4: topology.groups: must have at least 1 item, got 0`,
      `${bad}:5: services: must have at least 1 item, got 0`,
      `${bad}:1: workload: required`,
      "1 of 2 files invalid",
      "",
    ]);
  });
});
