/**
 * Faults, health checks and failure detection (issue 4), installed on a model as one
 * ModelExtension from a FaultPlan (engine/model/faults/faults-spec.ts):
 *
 * - faults-inject.ts schedules the faults: crashes and repairs, failure processes with MTTF
 *   and MTTR, gray failures, partitions, link faults, dependency failures;
 * - health-check.ts probes each member of a health-checked service's balancer;
 * - failure-detector-heartbeats.ts sends heartbeats to a cluster manager that runs one or
 *   more failure detectors (failure-detector.ts);
 * - faults-incidents.ts keeps the truth (what is down or cut off, since when) and classifies
 *   every observer verdict against it: detection delay, false suspicions, recovery;
 * - faults-eligibility.ts lets health checks, an evicting detector and dependency faults
 *   share a balancer's rotation without undoing each other.
 *
 * The extension keeps what it installed; its Result section is {@link FaultMechanisms.report}.
 * Observers are ordered: the detectors in spec order, then the health-checked services in spec
 * order.
 */
import { assert } from "../../core/assert";
import type { FaultReport } from "../../result/faults-result";
import type { ClusterModel } from "../cluster-model";
import type { ExtensionSections, ModelExtension } from "../extension";
import { Heartbeats } from "./failure-detector-heartbeats";
import { EligibilityVotes } from "./faults-eligibility";
import { IncidentLog } from "./faults-incidents";
import { FaultInjector } from "./faults-inject";
import { NetworkFaults } from "./faults-network";
import type { DetectorOptionsSpec, FaultPlan, FaultSpec } from "./faults-spec";
import { MethodCall, type Simulation } from "../../core/simulation";
import { HealthChecker } from "./health-check";

/** The installed mechanisms of one model. */
export class FaultMechanisms {
  readonly log: IncidentLog;
  readonly heartbeats: Heartbeats | null = null;
  readonly healthCheckers: HealthChecker[] = [];
  /** Who holds each balancer member out of rotation; other mechanisms (regions) add their own bit. */
  readonly votes: EligibilityVotes;
  private readonly detectorObservers: number[] = [];
  private readonly healthObservers: number[] = [];
  private readonly injector: FaultInjector;
  /** The event counter after the plan's faults were scheduled (where a fork adds one). */
  private scheduledAfterFaults = 0;

  constructor(readonly model: ClusterModel, readonly plan: FaultPlan) {
    this.log = new IncidentLog(model);
    const votes = (this.votes = new EligibilityVotes(model));
    const sendsHeartbeats = (node: number) => plan.detector!.groupIndexes.includes(model.nodes.group[node]!);
    for (const d of plan.detector?.detectors ?? []) this.detectorObservers.push(this.log.addObserver(d.name, sendsHeartbeats));
    for (const h of plan.healthChecks) {
      const service = model.services[h.serviceIndex]!;
      const isMember = (node: number) => node < service.memberOfNode.length && service.memberOfNode[node]! >= 0;
      this.healthObservers.push(this.log.addObserver(service.name, isMember));
    }
    if (plan.detector !== null) this.heartbeats = new Heartbeats(model, plan.detector, this.log, this.detectorObservers, votes);
    plan.healthChecks.forEach((h, i) => this.healthCheckers.push(new HealthChecker(model, h, this.log, this.healthObservers[i]!, votes)));
    const injector = (this.injector = new FaultInjector(model, this.log, new NetworkFaults(model.network, model.spec.zones.length), votes));
    for (const fault of plan.faults) injector.schedule(fault);
    this.scheduledAfterFaults = model.sim.queue.scheduledTotal;
  }

  /**
   * Adds a timed fault to a restored run (a fork): it fires among same-time events exactly
   * where it would have had it been the plan's last fault from the start.
   * @returns null when done, else why not.
   */
  addFault(fault: FaultSpec): string | null {
    if (fault.kind === "crash-repair") return "a crash-repair process cannot be added by a fork";
    const nowMs = this.model.sim.nowMs;
    if (!(fault.atMs > nowMs)) return `starts at ${fault.atMs} ms, not after the snapshot (${nowMs} ms)`;
    if (this.plan.faults.some((f) => f.label === fault.label)) return `the run already has a fault ${fault.label}`;
    this.plan.faults.push(fault);
    this.injector.scheduleAsIfAt(this.scheduledAfterFaults - 0.5, fault);
    return null;
  }

  /** The faults part of the Result (at the end of the run). */
  report(): FaultReport {
    const { incidents, omitted } = this.log.incidents();
    const detector = this.plan.detector;
    return {
      incidents,
      incidentsOmitted: omitted,
      heartbeats: detector === null || this.heartbeats === null ? null : { intervalMs: detector.heartbeatIntervalMs, sent: this.heartbeats.sent, delivered: this.heartbeats.delivered },
      detectors: (detector?.detectors ?? []).map((d, i) => {
        const { name, ...summary } = this.log.summary(this.detectorObservers[i]!);
        return { name, kind: d.kind, setting: describeDetector(d), ...summary };
      }),
      healthChecks: this.healthCheckers.map((h, i) => ({ ...this.log.summary(this.healthObservers[i]!), probes: h.probes, probesFailed: h.probesFailed })),
    };
  }
}

/** The extension that installs a plan's faults, health checks and detectors on a model. */
export class FaultsExtension implements ModelExtension {
  /** What `install` built (null before); the data tier shares its balancer votes. */
  mechanisms: FaultMechanisms | null = null;

  constructor(private readonly plan: FaultPlan) {}

  /** Builds the mechanisms and schedules the faults (before `model.start()`). */
  install(model: ClusterModel): void {
    this.mechanisms = new FaultMechanisms(model, this.plan);
  }

  /**
   * Replaces the pending fault with `fault`'s label by `fault` (a fork, engine/model/run-fork.ts).
   * @returns null when done, else why not (no such pending fault, or another start time).
   */
  replacePendingFault(fault: FaultSpec, sim: Simulation): string | null {
    assert(this.mechanisms !== null, "faults replaced before they were installed");
    if (fault.kind === "crash-repair") return "a crash-repair process cannot be replaced";
    const pending = sim.queue.pendingRefs().find((ref): ref is MethodCall =>
      ref instanceof MethodCall && ref.method === "begin" && (ref.argument as FaultSpec).label === fault.label);
    if (pending === undefined) return `no fault ${fault.label} is pending at ${sim.nowMs} ms (it started already, or there is none)`;
    const old = pending.argument as Exclude<FaultSpec, { kind: "crash-repair" }>;
    if (old.atMs !== fault.atMs) return `starts at ${fault.atMs} ms, the pending one at ${old.atMs} ms: a fork keeps start times`;
    pending.argument = fault;
    const at = this.plan.faults.findIndex((f) => f.label === fault.label);
    if (at >= 0) this.plan.faults[at] = fault;
    return null;
  }

  /** Adds a timed fault to a restored run (a fork); null when done, else why not. */
  addFault(fault: FaultSpec): string | null {
    assert(this.mechanisms !== null, "a fault added before the faults were installed");
    return this.mechanisms.addFault(fault);
  }

  /** The faults section. */
  result(): Pick<ExtensionSections, "faults"> {
    assert(this.mechanisms !== null, "the faults' result was asked for before they were installed");
    return { faults: this.mechanisms.report() };
  }
}

function describeDetector(d: DetectorOptionsSpec): string {
  if (d.kind === "timeout") return `timeout ${d.timeoutMs} ms`;
  return `phi >= ${d.threshold} (window ${d.window}, min sd ${d.minStdDevMs} ms, pause ${d.acceptablePauseMs} ms)`;
}
