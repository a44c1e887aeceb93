/**
 * Issue 20: reproducers from the fuzz run, each through the real bin as a CI system runs it.
 * Every one must end with a clear one-line error (or a correct result), never a stack trace
 * or exit 3.
 */
import { spawn } from "node:child_process";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { BIN, freshDir, REPO_ROOT, runCli, SHORT } from "./test-support/run-cli";

/** No stack trace and no internal error in what the user sees. */
function expectNoTrace(stderr: string): void {
  expect(stderr).not.toMatch(/\n\s+at .+:\d+:\d+\)?\n/);
  expect(stderr).not.toMatch(/internal error/);
}

describe("clustersim on bad output targets (defect 5)", () => {
  it("checks every target before the run and leaves existing files alone", () => {
    const dir = freshDir();
    mkdirSync(path.join(dir, "adir"));
    writeFileSync(path.join(dir, "keep.json"), "keep");
    const outcome = runCli(["run", "three-tier", ...SHORT, "-q", "--out", "keep.json", "--report", "adir"], { cwd: dir });
    expect(outcome.code).toBe(2);
    expect(outcome.stderr.trim()).toBe('clustersim: cannot write "adir" (--report): is a directory');
    expect(readFileSync(path.join(dir, "keep.json"), "utf8")).toBe("keep");
    for (const args of [["--out", ""], ["--junit", "adir"]]) {
      const bad = runCli(["run", "three-tier", ...SHORT, "-q", ...args], { cwd: dir });
      expect(bad.code).toBe(2);
      expectNoTrace(bad.stderr);
    }
  });
});

describe("clustersim writing into a closed pipe (defect 7)", () => {
  it("stops quietly with 141 when the reader goes away, no EPIPE stack trace", async () => {
    const child = spawn(process.execPath, [BIN, "list"], { cwd: REPO_ROOT, stdio: ["ignore", "pipe", "pipe"] });
    child.stdout.destroy(); // the reader closes before the first line: `clustersim list | true`
    let stderr = "";
    child.stderr.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk));
    const code = await new Promise<number | null>((resolve) => child.on("close", (c) => resolve(c)));
    expect(stderr).toBe("");
    expect(code).toBe(141);
  });
});

describe("clustersim reading inputs (defects 2 and 10)", () => {
  it("refuses a device as a scenario or data file at once, naming the field", () => {
    const dir = freshDir();
    const fixture = readFileSync(path.join(REPO_ROOT, "cli/test-support/replay.yaml"), "utf8");
    writeFileSync(path.join(dir, "s.yaml"), fixture.replace("../../scenarios/data/black-friday-2025.prom.json", "/dev/zero"));
    const data = runCli(["validate", "s.yaml"], { cwd: dir });
    expect(data.code).toBe(2);
    expect(data.stderr).toContain('s.yaml:23: workload.rate.replay.file: cannot read "/dev/zero" (/dev/zero): not a regular file');
    const scenario = runCli(["run", "/dev/zero"], { cwd: dir });
    expect(scenario.code).toBe(2);
    expect(scenario.stderr).toContain("cannot read /dev/zero: not a regular file");
  });

  it("refuses binary content and oversized files without echoing them", () => {
    const dir = freshDir();
    const garbage = Buffer.alloc(50_000, 0x41);
    garbage[100] = 0;
    writeFileSync(path.join(dir, "bin.yaml"), garbage);
    const binary = runCli(["validate", "bin.yaml"], { cwd: dir });
    expect(binary.code).toBe(2);
    expect(binary.stderr).toContain("not a text file (a NUL byte at offset 100");
    expect(binary.stderr.length).toBeLessThan(500);
    writeFileSync(path.join(dir, "big.yaml"), `# ${"x".repeat(5 * 1024 * 1024)}\n`);
    const big = runCli(["validate", "big.yaml"], { cwd: dir });
    expect(big.code).toBe(2);
    expect(big.stderr).toContain("cannot read big.yaml: 5.0 MB is more than the 4.0 MB a file may have");
  });
});

describe("clustersim compare on partial or hand-edited files (defect 6)", () => {
  it("names the first missing or wrong field with its path, exit 2", () => {
    const dir = freshDir();
    writeFileSync(path.join(dir, "partial.json"), '{"resultVersion":1,"requests":{},"slos":[]}');
    const full = runCli(["run", "three-tier", ...SHORT, "-q", "--json", "-o", "full.json"], { cwd: dir });
    expect(full.code).toBe(0);
    const result = JSON.parse(readFileSync(path.join(dir, "full.json"), "utf8"));
    delete result.requests.latencyMs.p99;
    result.slos[0].kind = "speed";
    writeFileSync(path.join(dir, "edited.json"), JSON.stringify(result));
    const set = { kind: "clustersim-replications", scenario: "x", seedFirst: 1, replications: 1, results: [{ ...result, groups: "none" }], slos: [] };
    writeFileSync(path.join(dir, "set.json"), JSON.stringify(set));
    const cases: Array<[string, string]> = [
      ["partial.json", "partial.json: scenario: expected a string, got nothing; not a complete clustersim Result"],
      ["edited.json", "edited.json: requests.latencyMs.p99: expected a number or null, got nothing"],
      ["set.json", "set.json: results[0].requests.latencyMs.p99: expected a number or null, got nothing; not a complete clustersim replication set"],
    ];
    for (const [file, message] of cases) {
      const outcome = runCli(["compare", file, "full.json"], { cwd: dir });
      expect(outcome.code).toBe(2);
      expect(outcome.stderr).toContain(message);
      expectNoTrace(outcome.stderr);
    }
  });
});

describe("clustersim merge on a damaged job count (defect 8)", () => {
  it("refuses a count far beyond the lines present, and counts missing jobs arithmetically", () => {
    const dir = freshDir();
    writeFileSync(path.join(dir, "huge.jsonl"), '{"sweep":"abc","job":0,"jobs":9007199254740991}\n');
    const huge = runCli(["merge", "huge.jsonl"], { cwd: dir });
    expect(huge.code).toBe(2);
    expect(huge.stderr.trim()).toBe("huge.jsonl:1: claims 9,007,199,254,740,991 jobs, but the files hold 1 lines; is the file damaged, or most of the shards missing?");
    writeFileSync(path.join(dir, "many.jsonl"), '{"sweep":"abc","job":5,"jobs":900000}\n');
    const many = runCli(["merge", "many.jsonl"], { cwd: dir });
    expect(many.code).toBe(2);
    expect(many.stderr.trim()).toBe("clustersim merge: 899999 of 900000 jobs missing (0, 1, 2, 3, 4, 6, 7, 8, 9, 10, …); is a shard file missing or incomplete?");
  });
});
