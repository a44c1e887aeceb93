/**
 * Replications across worker threads: `clustersim run three-tier -r 16` with 1 and with 2
 * workers (best of three runs each), the speed-up, and a check that both wrote the same bytes.
 * Target: at least 1.7x with 2 workers on a 2-core machine. Each replication simulates
 * 30 s of three-tier (about 670k events), so worker start-up is a small part of the time.
 */
import type { BenchRecord } from "./record";
import { timeCli } from "./cli-process";

const REPLICATIONS = 16;
const ARGS = ["run", "three-tier", "--duration", "30s", "--set", "run.warmup=5s", "-r", String(REPLICATIONS), "--json", "-q"];
const SPEED_UP_TARGET = 1.7;
const TRIES = 3;

async function bestOf(workers: number, tries: number): Promise<{ wallMs: number; stdout: string }> {
  let best = { wallMs: Infinity, stdout: "" };
  for (let i = 0; i < tries; i++) {
    const run = await timeCli([...ARGS, "-w", String(workers)]);
    if (run.code !== 0) throw new Error(`clustersim exited ${run.code}: ${run.stderr}`);
    if (run.wallMs < best.wallMs) best = { wallMs: run.wallMs, stdout: run.stdout };
  }
  return best;
}

export async function benchCliReplications(): Promise<BenchRecord[]> {
  // Best of three, alternating, so a burst of other work on the machine hits both alike.
  let one = { wallMs: Infinity, stdout: "" };
  let two = { wallMs: Infinity, stdout: "" };
  for (let i = 0; i < TRIES; i++) {
    const a = await bestOf(1, 1);
    const b = await bestOf(2, 1);
    if (a.wallMs < one.wallMs) one = a;
    if (b.wallMs < two.wallMs) two = b;
  }
  const events = (JSON.parse(one.stdout) as { results: Array<{ events: number }> }).results.reduce((sum, r) => sum + r.events, 0);
  const speedUp = one.wallMs / two.wallMs;
  const identical = one.stdout === two.stdout;
  return [
    { name: `cli-replications-${REPLICATIONS}x30s-1-worker`, modelEventsPerS: events / (one.wallMs / 1000), wallMs: one.wallMs, notes: `${events.toLocaleString("en-US")} events in all, whole process (best of ${TRIES})` },
    {
      name: `cli-replications-${REPLICATIONS}x30s-2-workers`,
      modelEventsPerS: events / (two.wallMs / 1000),
      wallMs: two.wallMs,
      sanity: { label: "speed-up over 1 worker", value: speedUp, expected: SPEED_UP_TARGET, ok: speedUp >= SPEED_UP_TARGET && identical },
      notes: `output identical to 1 worker: ${identical ? "yes" : "NO"}; target speed-up >= ${SPEED_UP_TARGET}`,
    },
  ];
}
