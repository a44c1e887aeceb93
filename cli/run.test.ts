// `clustersim run` driven as a subprocess: what goes to stdout and stderr, exit codes, the
// files it writes, and that --json is exactly the engine's Result for the seed.
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { serializeResult, simulate } from "../engine";
import { freshDir, REPO_ROOT, runCliAsync as runCli, SHORT } from "./test-support/run-cli";
import { parseXml } from "./test-support/xml";

const SCENARIO = "scenarios/three-tier.yaml";
const SCENARIO_PATH = path.join(REPO_ROOT, SCENARIO);
/** Overrides that make checkout's p99 SLO impossible to meet. */
const FAILING = ["--set", "slos.checkout-p99.latency.below=1ms"];

// Each test spawns the bin and mostly waits on it, so they run concurrently.
describe.concurrent("clustersim run", () => {
  it("prints the summary on stdout with the seed at the top, progress on stderr, and exits 0 when every SLO passes", async () => {
    const outcome = await runCli(["run", SCENARIO, ...SHORT]);
    expect(outcome.code).toBe(0);
    const firstLine = outcome.stdout.split("\n")[0];
    expect(firstLine).toContain("three-tier · seed 42 · 2.00 s simulated");
    // Two classes (browse, checkout): each is a row of the class table, the pooled figures its last row.
    for (const label of ["requests", "cost"]) expect(outcome.stdout).toMatch(new RegExp(`^${label} `, "m"));
    expect(outcome.stdout).toMatch(/^Requests per class\nclass\s+offered\s+success rate/m);
    for (const row of ["browse", "checkout", "all classes, pooled"]) expect(outcome.stdout).toMatch(new RegExp(`^${row}\\s+[\\d,]+\\s+[\\d.]+%`, "m"));
    expect(outcome.stdout).toMatch(/^cost\s+\$[\d.,]+ USD over 2\.00 s simulated, warm-up included \(\$[\d.,]+ USD per hour\)$/m);
    expect(outcome.stdout).toMatch(/^capacity\s+serving 100(\.0+)?% of provisioned node-time · down 0(\.0+)?%$/m);
    expect(outcome.stdout).toMatch(/^checkout-p99\s+checkout\s+p99 < 300 ms\s+[\d.]+ ms\s+PASS$/m);
    expect(outcome.stdout).toContain("SLOs: 2 of 2 pass");
    expect(outcome.stderr).toContain("clustersim: running scenarios/three-tier.yaml, seed 42");
    expect(outcome.stderr).not.toContain("SLOs");
  });

  it("prints nothing on stderr with --quiet", async () => {
    const outcome = await runCli(["run", SCENARIO, ...SHORT, "--quiet"]);
    expect(outcome.code).toBe(0);
    expect(outcome.stderr).toBe("");
  });

  it("exits 1 and shows FAIL with the measured value when an SLO is missed", async () => {
    const outcome = await runCli(["run", SCENARIO, ...SHORT, ...FAILING, "-q"]);
    expect(outcome.code).toBe(1);
    expect(outcome.stdout).toMatch(/^checkout-p99\s+checkout\s+p99 < 1\.00 ms\s+[\d.]+ ms\s+FAIL$/m);
    expect(outcome.stdout).toContain("SLOs: 1 of 2 pass (1 FAILS)");
  });

  it("writes with --json exactly the Result the engine computes for that seed and those overrides", async () => {
    const outcome = await runCli(["run", "three-tier", ...SHORT, "--seed", "9", "--json", "-q"]);
    expect(outcome.code).toBe(0);
    const text = readFileSync(path.join(REPO_ROOT, SCENARIO), "utf8");
    const expected = serializeResult(simulate(text, { seed: 9, overrides: ["run.duration=2s", "run.warmup=500ms"] }));
    expect(outcome.stdout).toBe(`${expected}\n`);
  });

  it("writes --out, --report and --junit files and nothing to stdout, leaving no temporary files", async () => {
    const dir = freshDir();
    const outcome = await runCli(["run", SCENARIO_PATH, ...SHORT, ...FAILING, "-q", "--format", "csv", "--out", "result.csv", "--report", "report.html", "--junit", "junit.xml"], { cwd: dir });
    expect(outcome.code).toBe(1);
    expect(outcome.stdout).toBe("");
    expect(readdirSync(dir).sort()).toEqual(["junit.xml", "report.html", "result.csv"]);
    const csv = readFileSync(path.join(dir, "result.csv"), "utf8").trimEnd().split("\n");
    expect(csv).toHaveLength(2);
    expect(csv[0]).toBe("scenario,seed,events,offered,offeredPerS,goodputPerS,failedPerS,successRate,latencyMeanMs,latencyP50Ms,latencyP90Ms,latencyP99Ms,latencyP999Ms,servingCapacity,cost,slo:checkout-p99:measured,slo:checkout-p99:passed,slo:availability:measured,slo:availability:passed,slosPassed");
    expect(csv[1]).toMatch(/^three-tier,42,\d+,/);
    expect(csv[1]).toMatch(/,false,1,true,false$/);
  });

  it("writes an HTML report that is self-contained and holds the charts and the SLO table", async () => {
    const dir = freshDir();
    const outcome = await runCli(["run", SCENARIO_PATH, ...SHORT, "-q", "--report", "report.html"], { cwd: dir });
    expect(outcome.code).toBe(0);
    const html = readFileSync(path.join(dir, "report.html"), "utf8");
    expect(html.startsWith("<!DOCTYPE html>")).toBe(true);
    for (const title of ["Throughput and errors", "Error rate", "Latency of successful requests", "Utilisation per group", "Nodes serving (solid) and in the group"]) {
      expect(html).toContain(`aria-label="${title}`);
    }
    expect(html.match(/<svg /g)?.length).toBe(6);
    // Every chart draws at least one line from d3-shape's path data.
    expect(html.match(/<path class="line" d="M[\d.]+,[\d.]+L/g)!.length).toBeGreaterThanOrEqual(6);
    expect(html).toMatch(/<td>checkout-p99<\/td>.*<td class="pass">PASS<\/td>/);
    expect(html).not.toMatch(/<script|<link|src="http/);
  });

  it("writes JUnit XML that parses, with one test case per SLO and a failure for the missed one", async () => {
    const dir = freshDir();
    const outcome = await runCli(["run", SCENARIO_PATH, ...SHORT, ...FAILING, "-q", "--junit", "junit.xml"], { cwd: dir });
    expect(outcome.code).toBe(1);
    const root = parseXml(readFileSync(path.join(dir, "junit.xml"), "utf8"));
    expect(root.name).toBe("testsuites");
    expect(root.attributes).toMatchObject({ tests: "2", failures: "1" });
    const cases = root.children[0].children;
    expect(cases.map((c) => c.attributes.name)).toEqual(["checkout-p99: p99 < 1.00 ms", "availability: availability >= 99.9%"]);
    // Every case carries the run's wall time and, as properties, its simulated and wall seconds.
    for (const c of cases) {
      expect(Number(c.attributes.time)).toBeGreaterThan(0);
      expect(c.children[0].name).toBe("properties");
      expect(c.children[0].children.map((p) => [p.attributes.name, p.attributes.value])).toEqual([["simulated-seconds", "2"], ["wall-seconds", c.attributes.time]]);
    }
    expect(cases[0].children[1].name).toBe("failure");
    expect(cases[0].children[1].attributes.message).toMatch(/^p99 < 1\.00 ms not met: measured [\d.]+ ms$/);
    expect(cases[0].children[1].text).toContain("seed: 42");
    expect(cases[1].children.map((c) => c.name)).toEqual(["properties"]);
  });

  it("says how a hybrid run ran: a table of why windows ran discrete, and the fluid share", async () => {
    // black-friday-24h's night with its zone outage moved into it (the hybrid gate test's overrides).
    const night = ["--fidelity", "hybrid", "--set", "run.duration=30m", "--set", "run.warmup=2m", "--set", "faults[0].at=18m", "--set", "faults[0].for=4m"];
    const outcome = await runCli(["run", "black-friday-24h", ...night, "-q"]);
    expect(outcome.code, outcome.stderr).toBe(0);
    expect(outcome.stdout).toMatch(/\nHybrid fidelity\nwhy windows ran discrete +windows\n/);
    expect(outcome.stdout).toMatch(/\na scheduled disturbance is near +2\n/); // the outage's start and end
    expect(outcome.stdout).toMatch(/A fluid model stood in for \d+ of 30 windows: [\d,]+ requests \([\d.]+%\) scaled from discrete samples/);
  });

  it("reads data files relative to the scenario file", async () => {
    const outcome = await runCli(["run", "cli/test-support/replay.yaml", "-q"], { cwd: REPO_ROOT });
    expect(outcome.code).toBe(1); // the fixture's impossible p50 fails by design
    expect(outcome.stdout).toMatch(/^availability\s+all\s+availability >= 99%\s+[\d.]+%\s+PASS$/m);
  });
});

describe.concurrent("clustersim run with bad input", () => {
  const cases: Array<{ what: string; args: string[]; line: RegExp }> = [
    { what: "an unknown flag", args: ["run", SCENARIO, "--sed", "4"], line: /^clustersim run: unknown option --sed \(did you mean --seed\?\) \(see clustersim run --help\)$/ },
    { what: "a flag without its value", args: ["run", SCENARIO, "--seed"], line: /^clustersim run: --seed needs a value/ },
    { what: "a malformed number", args: ["run", SCENARIO, "--replications", "two"], line: /^clustersim run: --replications must be an integer from 1 to 100000, got "two"/ },
    { what: "a missing scenario file", args: ["run", "no/such.yaml"], line: /^cannot read no\/such\.yaml: no such file or directory/ },
    { what: "a --set path that does not exist", args: ["run", SCENARIO, "--set", "topology.groups.wbe.count=3"], line: /^scenarios\/three-tier\.yaml: --set topology\.groups\.wbe\.count: no group named "wbe" \(did you mean "web"\?\)$/ },
    { what: "a --set value the schema rejects, with the line of the field", args: ["run", SCENARIO, "--set", "topology.groups.web.cores=0"], line: /^scenarios\/three-tier\.yaml:18: topology\.groups\[0\]\.cores: must be an integer ≥ 1/ },
    { what: "a missing data file, at the field naming it", args: ["run", "cli/test-support/replay.yaml", "--set", "workload.rate.replay.file=nope.json"], line: /^cli\/test-support\/replay\.yaml:\d+: workload\.rate\.replay\.file: cannot read "nope\.json"/ },
    { what: "an unknown command", args: ["rnu"], line: /^clustersim: unknown command "rnu" \(did you mean run\?\)/ },
  ];
  for (const c of cases) {
    it(`exits 2 with one clear line on stderr and no stack trace for ${c.what}`, async () => {
      const outcome = await runCli(c.args);
      expect(outcome.code).toBe(2);
      expect(outcome.stdout).toBe("");
      expect(outcome.stderr.split("\n")[0]).toMatch(c.line);
      expect(outcome.stderr).not.toMatch(/\n\s+at /);
    });
  }

  it("suggests shortening the warm-up when --duration makes it too long", async () => {
    const outcome = await runCli(["run", SCENARIO, "--duration", "30s"]);
    expect(outcome.code).toBe(2);
    expect(outcome.stderr).toBe("scenarios/three-tier.yaml:12: run.warmup: must be shorter than duration (30.0 s), got 1.0 min\nhint: --duration shortened the run; shorten the warm-up too, e.g. --set run.warmup=5s\n");
  });
});
