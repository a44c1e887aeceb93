/**
 * The capacity planner end to end: `clustersim plan` with one variable, with 1 and 2 workers
 * (one try each: a plan is long), the runs it used, the wall time, the speed-up and a check
 * that both wrote the same plan. The issue asks for scenarios/black-friday.yaml; until that
 * scenario exists the benchmark plans scenarios/three-tier.yaml's app tier and says so in its
 * notes.
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
