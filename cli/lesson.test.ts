// `clustersim lesson` through the bin: list, show, and check with its exit codes (0 every
// answer passes, 1 one fails, 2 bad input), as a teacher's CI job would see them.
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { freshDir, REPO_ROOT, runCliAsync as runCli } from "./test-support/run-cli";

const dir = freshDir("clustersim-lesson-");
const start = readFileSync(path.join(REPO_ROOT, "scenarios/lessons/01-utilisation.yaml"), "utf8");

/** Writes an answer: lesson 1's scenario with one edit. */
function answer(name: string, from: string, to: string): string {
  expect(start).toContain(from);
  writeFileSync(path.join(dir, name), start.replace(from, to));
  return name;
}

const passing = answer("alice.yaml", "constant: 20/s", "constant: 50/s");
const failing = answer("bob.yaml", "constant: 20/s", "constant: 80/s");
const cheating = answer("carol.yaml", "mean: 10ms", "mean: 1ms");
const invalid = answer("dave.yaml", "cores: 1 }", "cores: one }");

describe.concurrent("clustersim lesson", () => {
  it("lists the lessons in order with their goals", async () => {
    const outcome = await runCli(["lesson", "list"]);
    expect(outcome.code).toBe(0);
    expect(outcome.stdout).toMatch(/^ 1 {2}utilisation {5}Utilisation and queueing +Find the load at which/m);
    expect(outcome.stdout).toMatch(/^ 8 {2}retries /m);
  });

  it("shows a lesson with its knobs, hints and how to start", async () => {
    const outcome = await runCli(["lesson", "show", "balancing"]);
    expect(outcome.code).toBe(0);
    expect(outcome.stdout).toMatch(/^Lesson 3: Load balancing and the power of two choices \(balancing\)$/m);
    expect(outcome.stdout).toMatch(/^ {2}services\.api\.balancer\.policy +Balancing policy: Random \| Round robin \| Power of choices/m);
    expect(outcome.stdout).toContain("cp scenarios/lessons/03-balancing.yaml my-answer.yaml");
  });

  it("exits 0 and prints PASS with the numbers for an answer that passes", async () => {
    const outcome = await runCli(["lesson", "check", "utilisation", passing], { cwd: dir });
    expect(outcome.stderr).toBe("");
    expect(outcome.code).toBe(0);
    expect(outcome.stdout).toMatch(/^PASS alice\.yaml: lesson 1 \(utilisation\), seed 7: Passed: all 2 conditions hold\.$/m);
    expect(outcome.stdout).toMatch(/✓ p99 latency in your run is [\d.]+ ms: at most [\d.]+ ms \(2 × p99 latency in the light-load/);
  });

  it("exits 1 and says what is still off for an answer that fails", async () => {
    const outcome = await runCli(["lesson", "check", "1", failing], { cwd: dir });
    expect(outcome.code).toBe(1);
    expect(outcome.stdout).toMatch(/^FAIL bob\.yaml: lesson 1 \(utilisation\), seed 7: Not yet: 1 of 2 conditions fail\.$/m);
    expect(outcome.stdout).toContain("Latency has more than doubled, so the server is too busy; lower the rate.");
  });

  it("exits 1, without running, for an answer that changes more than the knobs", async () => {
    const outcome = await runCli(["lesson", "check", "utilisation", cheating], { cwd: dir });
    expect(outcome.code).toBe(1);
    expect(outcome.stdout).toContain("services.api.serviceTime.mean: changed, but this lesson only lets you turn");
  });

  it("exits 2 with file:line: path: message for an answer that is not a valid scenario", async () => {
    const outcome = await runCli(["lesson", "check", "utilisation", invalid], { cwd: dir });
    expect(outcome.code).toBe(2);
    expect(outcome.stderr).toBe('dave.yaml:14: topology.groups[0].cores: expected an integer ≥ 1 and ≤ 4096, got "one"\n');
  });

  it("exits 2 for an unknown lesson, suggesting the nearest id", async () => {
    const outcome = await runCli(["lesson", "check", "utilisaton", passing], { cwd: dir });
    expect(outcome.code).toBe(2);
    expect(outcome.stderr).toBe('clustersim lesson: no lesson "utilisaton" (did you mean "utilisation"?)\n');
  });

  it("grades a folder of answers: one line each, a tally, and the worst exit code", async () => {
    const outcome = await runCli(["lesson", "check", "utilisation", passing, failing, cheating, "--quiet"], { cwd: dir });
    expect(outcome.code).toBe(1);
    expect(outcome.stdout.split("\n").filter((l) => l !== "").map((l) => l.slice(0, 15))).toEqual(["PASS alice.yaml", "FAIL bob.yaml: ", "FAIL carol.yaml"]);
    expect(outcome.stderr).toBe("1 of 3 answers pass\n");
  });

  it("writes one JSON verdict per answer with --json", async () => {
    const outcome = await runCli(["lesson", "check", "utilisation", passing, invalid, "--json"], { cwd: dir });
    expect(outcome.code).toBe(2);
    const [first, second] = outcome.stdout.trim().split("\n").map((line) => JSON.parse(line));
    expect(first).toMatchObject({ answer: "alice.yaml", valid: true, lesson: "utilisation", seed: 7, passed: true });
    expect(first.conditions).toHaveLength(2);
    expect(second).toMatchObject({ answer: "dave.yaml", lesson: "utilisation", valid: false });
  });
});
