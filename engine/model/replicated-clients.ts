/**
 * The writing clients of a replicated service, and what they observe.
 *
 * Clients sit in the cluster's zones (so a partition cuts them off like any node) and send
 * writes, Poisson in time, to the replica they believe leads. Each zone's clients remember
 * that guess: a reply "not the leader, try X" moves it to X at once; a reply without a hint
 * moves it to the next replica after a short backoff; a timeout fails the write and moves it
 * on, so clients find a new leader after a failover. A write succeeds when the leader
 * acknowledges it (after a quorum has it, or at once with quorum off).
 *
 * Write records live in a pool of parallel arrays (bounded by writes in flight); latency goes
 * to a histogram. Unavailability is seen per client zone: a window opens at the send time of
 * a failed write sent after the zone's last success, and closes at the send time of the next
 * write that succeeds. A failure followed by an already-seen later success is a blip, not a
 * window.
 */
import { NO_EVENT, type EventHandle } from "../core/event-queue";
import { LatencyHistogram } from "../metrics/histogram";
import type { UnavailabilityWindow } from "../metrics/operations-result";

/** Windows recorded in full; later ones are only counted. */
export const UNAVAILABILITY_WINDOWS_MAX = 50;

/** Writes in flight: parallel arrays indexed by write id, recycled through a free list. */
export class WritePool {
  zone = new Int32Array(16);
  gen = new Int32Array(16);
  sentMs = new Float64Array(16);
  deadlineMs = new Float64Array(16);
  /** Replica the latest attempt went to. */
  target = new Int32Array(16);
  done = new Uint8Array(16);
  timeoutHandle: EventHandle[] = [];
  private free: number[] = [];
  private count = 0;

  /** A fresh record; its generation changes so stale events for the old use can tell. */
  allocate(): number {
    let id = this.free.pop();
    if (id === undefined) {
      id = this.count++;
      if (id >= this.zone.length) this.grow(this.zone.length * 2);
      this.timeoutHandle.push(NO_EVENT);
    }
    this.gen[id]!++;
    this.done[id] = 0;
    return id;
  }

  release(id: number): void {
    this.done[id] = 1;
    this.free.push(id);
  }

  private grow(size: number): void {
    const i32 = (a: Int32Array) => { const b = new Int32Array(size); b.set(a); return b; };
    const f64 = (a: Float64Array) => { const b = new Float64Array(size); b.set(a); return b; };
    this.zone = i32(this.zone);
    this.gen = i32(this.gen);
    this.target = i32(this.target);
    this.sentMs = f64(this.sentMs);
    this.deadlineMs = f64(this.deadlineMs);
    const done = new Uint8Array(size);
    done.set(this.done);
    this.done = done;
  }
}

/** Outcomes of writes, per client zone and overall. */
export class WriteOutcomes {
  sent = 0;
  acknowledged = 0;
  failed = 0;
  timedOut = 0;
  readonly latency = new LatencyHistogram();
  readonly windows: UnavailabilityWindow[] = [];
  windowsOmitted = 0;
  private readonly lastSuccessSentMs: Float64Array;
  /** Open window per client zone: its index in `windows`, -2 when omitted, -1 when none. */
  private readonly open: Int32Array;
  private readonly openFailed: Float64Array;

  constructor(private readonly zoneNames: string[]) {
    this.lastSuccessSentMs = new Float64Array(zoneNames.length).fill(-Infinity);
    this.open = new Int32Array(zoneNames.length).fill(-1);
    this.openFailed = new Float64Array(zoneNames.length);
  }

  succeeded(zone: number, sentMs: number, latencyMs: number): void {
    this.acknowledged++;
    this.latency.record(latencyMs);
    if (sentMs > this.lastSuccessSentMs[zone]!) this.lastSuccessSentMs[zone] = sentMs;
    const open = this.open[zone]!;
    if (open === -1) return;
    const current = open >= 0 ? this.windows[open]! : null;
    if (current !== null && sentMs < current.fromMs) return; // an older write, answered late
    if (current !== null) {
      current.toMs = sentMs;
      current.writesFailed = this.openFailed[zone]!;
    }
    this.open[zone] = -1;
  }

  failedWrite(zone: number, sentMs: number, timedOut: boolean): void {
    this.failed++;
    if (timedOut) this.timedOut++;
    if (sentMs < this.lastSuccessSentMs[zone]!) return; // a blip: a later write already got through
    if (this.open[zone] !== -1) {
      this.openFailed[zone]!++;
      const open = this.open[zone]!;
      if (open >= 0) this.windows[open]!.writesFailed = this.openFailed[zone]!;
      return;
    }
    this.openFailed[zone] = 1;
    if (this.windows.length < UNAVAILABILITY_WINDOWS_MAX) {
      this.open[zone] = this.windows.length;
      this.windows.push({ zone: this.zoneNames[zone]!, fromMs: sentMs, toMs: null, writesFailed: 1 });
    } else {
      this.open[zone] = -2;
      this.windowsOmitted++;
    }
  }
}
