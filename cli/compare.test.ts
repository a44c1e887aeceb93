// `clustersim compare` through the bin: side by side with deltas, and Welch significance only
// when both sides hold replications.
import { writeFileSync } from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { freshDir, runCliAsync as runCli, SHORT } from "./test-support/run-cli";

const dir = freshDir();
const base = ["run", "three-tier", ...SHORT, "-q", "--json"];

beforeAll(async () => {
  // a: 8 app nodes; b: 2. The app tier needs about 19 busy cores (2,000 requests/s x 9.6 ms
  // mean service time: 80% browse at 8 ms, 20% checkout at 16 ms) and b has 16, so b is
  // overloaded: queues grow until requests time out and latency rises by hundreds of ms, far
  // beyond the seed-to-seed noise. (The seeds are fixed, so the verdict is too.)
  const outcomes = await Promise.all([
    runCli([...base, "-o", "a1.json"], { cwd: dir }),
    runCli([...base, "-r", "3", "-o", "a3.json"], { cwd: dir }),
    runCli([...base, "-r", "3", "--set", "topology.groups.app.count=2", "-o", "b3.json"], { cwd: dir }),
  ]);
  for (const outcome of outcomes) expect(outcome.stderr).toBe("");
});

describe.concurrent("clustersim compare", () => {
  it("shows two single runs side by side with changes, and says significance needs replications", async () => {
    const outcome = await runCli(["compare", "a1.json", "b3.json"], { cwd: dir });
    expect(outcome.code).toBe(0);
    expect(outcome.stdout).toMatch(/^a: three-tier, seed 42 {2}\(a1\.json\)$/m);
    expect(outcome.stdout).toMatch(/^b: three-tier, seeds 42…44 \(3 replications\) {2}\(b3\.json\)$/m);
    expect(outcome.stdout).toMatch(/^latency mean\s+[\d.]+ ms\s+[\d.]+ ms\s+\+[\d.]+ ms\s+\+[\d.]+%\s+—$/m);
    expect(outcome.stdout).toContain("significance needs replications on both sides");
  });

  it("marks a large difference between replication sets as significant and says whether it is better or worse", async () => {
    const outcome = await runCli(["compare", "a3.json", "b3.json"], { cwd: dir });
    expect(outcome.code).toBe(0);
    expect(outcome.stdout).toMatch(/^latency mean .* significant \(p [<=] [\d.]+\), worse$/m);
    expect(outcome.stdout).toMatch(/^checkout-p99\s+[\d.]+ ms PASS\s+[\d.]+ ms (PASS|FAIL)$/m);
  });

  it("compares any number of the Result by path with --metric, and refuses a path that leads nowhere", async () => {
    const outcome = await runCli(["compare", "a1.json", "b3.json", "--metric", "groups.app.utilisation", "-m", "services.app.latencyMs.p99"], { cwd: dir });
    expect(outcome.code, outcome.stderr).toBe(0);
    expect(outcome.stdout).toMatch(/^groups\.app\.utilisation\s+0\.\d+\s+[\d.]+\s+\+[\d.]+/m);
    expect(outcome.stdout).toMatch(/^services\.app\.latencyMs\.p99\s+[\d.]+/m);
    const json = JSON.parse((await runCli(["compare", "a3.json", "b3.json", "--metric", "groups.app.utilisation", "-f", "json"], { cwd: dir })).stdout);
    const row = json.metrics.find((m: { key: string }) => m.key === "groups.app.utilisation");
    expect(row.b).toBeGreaterThan(row.a);
    const bad = await runCli(["compare", "a1.json", "b3.json", "--metric", "groups.ap.utilisation"], { cwd: dir });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toBe('a1.json: --metric groups.ap.utilisation: no element named "ap" in groups (did you mean "app"?)\n');
    const section = await runCli(["compare", "a1.json", "b3.json", "--metric", "grups.app.utilisation"], { cwd: dir });
    expect(section.code).toBe(2);
    expect(section.stderr).toContain('--metric grups.app.utilisation: the Result has no section "grups" (did you mean "groups"?)');
  });

  it("finds no significant difference between a replication set and itself", async () => {
    const outcome = await runCli(["compare", "a3.json", "a3.json", "--format", "json"], { cwd: dir });
    const json = JSON.parse(outcome.stdout);
    const latency = json.metrics.find((m: { key: string }) => m.key === "latencyMeanMs");
    expect(latency).toMatchObject({ delta: 0, pValue: 1, significant: false });
  });

  it("exits 2 with one line for a file that is not a Result", async () => {
    writeFileSync(path.join(dir, "junk.json"), '{"hello": 1}');
    const outcome = await runCli(["compare", "a1.json", "junk.json"], { cwd: dir });
    expect(outcome.code).toBe(2);
    expect(outcome.stderr).toBe("junk.json: not a clustersim Result or replication set; write it with clustersim run --json\n");
  });
});
