/**
 * The data tier and disaster recovery (issue 9), installed on a model as one ModelExtension
 * from a DataTierSpec (data-tier-spec.ts):
 *
 * - database.ts: database clusters, primary/replica replication (the commit rule of each
 *   mode in database-commit.ts, the reigns' ledger in database-reigns.ts, replica lag in
 *   database-lag.ts), with writes (database-clients.ts) and reads (database-reads.ts) from
 *   the primary or the replicas;
 * - database-failover.ts: each cluster's HA manager (quorum detection, fencing, promotion,
 *   reconnection, planned switchovers);
 * - traffic-manager.ts: regions behind DNS failover, region outages and fail back.
 *
 * Install after the faults extension: the traffic manager shares its balancer vetoes and the HA
 * managers read its incident log (a failover's RTO counts from the injected fault). The
 * extension keeps what it installed; its Result sections come from that.
 */
import type { DataTierResult } from "../../result/data-tier-result";
import type { ClusterModel } from "../cluster-model";
import type { ModelExtension } from "../extension";
import { ManagedDatabase } from "./database";
import { HaManager } from "./database-failover";
import { DatabaseReads } from "./database-reads";
import { databaseSummary } from "./database-summary";
import type { DataTierSpec } from "./data-tier-spec";
import type { FaultsExtension } from "../faults/faults";
import { EligibilityVotes } from "../faults/faults-eligibility";
import type { IncidentLog } from "../faults/faults-incidents";
import { linkOutages, regionsSummary } from "./region-summary";
import { TrafficManager } from "./traffic-manager";

/** The installed mechanisms of one model. */
export interface InstalledDataTier {
  model: ClusterModel;
  databases: ManagedDatabase[];
  managers: HaManager[];
  reads: Array<DatabaseReads | null>;
  traffic: TrafficManager | null;
}

/** The extension that installs a DataTierSpec on a model. */
export class DataTierExtension implements ModelExtension {
  /** What `install` built; null before, and when the spec switches nothing on. */
  installed: InstalledDataTier | null = null;

  /**
   * @param faults the run's faults extension, installed before this one: the traffic manager
   *   shares its balancer votes (without one, the data tier keeps votes of its own).
   */
  constructor(private readonly spec: DataTierSpec, private readonly faults: FaultsExtension | null = null) {}

  /** Builds and starts the databases and regions (before `model.start()`). */
  install(model: ClusterModel): void {
    if (this.spec.databases.length === 0 && this.spec.regions === null) return;
    const mechanisms = this.faults?.mechanisms ?? null;
    this.installed = installDataTier(model, this.spec, mechanisms?.votes ?? null, mechanisms?.log ?? null);
  }

  /** The data tier's sections; none (so empty ones) when nothing was installed. */
  result(): Partial<DataTierResult> {
    const tier = this.installed;
    if (tier === null) return {};
    const model = tier.model;
    if (tier.traffic !== null) linkOutages(tier.traffic, tier.databases, model.spec.durationMs);
    return {
      databases: tier.databases.map((db, k) => databaseSummary(db, tier.reads[k]!)),
      multiRegion: tier.traffic === null ? null : regionsSummary(model, tier.traffic, tier.databases),
    };
  }
}

function installDataTier(model: ClusterModel, spec: DataTierSpec, votes: EligibilityVotes | null, incidents: IncidentLog | null): InstalledDataTier {
  const zones = model.spec.zones;
  const regionNames = spec.regions?.regions.map((r) => r.name) ?? [...new Set(zones.map((z) => z.region))];
  const regionOfZone = zones.map((z) => regionNames.indexOf(z.region));
  const homeRegion = spec.regions?.homeRegion ?? 0;
  const dnsDelayMs = spec.regions ? spec.regions.dnsTtlMs + spec.regions.dnsPropagationMs : 0;
  const databases: ManagedDatabase[] = [];
  const managers: HaManager[] = [];
  const reads: Array<DatabaseReads | null> = [];
  for (const d of spec.databases) {
    const first = firstReplicaIn(model, d.serviceIndex, (zone) => regionOfZone[zone] === homeRegion);
    const db = new ManagedDatabase(model, d, Math.max(0, first));
    const manager = new HaManager(db, regionOfZone, d.failover.reconnectMs >= 0 ? d.failover.reconnectMs : dnsDelayMs, incidents);
    const read = d.reads === null ? null : new DatabaseReads(db, d.reads, (r) => !manager.isDown(r) && db.fenced[r] === 0);
    manager.reads = read;
    databases.push(db);
    managers.push(manager);
    reads.push(read);
  }
  let traffic: TrafficManager | null = null;
  if (spec.regions !== null) {
    traffic = new TrafficManager(model, spec.regions, votes ?? new EligibilityVotes(model), managers, spec.databases.map((d) => d.serviceIndex));
  }
  const tier: InstalledDataTier = { model, databases, managers, reads, traffic };
  for (let k = 0; k < databases.length; k++) {
    databases[k]!.start();
    managers[k]!.start();
    reads[k]?.start();
  }
  traffic?.start();
  return tier;
}

/** Index among the service's replicas (node order) of the first whose zone passes `inRegion`; -1 if none. */
function firstReplicaIn(model: ClusterModel, serviceIndex: number, inRegion: (zone: number) => boolean): number {
  const groups = model.spec.services[serviceIndex]!.groupIndexes;
  let r = 0;
  for (let node = 0; node < model.nodes.count; node++) {
    if (!groups.includes(model.nodes.group[node]!)) continue;
    if (inRegion(model.nodes.zone[node]!)) return r;
    r++;
  }
  return -1;
}
