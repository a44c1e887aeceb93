/**
 * The capacity planner end to end: `clustersim plan` with one variable, with 1 and 2 workers
 * (one try each: a plan is long), the runs it used, the wall time, the speed-up and a check
 * that both wrote the same plan. The issue asks for scenarios/black-friday.yaml; until that
 * scenario exists the benchmark plans scenarios/three-tier.yaml's app tier and says so in its
 * notes.
 *
 * `plan-black-friday` and `plan-black-friday-zone-loss` time issue 16's two gates once each with
 * 2 workers: the one-variable plan of black-friday's app floor, and the same with
 * `--survive zone-loss`; `plan-zone-outage-zone-loss` plans zone-outage-at-peak's app count
 * 2..40 surviving a zone loss (crash-at-peak cases: the shared pre-crash prefixes' figure). Each reports its runs simulated (deterministic), the runs stopped early,
 * the replications that reused an identical run, the
 * CPU seconds of the whole process and its workers (user + system, from /usr/bin/time when
 * present: the figure to compare on a loaded machine) and the wall time.
 */
import { existsSync } from "node:fs";
import path from "node:path";
import type { BenchRecord } from "./record";
import { REPO_ROOT, timeCli } from "./cli-process";

/** The plan to time: black-friday's app floor when that scenario exists, else three-tier's app tier. */
function planArgs(): { label: string; args: string[]; note: string } {
  if (existsSync(path.join(REPO_ROOT, "scenarios/black-friday.yaml"))) {
    // The app tier is autoscaled and lags the sale's ramp; the question is how far to pre-scale it.
    return { label: "black-friday", args: ["plan", "black-friday", "--vary", "autoscaling[0].min=2..40"], note: "black-friday, autoscaling[0].min (the app tier's floor) = 2..40" };
  }
  const args = ["plan", "three-tier", "--vary", "topology.groups.app.count=1..64", "--duration", "60s", "--set", "run.warmup=10s"];
  return { label: "three-tier", args, note: "three-tier (black-friday.yaml not written yet), app.count=1..64, 60 s runs" };
}

interface PlanFigures {
  runs: number;
  searchRuns: number;
  recommendation: string;
}

function figuresOf(stdout: string): PlanFigures {
  const report = JSON.parse(stdout) as { runs: number; search: { runs: number }; recommendation: { label: string } | null };
  return { runs: report.runs, searchRuns: report.search.runs, recommendation: report.recommendation?.label ?? "none" };
}

export async function benchPlan(): Promise<BenchRecord[]> {
  const plan = planArgs();
  const records: BenchRecord[] = [];
  const outputs: string[] = [];
  const walls: number[] = [];
  for (const workers of [1, 2]) {
    const run = await timeCli([...plan.args, "--format", "json", "-q", "-w", String(workers)]);
    if (run.code !== 0 && run.code !== 1) throw new Error(`clustersim plan exited ${run.code}: ${run.stderr}`);
    outputs.push(run.stdout);
    walls.push(run.wallMs);
    const figures = figuresOf(run.stdout);
    const record: BenchRecord = {
      name: `plan-${plan.label}-${workers}-worker${workers === 1 ? "" : "s"}`,
      wallMs: run.wallMs,
      notes: `${plan.note}: ${figures.runs} runs (${figures.searchRuns} search + ${figures.runs - figures.searchRuns} headroom), recommends ${figures.recommendation}; whole process`,
    };
    if (workers === 2) {
      const speedUp = walls[0]! / run.wallMs;
      const identical = outputs[0] === run.stdout;
      record.sanity = { label: "speed-up over 1 worker (same plan)", value: speedUp, ok: identical && speedUp > 1 };
      record.notes += `; plan identical to 1 worker: ${identical ? "yes" : "NO"}`;
    }
    records.push(record);
  }
  return records;
}

/** A run of the bin under /usr/bin/time: wall and CPU (user + system, ms; null without /usr/bin/time). */
async function timeCliCpu(args: readonly string[]): Promise<{ code: number | null; stdout: string; stderr: string; wallMs: number; cpuMs: number | null }> {
  const timeBin = "/usr/bin/time";
  if (!existsSync(timeBin)) return { ...(await timeCli(args)), cpuMs: null };
  const startMs = performance.now();
  const { spawn } = await import("node:child_process");
  return new Promise((resolve, reject) => {
    const child = spawn(timeBin, ["-f", "clustersim-cpu %U %S", process.execPath, path.join(REPO_ROOT, "cli/clustersim.mjs"), ...args], { cwd: REPO_ROOT });
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk));
    child.on("error", reject);
    child.on("close", (code) => {
      const match = /clustersim-cpu ([\d.]+) ([\d.]+)/.exec(stderr);
      resolve({ code, stdout, stderr, wallMs: performance.now() - startMs, cpuMs: match === null ? null : (Number(match[1]) + Number(match[2])) * 1000 });
    });
  });
}

/** A plan a gate times: the scenario, its one variable and the record's name. */
export interface PlanGateTarget {
  file: string;
  vary: string;
  label: string;
}

const BLACK_FRIDAY_FLOOR: PlanGateTarget = { file: "scenarios/black-friday.yaml", vary: "autoscaling[0].min=2..40", label: "black-friday" };

/**
 * One of issue 16's planner gates with 2 workers: black-friday's app floor 2..40 (or `target`),
 * with `survive` failure cases; runs, runs stopped early, CPU and wall.
 */
export async function benchPlanGate(survive: readonly string[], target: PlanGateTarget = BLACK_FRIDAY_FLOOR): Promise<BenchRecord[]> {
  const args = ["plan", target.file, "--vary", target.vary, ...survive.flatMap((kind) => ["--survive", kind]), "--format", "json", "-q", "-w", "2"];
  const run = await timeCliCpu(args);
  if (run.code !== 0 && run.code !== 1) throw new Error(`clustersim plan exited ${run.code}: ${run.stderr}`);
  const report = JSON.parse(run.stdout) as { runs: number; runsStopped: number; runsReused: number; search: { runs: number; batches: number }; recommendation: { label: string } | null };
  const record: BenchRecord = {
    name: `plan-${target.label}${survive.length === 0 ? "" : `-${survive.join("-")}`}`,
    wallMs: run.wallMs,
    notes: `clustersim ${args.join(" ")}: ${report.runs} runs (${report.search.runs} search in ${report.search.batches} batches + ${report.runs - report.search.runs} headroom), ${report.runsStopped} stopped early, ${report.runsReused} replications reused an identical run; recommends ${report.recommendation?.label ?? "none"}; whole process, CPU includes both workers`,
  };
  if (run.cpuMs !== null) record.cpuMs = run.cpuMs;
  return [record];
}
