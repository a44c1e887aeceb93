/**
 * Benchmark entry, bundled by build/bench.mjs and run once per benchmark in a fresh process
 * (`node build/out/bench.mjs <name>`) so each one's peak RSS is its own. Prints one JSON
 * record per line on stdout.
 */
import { benchMmcBaseline } from "./mmc-baseline";
import { benchMmcKernel } from "./mmc-kernel";
import { benchQueueHoldThreeTier, benchQueueStress } from "./queue-stress";
import { benchModelMmc, benchModelThreeTier } from "./model";
import { benchCliReplications } from "./cli-replications";
import { benchCliStartup } from "./cli-startup";
import { benchClusterHealth } from "./cluster-health";
import { benchPlan, benchPlanGate } from "./plan";
import { benchCacheStructures, benchModelCacheStampede } from "./cache";
import { benchCompileNodes } from "./compile-nodes";
import { benchHybridGate, benchHybridSpeed } from "./hybrid";
import { benchInChild, benchSnapshotRestore } from "./snapshot-restore";
import type { BenchRecord } from "./record";

export const benchmarks: Record<string, () => BenchRecord[] | Promise<BenchRecord[]>> = {
  "mmc-kernel": () => benchMmcKernel(),
  "mmc-baseline": () => [benchMmcBaseline()],
  "queue-stress": () => [benchQueueStress(), benchQueueHoldThreeTier()],
  "model-mmc": () => benchModelMmc(),
  "model-three-tier-10min": () => benchModelThreeTier(10),
  "model-three-tier-60min": () => benchModelThreeTier(60),
  "cli-replications": () => benchCliReplications(),
  "cli-startup": () => benchCliStartup(),
  "cluster-health": () => benchClusterHealth(),
  "cluster-health-per-node-timers": () => benchClusterHealth([10_000, 100_000], "per-node"),
  plan: () => benchPlan(),
  "plan-black-friday": () => benchPlanGate([]),
  "plan-black-friday-zone-loss": () => benchPlanGate(["zone-loss"]),
  "plan-zone-outage-zone-loss": () => benchPlanGate(["zone-loss"], { file: "scenarios/zone-outage-at-peak.yaml", vary: "topology.groups.app.count=2..40", label: "zone-outage" }),
  "cache-structures": () => benchCacheStructures(),
  "model-cache-stampede": () => benchModelCacheStampede(),
  "compile-100k-nodes": () => benchCompileNodes(100_000),
  // Each scenario in a process of its own (benchSnapshotRestoreInChild): one scenario's
  // objects must not make the other's inline caches polymorphic.
  "snapshot-restore": () => ["snapshot-restore-black-friday", "snapshot-restore-three-tier"].flatMap(benchInChild),
  "snapshot-restore-black-friday": () => [benchSnapshotRestore({ file: "black-friday.yaml", atMs: 40 * 60_000, stretchMs: 140 * 60_000 })],
  "snapshot-restore-three-tier": () => [benchSnapshotRestore({ file: "three-tier.yaml", atMs: 2 * 60_000, stretchMs: 8 * 60_000 })],
  "det-math": async () => (await import("./det-math")).benchDetMath(),
  "browser-longtask": async () => (await import("./browser-longtask")).benchBrowserLongTask(),
  "hybrid-black-friday-24h": () => benchHybridSpeed("black-friday-24h.yaml", 60),
  "hybrid-replay-last-black-friday": () => benchHybridSpeed("replay-last-black-friday.yaml", 20),
  "hybrid-gate-replay-spike": () => benchHybridGate([{ file: "replay-last-black-friday.yaml", name: "hybrid-gate-replay-spike", overrides: ["workload.rate.replay.from=13h", "workload.rate.replay.to=16h", "run.duration=3h"] }]),
  "hybrid-gate": () => benchHybridGate(["black-friday-24h.yaml", "replay-last-black-friday.yaml", "black-friday.yaml", "three-tier.yaml", "zone-outage-at-peak.yaml", "gray-failure.yaml", "retry-storm.yaml", "validation/mm1.yaml"]),
};

/**
 * Benchmarks that run only when named (`npm run bench -- hybrid-gate`): the hybrid gates run
 * exact days or spikes, which take minutes to tens of minutes each, so a plain `npm run bench`
 * leaves them out; `snapshot-restore-*` are the children `snapshot-restore` starts (each
 * scenario in its own process), so the default list runs them once, through their parent.
 */
export const ON_REQUEST_ONLY: readonly string[] = ["hybrid-gate", "hybrid-gate-replay-spike", "snapshot-restore-black-friday", "snapshot-restore-three-tier"];

const name = process.argv[2];
if (name === "--list") {
  // The default list (build/bench.mjs runs these when no names are given).
  console.log(Object.keys(benchmarks).filter((n) => !ON_REQUEST_ONLY.includes(n)).join("\n"));
} else if (name === "--list-all") {
  console.log(Object.keys(benchmarks).join("\n"));
} else if (name !== undefined && name in benchmarks) {
  const records = await benchmarks[name]!();
  const peakRssMb = process.resourceUsage().maxRSS / 1024;
  for (const record of records) console.log(JSON.stringify({ ...record, peakRssMb }));
} else {
  console.error(`unknown benchmark ${name}; try --list`);
  process.exit(2);
}
