/**
 * The cluster's nodes as a struct of arrays: one index per node, fixed for the run.
 *
 * A node has cores (jobs in service at once), a FIFO queue with a capacity, a relative speed,
 * a state (up or down) and an incarnation number that changes every time it crashes, so work
 * that was on the node before a crash can recognise itself as lost. Busy cores and queue
 * length are integrated over time (area under the curve) for utilisation and mean queue
 * length; the integrals are cumulative and the collector takes differences per window.
 *
 * Nodes created by the autoscaler are appended; indexes never move.
 */
import type { GroupSpec } from "./spec";
import { grownFloat64, grownInt32, grownUint8 } from "../core/typed-arrays";

/** A growable FIFO of job ids (a ring buffer of int32). */
export class IntQueue {
  private items = new Int32Array(16);
  private head = 0;
  private tail = 0;
  /** Number of items queued. */
  length = 0;

  push(item: number): void {
    if (this.length === this.items.length) this.grow();
    this.items[this.tail] = item;
    this.tail = (this.tail + 1) & (this.items.length - 1);
    this.length++;
  }

  /** Removes and returns the oldest item; -1 when empty. */
  shift(): number {
    if (this.length === 0) return -1;
    const item = this.items[this.head]!;
    this.head = (this.head + 1) & (this.items.length - 1);
    this.length--;
    return item;
  }

  /**
   * Removes `item` from wherever it is in the queue, keeping the others' order (a request
   * that abandons); returns whether it was there. Linear in the queue length.
   */
  remove(item: number): boolean {
    const mask = this.items.length - 1;
    let at = -1;
    for (let i = 0; i < this.length; i++) {
      if (this.items[(this.head + i) & mask] === item) {
        at = i;
        break;
      }
    }
    if (at < 0) return false;
    for (let i = at; i < this.length - 1; i++) this.items[(this.head + i) & mask] = this.items[(this.head + i + 1) & mask]!;
    this.tail = (this.tail - 1) & mask;
    this.length--;
    return true;
  }

  /** Removes every item, calling `visit` on each in FIFO order. */
  drain(visit: (item: number) => void): void {
    while (this.length > 0) visit(this.shift());
  }

  private grow(): void {
    const next = new Int32Array(this.items.length * 2);
    for (let i = 0; i < this.length; i++) next[i] = this.items[(this.head + i) & (this.items.length - 1)]!;
    this.items = next;
    this.head = 0;
    this.tail = this.length;
  }
}

/** Node lifecycle states as small integers (indexes into NODE_STATE_NAMES). */
export const NODE_UP = 0;
export const NODE_DOWN = 1;
/** Provisioning (booting after an autoscaler decision): costs money, serves nothing. */
export const NODE_BOOTING = 2;
/** Removed from the cluster (scaled in); costs nothing from then on. */
export const NODE_RETIRED = 3;
export const NODE_STATE_NAMES = ["up", "down", "booting", "retired"] as const;

/** All nodes of the cluster. Public arrays are read by the model and collectors directly. */
export class NodeTable {
  count = 0;
  names: string[] = [];
  group = new Int32Array(0);
  zone = new Int32Array(0);
  /** Rack of each node, as an index into the model's rack list; -1 when the zone has no racks. */
  rack = new Int32Array(0);
  cores = new Int32Array(0);
  speed = new Float64Array(0);
  /** Service-time multiplier from gray failures (1 = healthy). */
  slowdown = new Float64Array(0);
  queueCapacity = new Float64Array(0);
  state = new Uint8Array(0);
  incarnation = new Int32Array(0);
  busy = new Int32Array(0);
  queues: IntQueue[] = [];
  /** Cumulative integrals since time 0: busy cores x ms, queued jobs x ms, up x ms. */
  busyIntegral = new Float64Array(0);
  queueIntegral = new Float64Array(0);
  upIntegral = new Float64Array(0);
  /** Cumulative ms booting, and up while draining (on its way out: serves what it has, takes nothing new). */
  bootingIntegral = new Float64Array(0);
  drainingIntegral = new Float64Array(0);
  /** 1 while the node drains before retirement (set through {@link setDraining}), and since when, ms. */
  draining = new Uint8Array(0);
  drainingFromMs = new Float64Array(0);
  /**
   * Fluid levels (engine/hybrid/): busy cores and queued jobs a fluid model stands in for while
   * discrete arrivals are paused; `touch` integrates them beside the discrete levels, the busy
   * cores capped at the node's cores (the fluid load gets only the cores the requests still
   * draining discretely leave free, as its arrivals would queue behind them). Always 0 in an
   * exact run.
   */
  fluidBusy = new Float64Array(0);
  fluidQueue = new Float64Array(0);
  /** Time (ms) the node has existed and been billed (from creation to retirement). */
  billedMs = new Float64Array(0);
  lastChangeMs = new Float64Array(0);
  createdMs = new Float64Array(0);
  queueMax = new Int32Array(0);
  /** Jobs whose service completed on this node (after warm-up is handled by the collector). */
  served = new Float64Array(0);
  pricePerHour = new Float64Array(0);

  /** Appends a node of `group`; returns its index. */
  add(options: { name: string; groupIndex: number; group: GroupSpec; zoneIndex: number; rackIndex?: number; nowMs: number; state: number }): number {
    const index = this.count;
    if (index === this.group.length) this.grow(Math.max(16, index * 2));
    this.count++;
    this.names.push(options.name);
    this.group[index] = options.groupIndex;
    this.zone[index] = options.zoneIndex;
    this.rack[index] = options.rackIndex ?? -1;
    this.cores[index] = options.group.cores;
    this.speed[index] = options.group.speed;
    this.slowdown[index] = 1;
    this.queueCapacity[index] = options.group.queueCapacity;
    this.state[index] = options.state;
    this.lastChangeMs[index] = options.nowMs;
    this.createdMs[index] = options.nowMs;
    this.pricePerHour[index] = options.group.pricePerHour;
    this.queues.push(new IntQueue());
    return index;
  }

  /** Brings the time integrals of `node` up to `nowMs`. Call before changing busy/queue/state. */
  touch(node: number, nowMs: number): void {
    const dt = nowMs - this.lastChangeMs[node]!;
    if (dt > 0) {
      this.busyIntegral[node]! += Math.min(this.cores[node]!, this.busy[node]! + this.fluidBusy[node]!) * dt;
      this.queueIntegral[node]! += (this.queues[node]!.length + this.fluidQueue[node]!) * dt;
      const state = this.state[node]!;
      if (state === NODE_UP) {
        this.upIntegral[node]! += dt;
        if (this.draining[node] === 1) this.drainingIntegral[node]! += nowMs - Math.max(this.lastChangeMs[node]!, this.drainingFromMs[node]!);
      } else if (state === NODE_BOOTING) {
        this.bootingIntegral[node]! += dt;
      }
      if (state !== NODE_RETIRED) this.billedMs[node]! += dt;
      this.lastChangeMs[node] = nowMs;
    }
  }

  /**
   * Marks `node` as draining (or not) from `nowMs`: the serving-capacity figures count it apart.
   * It integrates only the draining time itself (the next touch counts from `nowMs`), so the
   * busy and queue integrals are summed over exactly the same steps as without draining.
   */
  setDraining(node: number, draining: boolean, nowMs: number): void {
    if (draining) {
      this.drainingFromMs[node] = nowMs;
    } else if (this.draining[node] === 1 && this.state[node] === NODE_UP) {
      this.drainingIntegral[node]! += Math.max(0, nowMs - Math.max(this.lastChangeMs[node]!, this.drainingFromMs[node]!));
    }
    this.draining[node] = draining ? 1 : 0;
  }

  /** Brings every node's integrals up to `nowMs`. */
  touchAll(nowMs: number): void {
    for (let node = 0; node < this.count; node++) this.touch(node, nowMs);
  }

  /** Jobs at the node: in service plus queued. */
  load(node: number): number {
    return this.busy[node]! + this.queues[node]!.length;
  }

  private grow(capacity: number): void {
    this.group = grownInt32(this.group, capacity);
    this.zone = grownInt32(this.zone, capacity);
    this.rack = grownInt32(this.rack, capacity);
    this.cores = grownInt32(this.cores, capacity);
    this.speed = grownFloat64(this.speed, capacity);
    this.slowdown = grownFloat64(this.slowdown, capacity);
    this.queueCapacity = grownFloat64(this.queueCapacity, capacity);
    this.state = grownUint8(this.state, capacity);
    this.incarnation = grownInt32(this.incarnation, capacity);
    this.busy = grownInt32(this.busy, capacity);
    this.busyIntegral = grownFloat64(this.busyIntegral, capacity);
    this.queueIntegral = grownFloat64(this.queueIntegral, capacity);
    this.upIntegral = grownFloat64(this.upIntegral, capacity);
    this.bootingIntegral = grownFloat64(this.bootingIntegral, capacity);
    this.drainingIntegral = grownFloat64(this.drainingIntegral, capacity);
    this.draining = grownUint8(this.draining, capacity);
    this.drainingFromMs = grownFloat64(this.drainingFromMs, capacity);
    this.fluidBusy = grownFloat64(this.fluidBusy, capacity);
    this.fluidQueue = grownFloat64(this.fluidQueue, capacity);
    this.billedMs = grownFloat64(this.billedMs, capacity);
    this.lastChangeMs = grownFloat64(this.lastChangeMs, capacity);
    this.createdMs = grownFloat64(this.createdMs, capacity);
    this.queueMax = grownInt32(this.queueMax, capacity);
    this.served = grownFloat64(this.served, capacity);
    this.pricePerHour = grownFloat64(this.pricePerHour, capacity);
  }
}
