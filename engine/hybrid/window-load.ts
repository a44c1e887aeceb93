/**
 * The load of each node group as the hybrid engine sees it: measured over a window and over a
 * sample (busy core-ms, queued job-ms, up core-ms from the node table's integrals), predicted
 * for a coming window from the arrival rate, and carried as fluid levels on the nodes while
 * arrivals are paused.
 */
import { NODE_UP, type NodeTable } from "../model/nodes";

/** Per-group load bookkeeping of one run. */
export class WindowLoad {
  private readonly busyAtStart: Float64Array;
  private readonly upCoresAtStart: Float64Array;
  /** Core-ms per arrival in the last window, per group (for predictions). */
  private readonly busyPerArrivalWindow: Float64Array;
  private readonly sampleBusy: [Float64Array, Float64Array];
  private readonly sampleQueue: [Float64Array, Float64Array];
  private readonly upCount: Int32Array;

  constructor(private readonly groupCount: number) {
    this.busyAtStart = new Float64Array(groupCount);
    this.upCoresAtStart = new Float64Array(groupCount);
    this.busyPerArrivalWindow = new Float64Array(groupCount);
    this.sampleBusy = [new Float64Array(groupCount), new Float64Array(groupCount)];
    this.sampleQueue = [new Float64Array(groupCount), new Float64Array(groupCount)];
    this.upCount = new Int32Array(groupCount);
  }

  /** Starts measuring a window at `nowMs`. */
  start(nodes: NodeTable, nowMs: number): void {
    nodes.touchAll(nowMs);
    this.sumByGroup(nodes, this.busyAtStart, this.upCoresAtStart);
  }

  /**
   * Ends the window at `nowMs` with `offered` arrivals in it: the busiest group's utilisation
   * (busy core-ms over up core-ms), and the core-ms per arrival kept for predictions.
   */
  finish(nodes: NodeTable, nowMs: number, offered: number): { utilisationMax: number; busiestGroup: number } {
    nodes.touchAll(nowMs);
    const busy = new Float64Array(this.groupCount);
    const upCores = new Float64Array(this.groupCount);
    this.sumByGroup(nodes, busy, upCores);
    let utilisationMax = 0;
    let busiestGroup = 0;
    for (let g = 0; g < this.groupCount; g++) {
      const dBusy = busy[g]! - this.busyAtStart[g]!;
      const dUp = upCores[g]! - this.upCoresAtStart[g]!;
      const utilisation = dUp > 0 ? dBusy / dUp : 0;
      if (utilisation > utilisationMax) { utilisationMax = utilisation; busiestGroup = g; }
      this.busyPerArrivalWindow[g] = offered > 0 ? dBusy / offered : 0;
    }
    return { utilisationMax, busiestGroup };
  }

  /**
   * The busiest group's utilisation at `ratePerS` on the nodes up now, from the last window's
   * core-ms per arrival (booting nodes are not counted: conservative).
   */
  predictedUtilisation(nodes: NodeTable, ratePerS: number): { utilisation: number; group: number } {
    const upCores = new Float64Array(this.groupCount);
    for (let node = 0; node < nodes.count; node++) if (nodes.state[node] === NODE_UP) upCores[nodes.group[node]!]! += nodes.cores[node]!;
    let utilisation = 0;
    let group = 0;
    for (let g = 0; g < this.groupCount; g++) {
      const busyCores = (ratePerS / 1000) * this.busyPerArrivalWindow[g]!;
      const u = busyCores <= 0 ? 0 : upCores[g]! > 0 ? busyCores / upCores[g]! : Infinity;
      if (u > utilisation) { utilisation = u; group = g; }
    }
    return { utilisation, group };
  }

  /** Captures the busy and queue integrals per group at a sample's start (`atStart`) or end. */
  captureSample(nodes: NodeTable, nowMs: number, atStart: boolean): void {
    nodes.touchAll(nowMs);
    const i = atStart ? 0 : 1;
    const busy = this.sampleBusy[i];
    const queue = this.sampleQueue[i];
    busy.fill(0);
    queue.fill(0);
    for (let node = 0; node < nodes.count; node++) {
      const g = nodes.group[node]!;
      busy[g]! += nodes.busyIntegral[node]!;
      queue[g]! += nodes.queueIntegral[node]!;
    }
  }

  /** Core-ms and queued job-ms per arrival over the sample, per group. */
  perArrival(offered: number, busyOut: Float64Array, queueOut: Float64Array): void {
    for (let g = 0; g < this.groupCount; g++) {
      busyOut[g] = offered > 0 ? (this.sampleBusy[1][g]! - this.sampleBusy[0][g]!) / offered : 0;
      queueOut[g] = offered > 0 ? (this.sampleQueue[1][g]! - this.sampleQueue[0][g]!) / offered : 0;
    }
  }

  /** From `nowMs`, each up node carries its share of `ratePerMs` times the per-arrival load of its group. */
  setFluidLevels(nodes: NodeTable, nowMs: number, ratePerMs: number, busyPerArrival: Float64Array, queuePerArrival: Float64Array): void {
    this.upCount.fill(0);
    for (let node = 0; node < nodes.count; node++) if (nodes.state[node] === NODE_UP) this.upCount[nodes.group[node]!]!++;
    for (let node = 0; node < nodes.count; node++) {
      nodes.touch(node, nowMs);
      const g = nodes.group[node]!;
      const up = nodes.state[node] === NODE_UP && this.upCount[g]! > 0;
      nodes.fluidBusy[node] = up ? (ratePerMs * busyPerArrival[g]!) / this.upCount[g]! : 0;
      nodes.fluidQueue[node] = up ? (ratePerMs * queuePerArrival[g]!) / this.upCount[g]! : 0;
    }
  }

  /** Ends the fluid levels at `nowMs`. */
  clearFluidLevels(nodes: NodeTable, nowMs: number): void {
    for (let node = 0; node < nodes.count; node++) {
      nodes.touch(node, nowMs);
      nodes.fluidBusy[node] = 0;
      nodes.fluidQueue[node] = 0;
    }
  }

  private sumByGroup(nodes: NodeTable, busy: Float64Array, upCores: Float64Array): void {
    busy.fill(0);
    upCores.fill(0);
    for (let node = 0; node < nodes.count; node++) {
      const g = nodes.group[node]!;
      busy[g]! += nodes.busyIntegral[node]!;
      upCores[g]! += nodes.upIntegral[node]! * nodes.cores[node]!;
    }
  }
}
