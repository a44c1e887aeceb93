/**
 * The classes of a run's state, registered under stable names for snapshots
 * (engine/core/snapshot-codec.ts). A snapshot names each object's class; bundlers rename
 * classes, so the names are given here, and a class missing from this list makes
 * `ModelRun.snapshot()` fail with an error naming the class and the path where it was found
 * (`engine/model/run-snapshot.test.ts` snapshots every library scenario). Add a class here when
 * you add one to the model. The kernel's and the distributions' classes register themselves in
 * engine/core.
 *
 * A restored object with no counterpart in the rebuilt run is made by its class's constructor
 * (so it gets the map V8 gives the run's own instances; see engine/core/snapshot-codec.ts):
 * classes whose constructor takes arguments and of which restores make instances register a
 * `create` factory (any valid arguments; every saved field is then assigned over them).
 *
 * Transient fields are not saved: `WindowSeries.listeners` (a live view's listeners belong to
 * whoever watches the run; a restored run starts with none) and `RateProfile.hint` (a lookup
 * hint that changes no result; the profile is part of the spec, which a fork compares).
 */
import { registerSnapshotClass } from "../core/snapshot-codec";
import { LatencyHistogram } from "../metrics/histogram";
import { RunningStats, TimeWeightedAverage } from "../metrics/running-stats";
import { RateShareClasses, TraceClasses } from "./arrival-classes";
import { DeterministicArrivals, PoissonArrivals, TraceArrivals } from "./arrivals";
import { Balancer } from "./balancer";
import { CacheCounts, CacheTier } from "./cache/cache-tier";
import { CacheWindows } from "./cache/cache-windows";
import { CachesExtension } from "./cache/caches";
import { KeyMap } from "./cache/key-map";
import { KeyPicker, TableSampler, ZipfSampler } from "./cache/key-popularity";
import { LfuCache } from "./cache/lfu-cache";
import { LruCache } from "./cache/lru-cache";
import { Caller } from "./caller";
import { CircuitBreaker } from "./circuit-breaker";
import { ClusterModel } from "./cluster-model";
import { DataTierExtension } from "./data-tier/data-tier";
import { DatabaseClients } from "./data-tier/database-clients";
import { CommitRule } from "./data-tier/database-commit";
import { HaManager } from "./data-tier/database-failover";
import { DatabaseLag } from "./data-tier/database-lag";
import { DatabaseReads } from "./data-tier/database-reads";
import { ReignLedger } from "./data-tier/database-reigns";
import { ManagedDatabase } from "./data-tier/database";
import { TrafficManager } from "./data-tier/traffic-manager";
import { Heartbeats } from "./faults/failure-detector-heartbeats";
import { FailureDetector } from "./faults/failure-detector";
import { EligibilityVotes } from "./faults/faults-eligibility";
import { IncidentLog, Observer, Tally } from "./faults/faults-incidents";
import { FaultInjector } from "./faults/faults-inject";
import { NetworkFaults } from "./faults/faults-network";
import { FaultMechanisms, FaultsExtension } from "./faults/faults";
import { HealthChecker } from "./faults/health-check";
import { Network } from "./network";
import { IntQueue, NodeTable } from "./nodes";
import { Autoscaler } from "./operations/autoscaler";
import { BatchCluster, BatchQueue } from "./operations/batch-cluster";
import { OperationsExtension } from "./operations/operations";
import { PlacementScheduler } from "./operations/placement";
import { RollingUpdate } from "./operations/rolling-update";
import { VersionLatency } from "./operations/version-latency";
import { RateProfile } from "./rate-profile";
import { Recorder, RequestTally, ServiceLevels, ServiceTally, WaitTally, WindowTally } from "./recorder";
import { Call, CallPool, Job, JobPool, Pool } from "./records";
import { BootWait, Drain } from "./operations/node-lifecycle";
import { AckedRanges } from "./replication/acked-ranges";
import { RaftLog } from "./replication/raft-log";
import { AppendTimes, ApplyQueue } from "./replication/replica-apply";
import { ReplicaStateTable } from "./replication/replica-state";
import { WriteClients, WriteOutcomes, WritePool } from "./replication/replicated-clients";
import { ReplicatedService } from "./replication/replicated-service";
import { Server } from "./server";
import { StepRuntime } from "./step-runtime";
import { TimeoutList } from "./timeout-list";
import { WindowSeries } from "./window-series";
import { LiveWindowView } from "./window-view";

const CLASSES: ReadonlyArray<readonly [string, { prototype: object }]> = [
  ["AckedRanges", AckedRanges],
  ["AppendTimes", AppendTimes],
  ["ApplyQueue", ApplyQueue],
  ["Autoscaler", Autoscaler],
  ["Balancer", Balancer],
  ["BatchCluster", BatchCluster],
  ["BatchQueue", BatchQueue],
  ["CacheCounts", CacheCounts],
  ["CacheTier", CacheTier],
  ["CacheWindows", CacheWindows],
  ["CachesExtension", CachesExtension],
  ["BootWait", BootWait],
  ["Call", Call],
  ["Caller", Caller],
  ["CircuitBreaker", CircuitBreaker],
  ["ClusterModel", ClusterModel],
  ["CommitRule", CommitRule],
  ["DataTierExtension", DataTierExtension],
  ["DatabaseClients", DatabaseClients],
  ["DatabaseLag", DatabaseLag],
  ["DatabaseReads", DatabaseReads],
  ["DeterministicArrivals", DeterministicArrivals],
  ["Drain", Drain],
  ["EligibilityVotes", EligibilityVotes],
  ["FailureDetector", FailureDetector],
  ["FaultInjector", FaultInjector],
  ["FaultMechanisms", FaultMechanisms],
  ["FaultsExtension", FaultsExtension],
  ["HaManager", HaManager],
  ["HealthChecker", HealthChecker],
  ["Heartbeats", Heartbeats],
  ["IncidentLog", IncidentLog],
  ["IntQueue", IntQueue],
  ["Job", Job],
  ["KeyMap", KeyMap],
  ["KeyPicker", KeyPicker],
  ["LatencyHistogram", LatencyHistogram],
  ["LfuCache", LfuCache],
  ["LiveWindowView", LiveWindowView],
  ["ManagedDatabase", ManagedDatabase],
  ["Network", Network],
  ["NetworkFaults", NetworkFaults],
  ["NodeTable", NodeTable],
  ["Observer", Observer],
  ["OperationsExtension", OperationsExtension],
  ["PlacementScheduler", PlacementScheduler],
  ["PoissonArrivals", PoissonArrivals],
  ["Pool", Pool],
  ["JobPool", JobPool],
  ["CallPool", CallPool],
  ["RaftLog", RaftLog],
  ["RateShareClasses", RateShareClasses],
  ["Recorder", Recorder],
  ["ReignLedger", ReignLedger],
  ["ReplicaStateTable", ReplicaStateTable],
  ["ReplicatedService", ReplicatedService],
  ["RequestTally", RequestTally],
  ["RollingUpdate", RollingUpdate],
  ["VersionLatency", VersionLatency],
  ["RunningStats", RunningStats],
  ["Server", Server],
  ["ServiceLevels", ServiceLevels],
  ["ServiceTally", ServiceTally],
  ["StepRuntime", StepRuntime],
  ["TableSampler", TableSampler],
  ["Tally", Tally],
  ["TimeWeightedAverage", TimeWeightedAverage],
  ["TimeoutList", TimeoutList],
  ["TraceArrivals", TraceArrivals],
  ["TraceClasses", TraceClasses],
  ["TrafficManager", TrafficManager],
  ["WaitTally", WaitTally],
  ["WindowTally", WindowTally],
  ["WriteClients", WriteClients],
  ["WriteOutcomes", WriteOutcomes],
  ["WritePool", WritePool],
  ["ZipfSampler", ZipfSampler],
];

/** Registers every class of the model and its mechanisms (idempotent). */
export function registerModelSnapshotClasses(): void {
  for (const [name, constructor] of CLASSES) registerSnapshotClass(name, constructor);
  registerSnapshotClass("WindowSeries", WindowSeries, { transient: ["listeners"] });
  registerSnapshotClass("RateProfile", RateProfile, { transient: ["hint"], create: () => RateProfile.fromPoints([{ atMs: 0, ratePerS: 0 }]) });
  registerSnapshotClass("LruCache", LruCache, { create: () => new LruCache(1, Infinity) });
}
