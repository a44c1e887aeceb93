/**
 * The incident log: which faults are in progress, which nodes they hit, and how each observer
 * (a failure detector or a balancer's health check) judged those nodes.
 *
 * Faults tell the log when a node goes down and comes back (`nodeDown`/`nodeUp`) and when a
 * network fault cuts nodes off and reconnects them (`cutOff`/`reconnect`). Observers tell it
 * when they suspect a node and when they trust it again. The log classifies each suspicion
 * against the truth it knows: a node that is down was *detected* (delay measured from the
 * crash), an up node was *falsely suspected* (blamed on the latest network fault in progress
 * on it, if any). When a node becomes reachable again (repair, heal), the time until each
 * observer trusts it is its *recovery* time. Words and Result shapes: engine/result/faults-result.ts.
 *
 * Everything here runs on rare events (faults, verdicts), never per request. Per-node arrays
 * grow with the node table (the autoscaler may add nodes). Incidents past
 * INCIDENTS_LISTED_MAX are counted but not listed, and the timeline gets at most
 * TIMELINE_NOTES_MAX notes from these mechanisms, so long runs keep bounded memory.
 */
import { LatencyHistogram } from "../../metrics/histogram";
import { INCIDENTS_LISTED_MAX, type Incident, type IncidentKind, type IncidentObservation, type ObserverSummary, type TimeSummary } from "../../result/faults-result";
import { finiteOrNull } from "../../result/common";
import type { ClusterModel } from "../cluster-model";
import { NODE_UP } from "../nodes";
import { grownFloat64, grownInt32, grownUint8 } from "../../core/typed-arrays";

/** Timeline notes written by fault mechanisms at most; later ones are only counted. */
export const TIMELINE_NOTES_MAX = 2000;

/** An observer's per-incident tally (listed incidents only). */
export class Tally {
  detected = 0;
  /** Detections with a measured delay (a node suspected before it crashed has none). */
  detectCount = 0;
  missed = 0;
  falseSuspicions = 0;
  detectSumMs = 0;
  detectMaxMs = -Infinity;
  recoverCount = 0;
  recoverSumMs = 0;
  recoverMaxMs = -Infinity;
}

/** One observer's per-node state and run totals. */
export class Observer {
  suspected = new Uint8Array(0);
  suspectedAtMs = new Float64Array(0);
  /** Whether the observer suspected the node at some point of its current outage. */
  sawOutage = new Uint8Array(0);
  suspicions = 0;
  detections = 0;
  missed = 0;
  falseSuspicions = 0;
  falseUnexplained = 0;
  falselySuspectedMs = 0;
  /** Per node: whether the current suspicion is a false one (for falselySuspectedMs). */
  falseNow = new Uint8Array(0);
  readonly detectMs = new LatencyHistogram();
  readonly recoverMs = new LatencyHistogram();
  constructor(readonly name: string, readonly index: number, readonly watches: (node: number) => boolean) {}
}

/** A listed incident under construction. */
interface IncidentRecord {
  fault: string;
  kind: IncidentKind;
  subject: string;
  startMs: number;
  endMs: number | null;
  nodes: number;
  tallies: Tally[];
}

/** Nodes a network fault cut off, for blaming false suspicions. */
interface ActiveCut {
  incident: number;
  nodes: readonly number[];
  /** When the fault began, ms. */
  startMs: number;
}

export class IncidentLog {
  private readonly observers: Observer[] = [];
  private readonly listed: IncidentRecord[] = [];
  private incidentCount = 0;
  private readonly cuts: ActiveCut[] = [];
  private notes = 0;
  // Per node (grown on demand).
  private outageIncident = new Int32Array(0);
  private outageStartMs = new Float64Array(0);
  /** When the node last became reachable again (repair or heal), ms; NaN when unknown. */
  private reachableSinceMs = new Float64Array(0);
  /** The incident whose end made it reachable (for recovery attribution); -1 when none. */
  private reachableAfter = new Int32Array(0);

  constructor(private readonly model: ClusterModel) {}

  /**
   * Registers an observer before the run starts; returns its index. `watches(node)` says
   * whether it judges `node` at all (a health check only its service's nodes), so outages of
   * other nodes do not count as missed.
   */
  addObserver(name: string, watches: (node: number) => boolean): number {
    const o = new Observer(name, this.observers.length, watches);
    const size = this.outageIncident.length;
    o.suspected = new Uint8Array(size);
    o.suspectedAtMs = new Float64Array(size).fill(NaN);
    o.sawOutage = new Uint8Array(size);
    o.falseNow = new Uint8Array(size);
    this.observers.push(o);
    return o.index;
  }

  /** Starts an incident and notes it on the timeline; returns its id. */
  open(kind: IncidentKind, fault: string, subject: string, nodes: number, detail: string): number {
    const id = this.incidentCount++;
    if (id < INCIDENTS_LISTED_MAX) {
      this.listed.push({ fault, kind, subject, startMs: this.model.sim.nowMs, endMs: null, nodes, tallies: this.observers.map(() => new Tally()) });
    }
    this.note(kind, subject, detail);
    return id;
  }

  /** Ends incident `id` and notes it (kind e.g. "repair", "heal"). */
  close(id: number, kind: string, subject: string, detail: string): void {
    if (id < this.listed.length) this.listed[id]!.endMs = this.model.sim.nowMs;
    this.note(kind, subject, detail);
  }

  /** Adds a timeline note, up to TIMELINE_NOTES_MAX of them. */
  note(kind: string, subject: string, detail: string): void {
    this.notes++;
    if (this.notes < TIMELINE_NOTES_MAX) this.model.note(kind, subject, detail);
    else if (this.notes === TIMELINE_NOTES_MAX) this.model.note("timeline-full", "faults", `more than ${TIMELINE_NOTES_MAX} fault and detection events; the rest are counted, not listed`);
  }

  /** Node `node` went down because of incident `incident` (its crash took effect). */
  nodeDown(node: number, incident: number): void {
    this.ensureNodes(node);
    this.outageIncident[node] = incident;
    this.outageStartMs[node] = this.model.sim.nowMs;
    for (const o of this.observers) {
      // Already suspected (say, cut off before it crashed): detected, with no delay to measure.
      o.sawOutage[node] = o.suspected[node]!;
      const t = o.suspected[node] === 1 ? this.tally(incident, o) : undefined;
      if (t) t.detected++;
    }
  }

  /** Node `node` is back up after the outage it was in. */
  nodeUp(node: number): void {
    this.ensureNodes(node);
    const incident = this.outageIncident[node]!;
    if (incident < 0) return;
    for (const o of this.observers) {
      if (o.sawOutage[node] === 0 && o.watches(node)) {
        o.missed++;
        const t = this.tally(incident, o);
        if (t) t.missed++;
      }
      o.sawOutage[node] = 0;
    }
    this.outageIncident[node] = -1;
    this.reachableSinceMs[node] = this.model.sim.nowMs;
    this.reachableAfter[node] = incident;
  }

  /** A network fault (incident `incident`) cut `nodes` off; until {@link reconnect}. */
  cutOff(incident: number, nodes: readonly number[]): void {
    for (const node of nodes) this.ensureNodes(node);
    this.cuts.push({ incident, nodes, startMs: this.model.sim.nowMs });
  }

  /** The cut of incident `incident` healed: its nodes are reachable again (unless cut otherwise). */
  reconnect(incident: number): void {
    const at = this.cuts.findIndex((c) => c.incident === incident);
    if (at < 0) return;
    const cut = this.cuts[at]!;
    this.cuts.splice(at, 1);
    for (const node of cut.nodes) {
      if (this.cutIncidentOf(node) >= 0) continue;
      this.reachableSinceMs[node] = this.model.sim.nowMs;
      this.reachableAfter[node] = incident;
    }
  }

  /**
   * When the injected fault behind `node`'s silence began: of the faults in progress on it (its
   * crash, the network faults that cut it off), the latest that began at or before `notAfterMs`;
   * NaN when none did (a false suspicion). A failover's RTO counts from here (data tier).
   */
  faultSinceMs(node: number, notAfterMs: number): number {
    let sinceMs = NaN;
    const consider = (startMs: number) => {
      if (startMs <= notAfterMs && !(startMs <= sinceMs)) sinceMs = startMs;
    };
    if (node < this.outageIncident.length && this.outageIncident[node]! >= 0) consider(this.outageStartMs[node]!);
    for (const cut of this.cuts) if (cut.nodes.includes(node)) consider(cut.startMs);
    return sinceMs;
  }

  /** Observer `observer` now suspects `node`. */
  suspect(observer: number, node: number): void {
    this.ensureNodes(node);
    const o = this.observers[observer]!;
    if (o.suspected[node] === 1) return;
    const nowMs = this.model.sim.nowMs;
    o.suspected[node] = 1;
    o.suspectedAtMs[node] = nowMs;
    o.suspicions++;
    const name = this.model.nodes.names[node]!;
    if (this.model.nodes.state[node] !== NODE_UP) {
      o.detections++;
      o.falseNow[node] = 0;
      const incident = this.outageIncident[node]!;
      if (incident >= 0 && o.sawOutage[node] === 0) {
        const delayMs = nowMs - this.outageStartMs[node]!;
        o.detectMs.record(delayMs);
        const t = this.tally(incident, o);
        if (t) { t.detected++; t.detectCount++; t.detectSumMs += delayMs; t.detectMaxMs = Math.max(t.detectMaxMs, delayMs); }
        this.note("detected", name, `${o.name} suspects it ${Math.round(delayMs)} ms after it went down`);
      } else {
        this.note("detected", name, `${o.name} suspects it`);
      }
      o.sawOutage[node] = 1;
      return;
    }
    o.falseSuspicions++;
    o.falseNow[node] = 1;
    const incident = this.cutIncidentOf(node);
    if (incident < 0) o.falseUnexplained++;
    const t = incident >= 0 ? this.tally(incident, o) : undefined;
    if (t) t.falseSuspicions++;
    this.note("false-suspicion", name, `${o.name} suspects it while it is up${incident >= 0 ? "" : " (late or lost heartbeats)"}`);
  }

  /** Observer `observer` trusts `node` again. */
  trust(observer: number, node: number): void {
    this.ensureNodes(node);
    const o = this.observers[observer]!;
    if (o.suspected[node] === 0) return;
    const nowMs = this.model.sim.nowMs;
    o.suspected[node] = 0;
    if (o.falseNow[node] === 1) o.falselySuspectedMs += nowMs - o.suspectedAtMs[node]!;
    o.falseNow[node] = 0;
    const backMs = this.reachableSinceMs[node]!;
    const name = this.model.nodes.names[node]!;
    if (backMs >= o.suspectedAtMs[node]! && this.model.nodes.state[node] === NODE_UP) {
      const recoverMs = nowMs - backMs;
      o.recoverMs.record(recoverMs);
      const t = this.tally(this.reachableAfter[node]!, o);
      if (t) { t.recoverCount++; t.recoverSumMs += recoverMs; t.recoverMaxMs = Math.max(t.recoverMaxMs, recoverMs); }
      this.note("trusted", name, `${o.name} trusts it again ${Math.round(recoverMs)} ms after it was back`);
    } else {
      this.note("trusted", name, `${o.name} trusts it again`);
    }
  }

  /** Whether observer `observer` suspects `node` now. */
  isSuspected(observer: number, node: number): boolean {
    return node < this.observers[observer]!.suspected.length && this.observers[observer]!.suspected[node] === 1;
  }

  /** Run totals of observer `observer` (call once, at the end of the run). */
  summary(observer: number): ObserverSummary {
    const o = this.observers[observer]!;
    const endMs = this.model.sim.nowMs;
    let falselySuspectedMs = o.falselySuspectedMs;
    for (let node = 0; node < o.falseNow.length; node++) if (o.falseNow[node] === 1) falselySuspectedMs += endMs - o.suspectedAtMs[node]!;
    return {
      name: o.name,
      suspicions: o.suspicions,
      detections: o.detections,
      missed: o.missed,
      falseSuspicions: o.falseSuspicions,
      falseSuspicionsUnexplained: o.falseUnexplained,
      falselySuspectedMs,
      detectMs: timeSummary(o.detectMs),
      recoverMs: timeSummary(o.recoverMs),
    };
  }

  /** The listed incidents and how many more there were. */
  incidents(): { incidents: Incident[]; omitted: number } {
    const incidents = this.listed.map((r): Incident => ({
      fault: r.fault,
      kind: r.kind,
      subject: r.subject,
      startMs: r.startMs,
      endMs: r.endMs,
      nodes: r.nodes,
      observations: r.tallies.map((t, i) => observation(this.observers[i]!.name, t)),
    }));
    return { incidents, omitted: this.incidentCount - this.listed.length };
  }

  private tally(incident: number, o: Observer): Tally | undefined {
    return incident >= 0 && incident < this.listed.length ? this.listed[incident]!.tallies[o.index] : undefined;
  }

  /** The latest network incident in progress that cut `node` off, or -1. */
  private cutIncidentOf(node: number): number {
    for (let i = this.cuts.length - 1; i >= 0; i--) if (this.cuts[i]!.nodes.includes(node)) return this.cuts[i]!.incident;
    return -1;
  }

  private ensureNodes(node: number): void {
    if (node < this.outageIncident.length) return;
    const size = Math.max(16, node * 2);
    this.outageIncident = grownInt32(this.outageIncident, size, -1);
    this.outageStartMs = grownFloat64(this.outageStartMs, size, NaN);
    this.reachableSinceMs = grownFloat64(this.reachableSinceMs, size, NaN);
    this.reachableAfter = grownInt32(this.reachableAfter, size, -1);
    for (const o of this.observers) {
      o.suspected = grownUint8(o.suspected, size);
      o.suspectedAtMs = grownFloat64(o.suspectedAtMs, size, NaN);
      o.sawOutage = grownUint8(o.sawOutage, size);
      o.falseNow = grownUint8(o.falseNow, size);
    }
  }
}

function observation(name: string, t: Tally): IncidentObservation {
  return {
    name,
    detected: t.detected,
    missed: t.missed,
    detectMsMean: t.detectCount > 0 ? t.detectSumMs / t.detectCount : null,
    detectMsMax: finiteOrNull(t.detectMaxMs),
    falseSuspicions: t.falseSuspicions,
    recoverMsMean: t.recoverCount > 0 ? t.recoverSumMs / t.recoverCount : null,
    recoverMsMax: finiteOrNull(t.recoverMaxMs),
  };
}

/** Count, mean, p50, p99 and max of a histogram of times (nulls when empty). */
export function timeSummary(h: LatencyHistogram): TimeSummary {
  return {
    count: h.count,
    mean: finiteOrNull(h.meanMs),
    p50: finiteOrNull(h.quantile(0.5)),
    p99: finiteOrNull(h.quantile(0.99)),
    max: finiteOrNull(h.maxMs),
  };
}
