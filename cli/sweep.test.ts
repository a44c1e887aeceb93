// Sweeps through the bin: 3 shard processes plus merge write exactly the file of one unsharded
// sweep; merge refuses incomplete or mixed inputs and reads shard headers and `kubectl logs`
// output; bad --grid and --shard arguments exit 2. (The grid and shard arithmetic is tested in
// engine/plan/sweep-plan.test.ts, the Kubernetes Job in deploy/kubernetes/sweep-job.test.ts,
// uploads in cli/upload.test.ts.)
import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { spawnSync } from "node:child_process";
import { BIN, freshDir, runCliAsync as runCli, SHORT } from "./test-support/run-cli";

const SWEEP = ["sweep", "three-tier", ...SHORT, "--grid", "topology.groups.app.count=4,8", "--grid", "workload.rate.constant=1k/s,2k/s", "-r", "2", "-q"];

describe.concurrent("clustersim sweep and merge", () => {
  it("merges 3 shard processes into exactly the file of the single-process sweep", async () => {
    const dir = freshDir();
    const [single, ...shards] = await Promise.all([
      runCli([...SWEEP, "-w", "2", "--out", "all.jsonl"], { cwd: dir }),
      runCli([...SWEEP, "-w", "1", "--shard", "0/3", "--out", "shard-{shard}.jsonl"], { cwd: dir }),
      // The middle shard takes its index from the environment, as in a Kubernetes Indexed Job.
      runCli([...SWEEP, "-w", "1", "--out", "shard-{shard}.jsonl"], { cwd: dir, env: { JOB_COMPLETION_INDEX: "1", CLUSTERSIM_SHARD_COUNT: "3" } }),
      runCli([...SWEEP, "-w", "1", "--shard", "2/3", "--out", "shard-{shard}.jsonl"], { cwd: dir }),
    ]);
    for (const outcome of [single, ...shards]) expect(outcome.code, outcome.stderr).toBe(0);
    const merge = await runCli(["merge", "shard-2.jsonl", "shard-0.jsonl", "shard-1.jsonl", "--out", "merged.jsonl"], { cwd: dir });
    expect(merge.code, merge.stderr).toBe(0);
    const all = readFileSync(path.join(dir, "all.jsonl"), "utf8");
    expect(readFileSync(path.join(dir, "merged.jsonl"), "utf8")).toBe(all);
    const lines = all.trimEnd().split("\n").map((line) => JSON.parse(line));
    expect(lines.map((l) => [l.job, l.point, l.replication, l.seed])).toEqual([
      [0, 0, 0, 42], [1, 0, 1, 43], [2, 1, 0, 42], [3, 1, 1, 43], [4, 2, 0, 42], [5, 2, 1, 43], [6, 3, 0, 42], [7, 3, 1, 43],
    ]);
    expect(lines[5].set).toEqual({ "topology.groups.app.count": "8", "workload.rate.constant": "1k/s" });
    const [header, ...shardLines] = readFileSync(path.join(dir, "shard-1.jsonl"), "utf8").trimEnd().split("\n").map((l) => JSON.parse(l));
    expect(header).toEqual({ format: "clustersim-sweep-shard/1", sweep: lines[0].sweep, shard: 1, shards: 3, jobs: 8, lines: 3 });
    expect(shardLines.map((l) => l.job)).toEqual([1, 4, 7]);
    expect(single.stdout).toMatch(/^point\s+topology\.groups\.app\.count\s+workload\.rate\.constant\s+runs/);
    expect(readdirSync(dir).filter((name) => name.endsWith(".tmp"))).toEqual([]);
  });

  it("adds the number at each --metric path to every line, and leaves lines without it unchanged", async () => {
    const dir = freshDir();
    const tiny = ["sweep", "three-tier", ...SHORT, "--grid", "topology.groups.app.count=4,8", "-q"];
    const [plain, withPaths] = await Promise.all([
      runCli([...tiny, "--out", "plain.jsonl"], { cwd: dir }),
      runCli([...tiny, "--metric", "groups.app.utilisation", "-m", "classes.checkout.latencyMs.p99", "-m", "groups.nope.utilisation", "--out", "paths.jsonl"], { cwd: dir }),
    ]);
    expect(plain.code, plain.stderr).toBe(0);
    expect(withPaths.code, withPaths.stderr).toBe(0);
    expect(withPaths.stderr).toContain('clustersim: warning: --metric groups.nope.utilisation: no element named "nope" in groups');
    const read = (name: string) => readFileSync(path.join(dir, name), "utf8").trimEnd().split("\n").map((l) => JSON.parse(l));
    const [a, b] = [read("plain.jsonl"), read("paths.jsonl")];
    expect(Object.keys(a[0])).not.toContain("paths");
    expect(Object.keys(b[0])).toEqual(["sweep", "job", "jobs", "point", "replication", "seed", "set", "events", "digest", "metrics", "paths", "slos", "slosPassed"]);
    // Same runs: everything but the sweep id and the paths agrees.
    expect(b.map((l) => l.digest)).toEqual(a.map((l) => l.digest));
    expect(b[0].paths["groups.app.utilisation"]).toBeGreaterThan(b[1].paths["groups.app.utilisation"]);
    expect(b[0].paths["classes.checkout.latencyMs.p99"]).toBeGreaterThan(0);
    expect(b[0].paths["groups.nope.utilisation"]).toBeNull();
    const bad = await runCli([...tiny, "--metric", "grups.app"], { cwd: dir });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--metric grups.app: the Result has no section "grups" (did you mean "groups"?)');
  });

  it("refuses to merge when a shard is missing or from another sweep", async () => {
    const dir = freshDir();
    // A two-job sweep in two shards of one job each (they run inline: no worker start-up).
    const tiny = ["sweep", "three-tier", ...SHORT, "--grid", "topology.groups.app.count=4,8", "-q"];
    const [a, b] = await Promise.all([
      runCli([...tiny, "--shard", "0/2", "--out", "a.jsonl"], { cwd: dir }),
      runCli([...tiny, "--seed", "1", "--shard", "1/2", "--out", "b.jsonl"], { cwd: dir }),
    ]);
    expect([a.code, b.code]).toEqual([0, 0]);
    const missing = await runCli(["merge", "a.jsonl", "--out", "m.jsonl"], { cwd: dir });
    expect(missing.code).toBe(2);
    expect(missing.stderr).toBe("clustersim merge: 1 of 2 jobs missing (1); no lines from shard 1/2: is a shard file or pod log missing?\n");
    const mixed = await runCli(["merge", "a.jsonl", "b.jsonl"], { cwd: dir });
    expect(mixed.code).toBe(2);
    expect(mixed.stderr).toMatch(/^b\.jsonl:1: line of sweep \w+ \(2 jobs\), but a\.jsonl:1 is of sweep \w+ \(2 jobs\); merge only shards of one sweep\n$/);
    expect(existsSync(path.join(dir, "m.jsonl"))).toBe(false);
    // Without the header (an older shard file, or lines cut out of one), the gap is still found.
    writeFileSync(path.join(dir, "bare.jsonl"), readFileSync(path.join(dir, "a.jsonl"), "utf8").split("\n").slice(1).join("\n"));
    const bare = await runCli(["merge", "bare.jsonl"], { cwd: dir });
    expect(bare.stderr).toBe("clustersim merge: 1 of 2 jobs missing (1); is a shard file missing or incomplete?\n");
  });

  it("exits 2 with a line per problem for bad --grid and --shard arguments", async () => {
    const grid = await runCli(["sweep", "three-tier", "--grid", "a", "--grid", "b=1,,2"]);
    expect(grid.code).toBe(2);
    expect(grid.stderr).toBe('clustersim sweep: --grid: expected path=v1,v2,…, got "a" (see clustersim sweep --help)\nclustersim sweep: --grid b: empty value in "1,,2" (see clustersim sweep --help)\n');
    const shard = await runCli(["sweep", "three-tier", "--shard", "3/3"]);
    expect(shard.code).toBe(2);
    expect(shard.stderr).toBe("clustersim sweep: --shard 3/3: need a shard count ≥ 1 and 0 ≤ index < count (see clustersim sweep --help)\n");
  });

  it("checks every grid point before running and writes nothing when one is invalid", async () => {
    const dir = freshDir();
    const outcome = await runCli(["sweep", "three-tier", ...SHORT, "--grid", "topology.groups.app.cores=8,0", "--out", "x.jsonl"], { cwd: dir });
    expect(outcome.code).toBe(2);
    expect(outcome.stderr.split("\n")).toEqual([
      "grid point 1 (topology.groups.app.cores=0):",
      expect.stringMatching(/^ {2}\/.*scenarios\/three-tier\.yaml:19: topology\.groups\[1\]\.cores: must be an integer ≥ 1/),
      "1 of 2 grid points invalid; nothing ran",
      "",
    ]);
    expect(readdirSync(dir)).toEqual([]);
  });
});

describe("shards on stdout, merged from pod logs", () => {
  it("merges plain logs, one interleaved --prefix --timestamps log and stdin into the unsharded file, and finds a log cut short", async () => {
    const dir = freshDir();
    // Three pods of an Indexed Job write their shard to stdout (the pod log); one process runs it whole.
    const [single, ...pods] = await Promise.all([
      runCli([...SWEEP, "-w", "1", "--out", "all.jsonl"], { cwd: dir }),
      ...[0, 1, 2].map((index) => runCli([...SWEEP, "-w", "1", "--out", "-"], { cwd: dir, env: { JOB_COMPLETION_INDEX: String(index), CLUSTERSIM_SHARD_COUNT: "3" } })),
    ]);
    for (const outcome of [single, ...pods]) expect(outcome.code, outcome.stderr).toBe(0);
    const all = readFileSync(path.join(dir, "all.jsonl"), "utf8");
    pods.forEach((pod, index) => writeFileSync(path.join(dir, `pod-${index}.log`), pod.stdout));
    expect(pods.map((pod) => pod.stdout.split("\n").length - 2)).toEqual([3, 3, 2]);

    const plain = await runCli(["merge", "pod-0.log", "pod-1.log", "pod-2.log"], { cwd: dir });
    expect(plain.stderr).toBe("");
    expect(plain.stdout).toBe(all);

    // `kubectl logs -l … --prefix --timestamps` interleaves the pods' lines, each prefixed.
    const decorated = pods.map((pod, index) => pod.stdout.trimEnd().split("\n").map((line, i) => `[pod/clustersim-sweep-${index}-x7k2p/shard] 2026-11-25T22:10:5${i}.123456789Z ${line}`));
    const interleaved: string[] = [];
    for (let i = 0; i < 4; i++) for (const lines of decorated) if (i < lines.length) interleaved.push(lines[i]);
    writeFileSync(path.join(dir, "all-pods.log"), `${interleaved.join("\n")}\n`);
    const prefixed = await runCli(["merge", "all-pods.log", "--out", "merged.jsonl"], { cwd: dir });
    expect(prefixed.code, prefixed.stderr).toBe(0);
    expect(readFileSync(path.join(dir, "merged.jsonl"), "utf8")).toBe(all);

    const piped = spawnSync(process.execPath, [BIN, "merge", "-"], { cwd: dir, input: interleaved.join("\n"), encoding: "utf8" });
    expect(piped.stdout).toBe(all);

    // A log that lost its last line (rotation, a pod stopped mid-shard) is named, not merged.
    writeFileSync(path.join(dir, "pod-2.log"), pods[2].stdout.trimEnd().split("\n").slice(0, -1).join("\n"));
    const cut = await runCli(["merge", "pod-0.log", "pod-1.log", "pod-2.log"], { cwd: dir });
    expect(cut.code).toBe(2);
    expect(cut.stderr).toMatch(/^pod-2\.log:1: shard 2\/3 has 1 of its 2 lines; the output was cut short/);
  });
});
