// Ctrl-C: the bin stops promptly (inline and with worker threads), exits 130 and leaves no
// output or temporary file behind. The tests wait for the run to start, never for time.
import { spawn } from "node:child_process";
import { readdirSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { BIN, freshDir } from "./test-support/run-cli";

/** Starts a long run, sends SIGINT once its first event is about to run, and reports the end. */
function interruptOnceStarted(args: string[], cwd: string): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { cwd, env: { ...process.env, CLUSTERSIM_TRACE_STARTUP: "1" } });
    let stderr = "";
    let sent = false;
    child.stderr.setEncoding("utf8").on("data", (chunk: string) => {
      stderr += chunk;
      if (!sent && stderr.includes("ready for the first event")) {
        sent = true;
        child.kill("SIGINT");
      }
    });
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stderr }));
  });
}

// A full 10-minute three-tier run takes seconds per seed: long enough to be interrupted.
const LONG = ["run", "three-tier", "--out", "out.json", "--json", "--report", "report.html", "--junit", "junit.xml"];

describe.concurrent("Ctrl-C", () => {
  it("stops a single run on the main thread, exits 130 and writes nothing", async () => {
    const dir = freshDir();
    const outcome = await interruptOnceStarted(LONG, dir);
    expect(outcome.code).toBe(130);
    expect(outcome.stderr).toContain("clustersim: interrupted; no output written");
    expect(readdirSync(dir)).toEqual([]);
  });

  it("stops replications running in worker threads, exits 130 and writes nothing", async () => {
    const dir = freshDir();
    const outcome = await interruptOnceStarted([...LONG, "-r", "4", "-w", "2"], dir);
    expect(outcome.code).toBe(130);
    expect(readdirSync(dir)).toEqual([]);
  });

  it("stops a sweep that is streaming lines to its temporary file and deletes the temporary", async () => {
    const dir = freshDir();
    const outcome = await interruptOnceStarted(["sweep", "three-tier", "--grid", "topology.groups.app.count=6,8", "-w", "2", "--out", "sweep.jsonl"], dir);
    expect(outcome.code).toBe(130);
    expect(readdirSync(dir)).toEqual([]);
  });
});
