/**
 * Recorded traffic on the command line: `validate` and `run` print the compile's notes with
 * their lines, `--from`/`--to` without `--duration` run for the replayed window, a Prometheus
 * `source:` needs a server (the scenario's, or --prometheus-url), and
 * a server that cannot be reached is an input error naming the URL and the field, not a crash.
 * (The fetch from a real server is in prometheus.test.ts.)
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freePort } from "./test-support/prometheus";
import { runCli } from "./test-support/run-cli";

const SHOP = (workload: string) => `version: 1
name: shop
run: { duration: 10m, window: 1m }
topology:
  groups: [{ name: web, count: 2, cores: 4 }]
services:
  - { name: web, groups: [web], serviceTime: 2ms }
workload:
${workload}
  classes:
    - { name: page, call: { service: web } }
`;

const NAN_SAMPLES = JSON.stringify({ status: "success", data: { resultType: "matrix", result: [{ metric: {}, values: [[1764288000, "5"], [1764288060, "NaN"], [1764288120, "6"]] }] } });

describe("recorded traffic on the command line", () => {
  let dir = "";
  beforeAll(() => {
    dir = mkdtempSync(path.join(tmpdir(), "clustersim-sources-"));
    writeFileSync(path.join(dir, "rate.json"), NAN_SAMPLES);
    writeFileSync(path.join(dir, "file.yaml"), SHOP("  rate:\n    replay: { file: rate.json, format: prometheus }"));
    writeFileSync(path.join(dir, "source.yaml"), SHOP("  rate:\n    replay:\n      source: { query: \"sum(rate(http_requests_total[1m]))\", start: 2025-11-28T00:01:00Z, end: 2025-11-28T00:10:00Z, step: 1m }"));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("runs for the replayed window when --from and --to are given without --duration, and says so", () => {
    const durationOf = (args: string[]) => {
      const outcome = runCli(["run", "file.yaml", ...args, "--json"], { cwd: dir });
      expect(outcome.code, outcome.stderr).toBe(0);
      return { durationMs: (JSON.parse(outcome.stdout) as { durationMs: number }).durationMs, stderr: outcome.stderr };
    };
    // Two offsets from the recording's start, or two wall-clock times: the window's length.
    const offsets = durationOf(["--from", "1m", "--to", "3m"]);
    expect(offsets.durationMs).toBe(120_000);
    expect(offsets.stderr).toContain("clustersim: run.duration set to the replayed window, 2.0 min (--from..--to; give --duration for another)");
    expect(durationOf(["--from", "2025-11-28T00:01:00Z", "--to", "2025-11-28T00:02:30Z"]).durationMs).toBe(90_000);
    // --duration wins; a window whose length needs the recording (a time and an offset) keeps
    // the scenario's duration, and the compile's note says the traffic ends before the run.
    const given = durationOf(["--from", "1m", "--to", "3m", "-d", "5m"]);
    expect(given.durationMs).toBe(300_000);
    expect(given.stderr).not.toContain("run.duration set");
    const mixed = durationOf(["--from", "1m", "--to", "2025-11-28T00:02:30Z"]);
    expect(mixed.durationMs).toBe(600_000);
    expect(mixed.stderr).toMatch(/no arrivals after 2\.5 min/); // the recording starts a step before its first sample
  });

  it("validate and run print the compile's notes with the line of the field", () => {
    const notes = [
      "file.yaml:10: workload.rate.replay.file: note: rate.json: skipped 1 NaN sample(s) (the first at data.result[0].values[1]); the next sample's rate covers their interval",
      "file.yaml:10: workload.rate.replay.file: note: rate.json: the recording covers 3.0 min, the run 10.0 min: no arrivals after 3.0 min",
    ];
    const validate = runCli(["validate", "file.yaml"], { cwd: dir });
    expect(validate.code).toBe(0);
    expect(validate.stderr.split("\n").filter((line) => line !== "")).toEqual(notes);
    const run = runCli(["run", "file.yaml", "-d", "1m", "--json"], { cwd: dir });
    // A one-minute run does not outlast the recording: one note.
    expect(run.stderr.split("\n").filter((line) => line.includes("note:"))).toEqual(notes.slice(0, 1));
    expect(runCli(["run", "file.yaml", "-d", "1m", "--json", "-q"], { cwd: dir }).stderr).toBe("");
  });

  it("asks for a server when a source has none", () => {
    const outcome = runCli(["validate", "source.yaml"], { cwd: dir });
    expect(outcome.code).toBe(2);
    expect(outcome.stderr).toContain("source.yaml:11: workload.rate.replay.source: no Prometheus server: give prometheus: http://... here, or --prometheus-url");
  });

  it("names the URL and the field when the server cannot be reached", async () => {
    const url = `http://127.0.0.1:${await freePort()}`;
    const outcome = runCli(["run", "source.yaml", "--prometheus-url", url], { cwd: dir });
    expect(outcome.code).toBe(2);
    expect(outcome.stderr).toContain(`source.yaml:11: workload.rate.replay.source: cannot reach ${url}: ECONNREFUSED (is the URL right, and is Prometheus running?)`);
    expect(runCli(["run", "source.yaml", "--prometheus-url", "prometheus:9090"], { cwd: dir }).stderr).toMatch(/--prometheus-url must be an http\(s\) URL/);
  });
});
