/**
 * Builders for database-cluster tests: replicas one per zone in one region (or two regions),
 * constant network latencies, a database spec with every knob, and a run helper that installs
 * the faults and data-tier extensions plus timed actions.
 */
import type { ClusterModel } from "../cluster-model";
import { DataTierExtension } from "../data-tier/data-tier";
import type { DatabaseSpec, DataTierSpec } from "../data-tier/data-tier-spec";
import { FaultsExtension } from "../faults/faults";
import { ModelRun } from "../run";
import { hook } from "./hook";
import type { ModelSpec } from "../spec";
import { singleTier } from "./specs";

/** `replicas` database nodes, replica i in zone z<i> of region r; `oneWayMs` within a zone, `crossZoneMs` across. */
export function databaseCluster(o: { replicas: number; durationMs: number; oneWayMs?: number; crossZoneMs?: number; windowMs?: number }): ModelSpec {
  const base = singleTier({ nodes: o.replicas, cores: 4, ratePerS: 1, serviceTime: { type: "constant", value: 1 }, durationMs: o.durationMs, windowMs: o.windowMs, root: { timeoutMs: 1000 } });
  const zones = Array.from({ length: o.replicas }, (_, i) => ({ name: `z${i}`, region: "r" }));
  return {
    ...base,
    zones,
    groups: [{ ...base.groups[0]!, name: "db", zoneIndexes: zones.map((_, i) => i) }],
    services: [{ ...base.services[0]!, name: "db" }],
    network: {
      ...base.network,
      sameZone: { type: "constant", value: o.oneWayMs ?? 0.5 },
      crossZone: { type: "constant", value: o.crossZoneMs ?? 1 },
    },
  };
}

/** A database spec over service 0 with quick detection (heartbeat 100 ms, timeout 500 ms, three witnesses). */
export function database(o: {
  mode: DatabaseSpec["replication"]["mode"];
  writesPerS: number;
  applyMs?: number;
  applyExponential?: boolean;
  syncReplicas?: number;
  confirmOn?: "received" | "applied";
  fencing?: boolean;
  fencingDelayMs?: number;
  promotionMs?: number;
  reconnectMs?: number;
  clientZones?: number[];
  witnessZones?: number[];
  reads?: DatabaseSpec["reads"];
  writeTimeoutMs?: number;
  followTraffic?: boolean;
}): DatabaseSpec {
  const applyMs = o.applyMs ?? 0.1;
  return {
    serviceIndex: 0,
    replication: {
      mode: o.mode,
      syncReplicas: o.syncReplicas ?? 1,
      confirmOn: o.confirmOn ?? "received",
      semiSyncTimeoutMs: 1000,
      applyTime: o.applyExponential ? { type: "exponential", mean: applyMs } : { type: "constant", value: applyMs },
    },
    failover: {
      heartbeatIntervalMs: 100,
      checkIntervalMs: 50,
      detector: { kind: "timeout", timeoutMs: 500 },
      witnessZoneIndexes: o.witnessZones ?? [0, 1, 2],
      fencing: o.fencing ?? true,
      fencingDelayMs: o.fencingDelayMs ?? 1000,
      promotionMs: o.promotionMs ?? 500,
      reconnectMs: o.reconnectMs ?? 200,
    },
    writes: { ratePerS: o.writesPerS, timeoutMs: o.writeTimeoutMs ?? 1000, clientZoneIndexes: o.clientZones ?? [0, 1, 2], followTraffic: o.followTraffic ?? false, retryBackoffMs: 20 },
    reads: o.reads ?? null,
  };
}

/** An action at a time, on the model (a crash, a partition). */
export type Act = { atMs: number; act: (model: ClusterModel) => void };

/** Runs `spec` with the data tier and the acts; returns the Result and the installed mechanisms. */
export function runDataTier(spec: ModelSpec, tier: DataTierSpec, acts: Act[] = [], seed = 1) {
  const seen: { model?: ClusterModel } = {};
  const actions = hook((model) => {
    seen.model = model;
    for (const a of acts) model.sim.callAt(a.atMs, () => a.act(model));
  });
  // No faults, installed all the same: the data tier shares their balancer votes, as in a scenario run.
  const faults = new FaultsExtension({ faults: [], healthChecks: [], detector: null });
  const dataTier = new DataTierExtension(tier, faults);
  const run = new ModelRun({ model: spec }, { seed, engineVersion: "test", extensions: [faults, dataTier, actions] });
  run.advance();
  const result = run.result();
  return { result, model: seen.model!, tier: dataTier.installed! };
}

/** Cuts zones `side` off from the other `zones` zones both ways (on), or heals it (off). */
export function partitionZones(model: ClusterModel, zones: number, side: number[], on: boolean): void {
  for (let a = 0; a < zones; a++) {
    for (let b = 0; b < zones; b++) {
      if (side.includes(a) !== side.includes(b)) model.network.setPairFault(a, b, 0, on ? 1 : 0);
    }
  }
}
